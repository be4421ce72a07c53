// ESLint for the whole repository (`npm run lint`): typescript-eslint type-aware over the TypeScript,
// the recommended JavaScript set over scripts/ and bench/'s plain JS, and the import boundaries
// (issue 13, item 8). No formatting rules: formatting is not enforced here.
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
    // The app never reaches into the test or bench trees.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(test|bench)(/|$)',
              message: 'src/ must not import from test/ or bench/.',
            },
          ],
        },
      ],
    },
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
