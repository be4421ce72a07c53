import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from './phase';

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Resident memory of a process, from /proc/<pid>/status (Linux), in bytes; `fileBacked`: the part
 * that is pages of files (the node binary, shared libraries), which the kernel can drop and read again.
 */
export function memoryOf(pid: number): { rss: number; peakRss: number; fileBacked: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM'), fileBacked: kb('RssFile') };
  } catch {
    return null;
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process to its current RSS; false where not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Polls a process's RSS while something runs, for the highest value seen beside the kernel's VmHWM. */
export class RssSampler {
  private maxRss = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 20,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }

  private sample(): void {
    const m = memoryOf(this.pid);
    if (m) this.maxRss = Math.max(this.maxRss, m.rss);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.maxRss;
  }
}

/**
 * The engine's own server (node dist/src/main.js) as a child process, so that the load generator
 * and the server are separate processes, as in production; or one of (b)'s bare baselines the same way.
 */
export class EngineServer {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
    private readonly profiled = false,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(env: Record<string, string>, dir: string, mainJs: string, profileOut?: string): Promise<EngineServer> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (profileOut) {
      childEnv.BENCH_PROFILE_OUT = profileOut;
      mainJs = PROFILED_MAIN;
    }
    if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
    return EngineServer.launch(mainJs, childEnv, join(dir, 'server.log'), '/health', Boolean(profileOut));
  }

  /** One of (b)'s baselines the project does not control (tools/bare-*-server.ts), ready when GET /ping answers. */
  static bare(kind: 'nest' | 'node', dir: string): Promise<EngineServer> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    return EngineServer.launch(join(__dirname, '..', 'tools', `bare-${kind}-server.js`), env, join(dir, `bare-${kind}.log`), '/ping');
  }

  private static async launch(mainJs: string, env: NodeJS.ProcessEnv, logFile: string, readyPath: string, profiled = false): Promise<EngineServer> {
    const port = await freePort();
    const out = openSync(logFile, 'a');
    const child = spawn(process.execPath, [mainJs], { env: { ...env, PORT: String(port) }, stdio: ['ignore', out, out] });
    const server = new EngineServer(child, port, logFile, profiled);
    // A phase that dies leaves no server behind.
    process.once('exit', () => {
      if (!server.exited) child.kill('SIGKILL');
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exited) throw new Error(`the server exited at start; its log:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      try {
        const res = await fetch(`${server.url}${readyPath}`);
        if (res.ok) return server;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer ${readyPath} within 30 s; log in ${logFile}`);
      await sleep(100);
    }
  }

  /** Signs in through the API and answers the bearer token. */
  async login(username: string, password: string): Promise<string> {
    const res = await fetch(`${this.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /**
   * Signs in through the console's form, as a browser does (its page's CSRF token and cookie, then
   * the form): the Cookie header the console's pages take.
   */
  async consoleLogin(username: string, password: string): Promise<string> {
    const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const page = await fetch(`${this.url}/login`);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    if (!token) throw new Error(`the sign-in page held no CSRF token (${page.status})`);
    const jar = cookiesOf(page);
    const res = await fetch(`${this.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
      body: new URLSearchParams({ _csrf: token, username, password }).toString(),
    });
    if (res.status !== 303) throw new Error(`console sign-in of ${username} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
    const session = new Map([...jar, ...cookiesOf(res)].map((c) => [c.split('=')[0], c]));
    return [...session.values()].join('; ');
  }

  memory(): { rss: number; peakRss: number } | null {
    return memoryOf(this.pid);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // A profiled server writes its profile on SIGUSR2 (see tools/profiled-server.ts).
    this.child.kill(this.profiled ? 'SIGUSR2' : 'SIGTERM');
    const timeout = sleep(15_000).then(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    });
    await Promise.race([gone, timeout]);
  }
}

/** The compiled engine's entry point, next to the compiled benchmark in dist/. */
export const ENGINE_MAIN = join(__dirname, '..', '..', 'src', 'main.js');
const PROFILED_MAIN = join(__dirname, '..', 'tools', 'profiled-server.js');
