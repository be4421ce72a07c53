import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../lib/phase';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'pg-throwaway.sh');

/** The newest installed PostgreSQL's bin folder, as scripts/pg-throwaway.sh picks it. */
function pgBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}

/** Runs a command to its end; as the postgres user when this process is root (pg_ctl refuses root). */
function asPostgres(command: string, args: string[]): Promise<void> {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    // stdout ignored: a server started by pg_ctl without -l would keep a pipe open for ever.
    const child = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}): ${stderr}`))));
  });
}

/** Whether the server takes a connection and answers SELECT 1 now (a new connection, given up after 1 s). */
async function answers(url: string): Promise<boolean> {
  const { Client } = require('pg') as {
    Client: new (options: { connectionString: string; connectionTimeoutMillis: number }) => {
      connect(): Promise<void>;
      query(sql: string): Promise<unknown>;
      end(): Promise<void>;
      on(event: 'error', listener: () => void): void;
    };
  };
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  // A server going down while connected must not become an uncaught error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The soak's throwaway PostgreSQL server (scripts/pg-throwaway.sh), and the faults done to it with
 * pg_ctl on its data folder. `restart` also starts a stopped server: pg_ctl then reads the options
 * the script started it with from postmaster.opts.
 */
export class ThrowawayPostgres {
  private removed = false;

  private constructor(
    readonly dir: string,
    readonly url: string,
  ) {}

  static start(dir: string, port: number): ThrowawayPostgres {
    const url = execFileSync(SCRIPT, ['start', dir, String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    return new ThrowawayPostgres(dir, url);
  }

  private pgCtl(...args: string[]): Promise<void> {
    return asPostgres(join(pgBin(), 'pg_ctl'), ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-m', 'fast', '-w', '-t', '60', ...args]);
  }

  /** Fast restart (or start, when stopped); resolves once the server accepts connections again. */
  restart(): Promise<void> {
    return this.pgCtl('restart');
  }

  /**
   * Restarts (or starts) the server, and answers when it took a connection again, on `now`'s clock:
   * watched every 20 ms, as pg_ctl -w itself looks only every 100 ms, or when pg_ctl returned if
   * that came first. `down` is when the watch first found it gone (for a restart; a stopped server
   * is gone already).
   */
  async restartWatched(now: () => number, stopped: boolean): Promise<{ down: number | null; returned: number; pgCtlReturned: number }> {
    let down: number | null = null;
    let returned: number | null = null;
    let ctlDone = false;
    const watch = (async () => {
      for (let gone = stopped; returned === null;) {
        // The probe's start: under load its answer can come a while after the server took it.
        const t = now();
        const up = await answers(this.url);
        if (!up && !gone) {
          gone = true;
          down = t;
        } else if (up && gone) {
          returned = t;
        } else if (up && ctlDone) {
          // pg_ctl is done and the watch never saw the server gone: the restart was too quick for it.
          return;
        }
        if (returned === null) await sleep(20);
      }
    })();
    await this.restart();
    const pgCtlReturned = now();
    ctlDone = true;
    await Promise.race([watch, sleep(5_000)]);
    // The earliest sign of the server's return, so that a late look never shortens the recovery.
    return { down, returned: Math.min(returned ?? Infinity, pgCtlReturned), pgCtlReturned };
  }

  /** Fast stop: open sessions are ended; resolves once the server is down. */
  stop(): Promise<void> {
    return this.pgCtl('stop');
  }

  /** Stops the server and removes its folder; safe to call twice, and from an exit handler. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    execFileSync(SCRIPT, ['stop', this.dir], { stdio: 'inherit' });
  }
}
