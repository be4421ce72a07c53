import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

/** A real server (node dist/src/main.js, built by the pretest step), as production runs it. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Its standard output, one JSON log line per entry. */
  readonly lines: string[];
  /** Resolves when the process has ended, with its exit code (null when a signal ended it) and that signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a server on a free port and waits until GET /health/ready says it takes traffic. */
export async function startServer(env: NodeJS.ProcessEnv, readyWithinMs = 30_000): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split('\n');
    pending = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`the server exited before it was ready:\n${stderr}\n${lines.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${readyWithinMs} ms:\n${stderr}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, lines, exited, kill: (signal) => child.kill(signal) };
}

/** Stops a server with SIGTERM, as an orchestrator does, and returns how it ended. */
export async function stopServer(server: ServerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.kill('SIGTERM');
  return server.exited;
}

/** Signs in over HTTP and returns the bearer token. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const DEMO_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'demo', 'demo.main.js');

/**
 * The demo (node dist/src/demo/demo.main.js, as `npm run demo` runs it) on a free port, in `dir`:
 * its database, mails and signing key there, never on PostgreSQL. Resolves once its banner is out,
 * which it prints when seeded and listening. `lines` are its standard output.
 */
export async function startDemo(dir: string, extra: NodeJS.ProcessEnv = {}, readyWithinMs = 90_000): Promise<ServerProcess & { env: NodeJS.ProcessEnv }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    SQLITE_PATH: join(dir, 'demo.sqlite'),
    OUTBOX_DIR: join(dir, 'demo-outbox'),
    AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing-key.pem'),
  };
  for (const name of ['DATABASE_URL', 'DEMO_PASSWORD', 'LOG_FORMAT', 'LOG_LEVEL', 'SMTP_URL', 'REMINDER_EVERY_SECONDS']) delete env[name];
  Object.assign(env, extra);
  const child = spawn(process.execPath, [DEMO_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const bannerOut = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo printed no banner within ${readyWithinMs} ms:\n${stderr}\n${lines.join('\n')}`));
    }, readyWithinMs);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the demo exited before its banner:\n${stderr}\n${lines.join('\n')}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString('utf8')).split('\n');
      pending = parts.pop()!;
      lines.push(...parts);
      // The banner is one write, its accounts included, after this line.
      if (parts.some((line) => line.startsWith('Accounts, all with the password'))) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await bannerOut;
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, lines, exited, env, kill: (signal) => child.kill(signal) };
}
