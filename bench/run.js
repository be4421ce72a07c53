// npm run bench [-- --quick]: compiles the benchmark (and the engine it measures) with plain tsc
// into dist/ when any source is newer than the last build, then runs dist/bench/main.js.
// npm run soak [-- --quick] (node bench/run.js soak …) runs dist/bench/soak/main.js the same way.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const soak = process.argv[2] === 'soak';
const entry = join(root, 'dist', 'bench', ...(soak ? ['soak', 'main.js'] : ['main.js']));
const args = process.argv.slice(soak ? 3 : 2);

function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) latest = Math.max(latest, newest(path));
    else if (item.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  ...['src', 'machines', 'bench'].map((d) => newest(join(root, d))),
  statSync(join(root, 'tsconfig.bench.json')).mtimeMs,
  statSync(join(root, 'package-lock.json')).mtimeMs,
);
// Every compiled file is rewritten by a build, so the oldest of these marks the last build.
const built = [entry, join(root, 'dist', 'src', 'main.js')].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
if (Math.min(...built) < sources) {
  process.stderr.write('Building the engine and the benchmark (tsc -p tsconfig.bench.json)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.bench.json')], { stdio: 'inherit', cwd: root });
}
const run = spawnSync(process.execPath, [entry, ...args], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
