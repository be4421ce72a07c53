import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDemo, stopServer } from './support/server-process';

const run = promisify(execFile);
const DEMO_MAIN = join(__dirname, '..', 'dist', 'src', 'demo', 'demo.main.js');

/** Waits (up to a deadline) for a line that matches, and returns it. */
async function lineMatching(lines: string[], pattern: RegExp, withinMs = 10_000): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = lines.find((line) => pattern.test(line));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${withinMs} ms:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run demo, as a person runs it', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-process-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes short readable lines, not JSON, and its banner after the start-up lines', async () => {
    const demo = await startDemo(dir);
    try {
      const banner = demo.lines.findIndex((line) => line.includes('Compact Case Engine demo is running at'));
      expect(banner).toBeGreaterThan(0);
      const startUp = demo.lines.slice(0, banner).filter(Boolean);
      expect(startUp.length).toBeGreaterThan(0);
      expect(startUp.length).toBeLessThan(20);
      for (const line of startUp) {
        expect(line).toMatch(/^\d\d:\d\d:\d\d (INFO|WARN) {1,2}/);
        expect(line.length).toBeLessThan(160);
      }
      expect(demo.lines.some((line) => line.startsWith('{'))).toBe(false);

      const token = 'Bearer not-a-real-token-but-secret-all-the-same';
      await fetch(`${demo.url}/cases?status=closed`, { headers: { Authorization: token } });
      const request = await lineMatching(demo.lines, /GET \/cases\?status=closed 401/);
      expect(request).toMatch(/^\d\d:\d\d:\d\d WARN {2}GET \/cases\?status=closed 401 \d+ ms$/);
      expect(demo.lines.join('\n')).not.toContain('not-a-real-token');
      // A body refused before any route ran still ends with its line.
      await fetch(`${demo.url}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"username": "oh.officer", "password": "compact-',
      });
      expect(await lineMatching(demo.lines, /POST \/auth\/login 400/)).toMatch(/^\d\d:\d\d:\d\d WARN {2}POST \/auth\/login 400 \d+ ms$/);
      expect(demo.lines.join('\n')).not.toContain('compact-"');
    } finally {
      await stopServer(demo);
    }
  }, 120_000);

  it('started on a port already in use, says so, exits 1, and resets nothing', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const { port } = taken.address() as { port: number };
    const database = join(dir, 'demo.sqlite');
    const outbox = join(dir, 'demo-outbox');
    writeFileSync(database, 'the running demo’s data');
    mkdirSync(outbox);
    writeFileSync(join(outbox, 'mail.eml'), 'a mail of the running demo');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SQLITE_PATH: database, OUTBOX_DIR: outbox };
    delete env.DATABASE_URL;
    try {
      const failure = await run(process.execPath, [DEMO_MAIN], { env }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      );
      expect(failure.code).toBe(1);
      expect(failure.stderr).toContain(`Port ${port} is already in use`);
      expect(failure.stderr).toContain('Nothing was reset.');
      expect(readFileSync(database, 'utf8')).toBe('the running demo’s data');
      expect(readdirSync(dir).sort()).toEqual(['demo-outbox', 'demo.sqlite']);
      expect(readdirSync(outbox)).toEqual(['mail.eml']);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
