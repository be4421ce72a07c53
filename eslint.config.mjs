// ESLint for the whole repository (`npm run lint`): typescript-eslint type-aware over the TypeScript,
// the recommended JavaScript set over scripts/ and bench/'s plain JS, and the import boundaries
// and who may open a transaction. No formatting rules: Prettier formats (`.prettierrc.json`;
// `npm run lint` runs `format:check`).
import js from '@eslint/js';
import globals from 'globals';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

// machines/ is pure: xstate, the calendar's libraries (dates, Eastern time, the federal holidays)
// and its own files only (the oracle the app is checked against).
const machinesOnlyXstate = {
  regex: '^(?!xstate$|date-fns$|@date-fns/tz$|@18f/us-federal-holidays$|\\.{1,2}/)',
  message: 'machines/ imports only xstate, the calendar libraries and files inside machines/.',
};
// A relative path that climbs out of machines/, by the depth of the importing file.
const outOfMachines = (ups) => ({
  regex: `^(\\.\\./){${ups},}`,
  message: 'machines/ imports only xstate and files inside machines/ (this path leaves machines/).',
});
// Specs in machines/ may also walk the machine graph, generate cases and use node built-ins.
const machinesSpecsAlso = {
  regex: '^(?!xstate$|xstate/graph$|date-fns$|@date-fns/tz$|@18f/us-federal-holidays$|@fast-check/jest$|node:|\\.{1,2}/)',
  message: 'machines/ specs import only xstate, xstate/graph, the calendar libraries, @fast-check/jest, node: built-ins and files inside machines/.',
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
// confirmations, the console's flashes).
export const DATA_ACCESS = [
  'src/**/*.repository.ts',
  'src/**/*-rows.ts',
  'src/database/**/*.ts',
  'src/console/console-flashes.ts',
  'src/idempotency/idempotency-store.ts',
  'src/mail/mail-claims.ts',
  'src/mail/mail-outbox.ts',
  'src/password-reset/reset-tokens.service.ts',
];

// A feature (a folder of src/ other than the shared kernels common/, config/ and database/, which
// anyone imports by path) imports another only through what that one publishes: the names its
// index.ts re-exports, each from the file it names. The import still names that file, not the index:
// a barrel would load a whole feature on first use, and the features import each other in cycles.
const src = join(import.meta.dirname, 'src');
const KERNELS = new Set(['common', 'config', 'database']);
const featureOf = (file) => {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 && parts[0] !== '..' && !KERNELS.has(parts[0]) ? parts[0] : null;
};
const published = new Map();
function publishedBy(feature) {
  const index = join(src, feature, 'index.ts');
  const mtime = existsSync(index) ? statSync(index).mtimeMs : 0;
  const cached = published.get(feature);
  if (cached?.mtime === mtime) return cached.names;
  const names = new Map(); // file inside the feature, without extension -> the names it publishes
  if (mtime) {
    for (const [, list, file] of readFileSync(index, 'utf8').matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'\.\/([^']+)'/g)) {
      const set = names.get(file) ?? new Set();
      for (const item of list.split(',')) if (item.trim()) set.add(item.trim().split(/\s+as\s+/)[0]);
      names.set(file, set);
    }
  }
  published.set(feature, { mtime, names });
  return names;
}
const featureBoundaries = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      index: "Import '{{name}}' from the file of src/{{feature}}/ that its index.ts names, not from the index (a barrel loads the whole feature).",
      unpublished: "src/{{feature}}/index.ts does not publish '{{name}}' from {{file}}: other features import only what it lists.",
      whole: 'Import the names src/{{feature}}/index.ts publishes, one by one: no default, namespace or side-effect import of another feature.',
    },
  },
  create(context) {
    const here = relative(src, context.filename).split(sep);
    if (here[0] === '..' || KERNELS.has(here[0])) return {};
    const own = featureOf(context.filename);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolve(dirname(context.filename), spec);
      // `../cases` (the index) names the feature's folder itself.
      const folder = dirname(target) === src && existsSync(target) && statSync(target).isDirectory();
      const feature = featureOf(target) ?? (folder && !KERNELS.has(relative(src, target)) ? relative(src, target) : null);
      if (!feature || feature === own) return;
      const file = relative(join(src, feature), target).split(sep).join('/');
      const names = node.type === 'ImportDeclaration' ? node.specifiers : (node.specifiers ?? []);
      if (names.length === 0 || names.some((n) => n.type !== 'ImportSpecifier' && n.type !== 'ExportSpecifier')) {
        context.report({ node, messageId: 'whole', data: { feature } });
        return;
      }
      for (const n of names) {
        const name = n.type === 'ImportSpecifier' ? (n.imported.name ?? n.imported.value) : (n.local.name ?? n.local.value);
        if (file === '' || file === 'index' || file === 'index.ts') context.report({ node: n, messageId: 'index', data: { name, feature } });
        else if (!publishedBy(feature).get(file)?.has(name)) context.report({ node: n, messageId: 'unpublished', data: { name, feature, file } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export const boundaries = [
  {
    files: ['src/**/*.ts'],
    plugins: { local: { rules: { 'feature-boundaries': featureBoundaries } } },
    rules: { 'local/feature-boundaries': 'error' },
  },
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
    files: ['machines/*/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [machinesSpecsAlso, outOfMachines(2)] }] },
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
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
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
