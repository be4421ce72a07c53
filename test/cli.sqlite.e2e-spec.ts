import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in `cwd`, with the password on stdin, and returns how it ended (never throws on a failure). */
async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete base.DATABASE_URL;
  delete base.SQLITE_PATH;
  const child = run(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env } });
  child.child.stdin!.end('a long passphrase for the compact\n');
  return child.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: Outcome) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

const COMMANDS: [string, string[]][] = [
  ['audit:verify', []],
  ['audit:export', ['--state', 'OH']],
  ['audit:checkpoint', []],
  ['compliance', ['--state', 'TX', '--from', '2026-10-01', '--to', '2026-12-31']],
  ['users:create', ['--username', 'oh.first', '--email', 'first@ohio.example', '--name', 'First Admin', '--role', 'state_admin', '--state', 'OH']],
];

describe('npm run cli on a SQLite database that does not exist', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-missing-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(COMMANDS)('%s says there is no database, exits 1, and makes none', async (command, args) => {
    const missing = join(dir, 'nowhere', 'compact.sqlite');
    const outcome = await cli(dir, [command, ...args], { SQLITE_PATH: missing });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`There is no database at ${missing}`);
    expect(outcome.stdout).toBe('');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('without SQLITE_PATH, refuses the default data/compact.sqlite when missing, and names the demo database when there is one', async () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'demo.sqlite'), '');
    const outcome = await cli(dir, ['audit:verify']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`There is no database at ${join(dir, 'data', 'compact.sqlite')}`);
    expect(outcome.stderr).toContain('SQLITE_PATH=data/demo.sqlite npm run cli -- audit:verify');
    expect(readdirSync(join(dir, 'data'))).toEqual(['demo.sqlite']);
  });
});
