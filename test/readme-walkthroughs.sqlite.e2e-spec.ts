import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, stopServer, type ServerProcess } from './support/server-process';

const ROOT = join(__dirname, '..');
const FIRST_LINE = '( . scripts/walkthrough.sh';

interface Block {
  /** The heading of the README section it is in. */
  section: string;
  text: string;
}

/** The README's sh blocks; those that install, test or start the engine are for a person to run, not this suite. */
function readmeBlocks(): { walkthroughs: Block[]; others: Block[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => ({
    section: [...readme.slice(0, m.index).matchAll(/^#+ (.*)$/gm)].pop()?.[1] ?? '(top)',
    text: m[1],
  }));
  const startsTheEngine = (block: Block) => /\bnpm (ci|start|test|run demo)\b/.test(block.text);
  return { walkthroughs: blocks.filter((b) => !startsTheEngine(b)), others: blocks.filter(startsTheEngine) };
}

const { walkthroughs, others } = readmeBlocks();

/** Runs one block in a shell of its own, at the repository's root, as a reader pastes it. */
function runBlock(block: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', block], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the README's walk-throughs, against the demo", () => {
  let dir: string;
  let home: string;
  let demo: ServerProcess & { env: NodeJS.ProcessEnv };
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readme-walkthroughs-'));
    home = join(dir, 'home');
    mkdirSync(home);
    // A reader pastes the blocks minutes apart; this suite runs them all twice within a minute, and
    // their sign-ins would pass the limit one address may make in one (AUTH_RATE_LIMIT, 20 by default).
    demo = await startDemo(dir, { AUTH_RATE_LIMIT: '200' });
    // A fresh shell: nothing from this process but the PATH; the demo's address and files, and a home of its own.
    env = {
      PATH: process.env.PATH,
      HOME: home,
      URL: demo.url,
      SQLITE_PATH: demo.env.SQLITE_PATH,
      OUTBOX_DIR: demo.env.OUTBOX_DIR,
      AUDIT_SIGNING_KEY_FILE: demo.env.AUDIT_SIGNING_KEY_FILE,
    };
  }, 120_000);

  afterAll(async () => {
    if (demo) await stopServer(demo);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the walk-throughs, each beginning with the line that makes it run on its own', () => {
    expect(others.length).toBeGreaterThan(0);
    expect(walkthroughs.length).toBeGreaterThanOrEqual(5);
    for (const { section, text } of walkthroughs) {
      expect({ section, firstLine: text.split('\n')[0], lastLine: text.trimEnd().split('\n').pop() }).toEqual({
        section,
        firstLine: FIRST_LINE,
        lastLine: ')',
      });
    }
  });

  it.each(walkthroughs.map((block, i) => [`${i + 1} ("${block.section}")`, block.text]))(
    'runs walk-through %s to its end, twice in a row',
    async (_name, block) => {
      for (const run of ['first', 'second']) {
        const outcome = await runBlock(block, env);
        expect({ run, ...outcome }).toMatchObject({ run, code: 0 });
        expect(outcome.stderr).not.toMatch(/Stopped:|curl: \(/);
      }
    },
    120_000,
  );

  it("the auditors' block leaves a checkpoint and an export of Ohio's history in the home folder", () => {
    const files = readdirSync(home).filter((name) => !name.startsWith('.'));
    expect(files.some((name) => /^checkpoint-\d{4}-\d\d-\d\d\.json$/.test(name))).toBe(true);
    const csv = readFileSync(join(home, 'ohio-history.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBeGreaterThan(10);
  });

  it('a step that fails stops its block with a message saying what came instead', async () => {
    const block = walkthroughs.find((b) => b.text.includes('/reopen-requests/'))?.text;
    expect(block).toBeDefined();
    const outcome = await runBlock(block!, { ...env, DEMO_PASSWORD: 'not the demo password' });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain('Stopped: expected _.accessToken in the answer, but got: {"statusCode":401');
    expect(outcome.stdout).toBe('');
  });
});
