// ESLint for the whole repository (`npm run lint`): typescript-eslint type-aware over the TypeScript,
// the recommended JavaScript set over scripts/ and bench/'s plain JS, and the import boundaries
// and who may open a transaction. No formatting rules: Prettier formats (`.prettierrc.json`;
// `npm run lint` runs `format:check`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// machines/ is pure: xstate and its own files only (the oracle the app is checked against).
const machinesOnlyXstate = {
  regex: '^(?!xstate$|\\.{1,2}/)',
  message: 'machines/ imports only xstate and files inside machines/.',
};
// A relative path that climbs out of machines/, by the depth of the importing file.
const outOfMachines = (ups) => ({
  regex: `^(\\.\\./){${ups},}`,
  message: 'machines/ imports only xstate and files inside machines/ (this path leaves machines/).',
});
// Specs in machines/ may also walk the machine graph and use node built-ins.
const machinesSpecsAlso = {
  regex: '^(?!xstate$|xstate/graph$|node:|\\.{1,2}/)',
  message: 'machines/ specs import only xstate, xstate/graph, node: built-ins and files inside machines/.',
};

const notTestOrBench = {
  regex: '^(\\.\\./)+(test|bench)(/|$)',
  message: 'src/ must not import from test/ or bench/.',
};
// Services hold a Transaction without being able to query through it: only the code that owns a
// table's statements opens one (managerOf).
const opensTransactions = {
  regex: '(^|/)database/transaction$|^\\./transaction$',
  importNames: ['managerOf'],
  message: 'Only a repository opens a transaction (managerOf): pass the Transaction to the repository of the table.',
};
// The repositories, the prepared rows beneath them, the database seam, and the stores that own the
// statements of their one table (the outbox, the idempotency keys, the reset links, the email
// confirmations, the checkpoints, the console's flashes).
export const DATA_ACCESS = [
  'src/**/*.repository.ts',
  'src/**/*-rows.ts',
  'src/database/**/*.ts',
  'src/audit/audit-checkpoints.service.ts',
  'src/console/console-flashes.ts',
  'src/idempotency/idempotency-store.ts',
  'src/mail/mail-claims.ts',
  'src/mail/mail-outbox.ts',
  'src/password-reset/reset-tokens.service.ts',
];

export const boundaries = [
  {
    files: ['machines/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [machinesOnlyXstate, outOfMachines(1)] }] },
  },
  {
    files: ['machines/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [machinesOnlyXstate, outOfMachines(2)] }] },
  },
  {
    files: ['machines/*/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [machinesOnlyXstate, outOfMachines(3)] }] },
  },
  {
    files: ['machines/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [machinesSpecsAlso, outOfMachines(1)] }] },
  },
  {
    // The app never reaches into the test or bench trees; a service passes its Transaction along.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notTestOrBench, opensTransactions] }] },
  },
  {
    files: DATA_ACCESS,
    rules: { 'no-restricted-imports': ['error', { patterns: [notTestOrBench] }] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/results/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // An unused parameter a signature requires is kept with a leading underscore (as tsc's noUnusedParameters allows).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `declare namespace` only merges a type into sqlite-driver's runtime-chosen constructor; no runtime namespaces.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    // The suites read arbitrary JSON (log lines, answers, the OpenAPI document) and type it loosely on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The bench loads the engine only after setting its environment, and picks packages at run time.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // The console's one script runs in the browser, not in Node.
    files: ['src/console/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  ...boundaries,
);
