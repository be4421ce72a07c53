// NestJS 12 ships ES modules only; Jest 30 on Node 20 cannot require them, so @swc/jest
// compiles our TypeScript and the @nestjs packages alike to CommonJS (ts-jest leaves their `import.meta`).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  setupFiles: ['reflect-metadata'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

// The e2e suite runs on SQLite, and a second time on PostgreSQL when DATABASE_URL is set (see .ci/run).
// A suite about one engine only is named *.sqlite.e2e-spec.ts or *.pg.e2e-spec.ts, and runs on that one.
const onPostgres = Boolean(process.env.DATABASE_URL?.trim());
const otherEngine = onPostgres ? '\\.sqlite\\.e2e-spec\\.ts$' : '\\.pg\\.e2e-spec\\.ts$';

module.exports = {
  // Applies to every project: a suite's beforeAll starts a whole app and signs users in.
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/machines/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', otherEngine],
    },
    {
      // The services on a real database without HTTP, on whichever engine the run is on (see test/medium/support).
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
    },
    {
      // The web console in Debian's Chromium (playwright-core); .ci/run installs the browser.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
