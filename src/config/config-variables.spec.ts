import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './app-config';

const HEADER = '| variable | default | meaning |';

/** The README's table of variables, as it is written there. */
function readmeTable(): string[] {
  const lines = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  if (start < 0) throw new Error(`README.md has no table headed "${HEADER}"`);
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end);
}

/** An environment that records which variables are read. */
function watched(values: Record<string, string> = {}): { env: NodeJS.ProcessEnv; read: Set<string> } {
  const read = new Set<string>();
  const env = new Proxy(values, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  return { env, read };
}

describe('the configuration variables', () => {
  it('are the README’s table, row for row', () => {
    const rows = CONFIG_VARIABLES.map((v) => `| \`${v.name}\` | ${v.shownDefault} | ${v.meaning} |`);
    expect(rows.length).toBeGreaterThan(0);
    expect(readmeTable()).toEqual([HEADER, '|---|---|---|', ...rows]);
  });

  it('are all read at start, and nothing else is', () => {
    const { env, read } = watched();
    loadConfig(env);
    expect([...read].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort());
  });

  it('are all checked at once: one error names every variable refused', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_FORMAT: 'pretty', IDEMPOTENCY_LEASE_SECONDS: '0', DATABASE_POOL_SIZE: '1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(4);
    for (const name of ['PORT', 'LOG_FORMAT', 'IDEMPOTENCY_LEASE_SECONDS', 'DATABASE_POOL_SIZE']) {
      expect(lines.some((line) => line.startsWith(name))).toBe(true);
    }
  });

  it.each(CONFIG_VARIABLES.filter((v) => 'secret' in v && v.secret).map((v) => v.name))('never echo a refused %s', (name) => {
    let message = '';
    try {
      loadConfig({ [name]: 'hunter22 is no valid value' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain('hunter22');
  });

  it('refuse a SHUTDOWN_TIMEOUT_SECONDS, AUDIT_CHECKPOINT_EVERY or DATABASE_POOL_SIZE out of range, naming it', () => {
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS must be a whole number from 1 to 600/);
    expect(() => loadConfig({ AUDIT_CHECKPOINT_EVERY: '-1' })).toThrow(/AUDIT_CHECKPOINT_EVERY must be a whole number/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '500' })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 2 to 200/);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '5', DATABASE_POOL_SIZE: '20' })).toMatchObject({ shutdownTimeoutMs: 5000, database: { poolSize: 20 } });
  });

  it('turn SQLite group commit on by default, off with SQLITE_GROUP_COMMIT=off, and refuse anything else', () => {
    expect(loadConfig({}).database.sqliteGroupCommit).toBe(true);
    expect(loadConfig({ SQLITE_GROUP_COMMIT: 'off' }).database.sqliteGroupCommit).toBe(false);
    expect(loadConfig({ SQLITE_GROUP_COMMIT: 'on' }).database.sqliteGroupCommit).toBe(true);
    expect(() => loadConfig({ SQLITE_GROUP_COMMIT: 'yes' })).toThrow(/SQLITE_GROUP_COMMIT must be on or off/);
  });
});
