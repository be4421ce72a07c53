import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { engineLogger, requestIdMiddleware, requestLog } from './logging';

describe('request ids', () => {
  const run = (headers: Record<string, string>) => {
    const req = { headers } as IncomingMessage & { id?: unknown; clientRequestId?: string };
    const sent: Record<string, unknown> = {};
    const res = { setHeader: (name: string, value: unknown) => (sent[name] = value) } as unknown as ServerResponse;
    requestIdMiddleware(req, res, () => undefined);
    return { req, sent };
  };
  it("are the server's own, with a client's sane X-Request-Id logged beside them as clientRequestId", () => {
    const a = run({ 'x-request-id': 'ticket-4711-retry-2' });
    const b = run({ 'x-request-id': 'ticket-4711-retry-2' });
    expect(a.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.req.id).not.toBe(b.req.id);
    expect(a.sent['X-Request-Id']).toBe(a.req.id);
    expect(a.req.clientRequestId).toBe('ticket-4711-retry-2');
  });

  it('log no clientRequestId when the client sent none, or one that is not sane', () => {
    expect(run({}).req.clientRequestId).toBeUndefined();
    expect(run({ 'x-request-id': 'has spaces\nand a line break' }).req.clientRequestId).toBeUndefined();
  });
});

describe("a request's closing log line", () => {
  /** Serves one request through requestLog on the engine's logger, and returns the lines it wrote. */
  const served = async (
    headers: Record<string, string>,
    handle: (req: IncomingMessage & { log?: Logger }, res: ServerResponse) => void,
    level = 'info',
  ): Promise<Array<{ text: string; line: Record<string, unknown> }>> => {
    const lines: string[] = [];
    const log = requestLog(engineLogger(level, { write: (chunk: string) => lines.push(chunk) }));
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const server = createServer((req, res) => {
      res.once('close', () => setImmediate(closed));
      requestIdMiddleware(req, res, () => log(req, res, () => handle(req, res)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // A request whose client went away fails here; its lines are what is looked at.
      await fetch(`http://127.0.0.1:${port}/cases/c-1?limit=5`, { headers }).catch(() => null);
      await done;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    return lines.map((text) => ({ text, line: JSON.parse(text) as Record<string, unknown> }));
  };
  /** The one line a request that logs nothing of its own ends with. */
  const closingLine = async (headers: Record<string, string>, actor?: { id: string }, status = 200) => {
    const lines = await served(headers, (req, res) => {
      if (actor) (req as IncomingMessage & { actor?: object }).actor = actor;
      res.setHeader('Set-Cookie', 'cce_access=secret-cookie-value');
      res.statusCode = status;
      res.end('{}');
    });
    expect(lines).toHaveLength(1);
    return lines[0];
  };

  it('says what was asked, by whom, the status and the time, in a few hundred bytes', async () => {
    const { text, line } = await closingLine({ Authorization: 'Bearer secret-token-value', 'X-Request-Id': 'ticket-4711' }, { id: 'user-42' });
    expect(line).toMatchObject({
      req: { method: 'GET', url: '/cases/c-1?limit=5' },
      res: { statusCode: 200 },
      userId: 'user-42',
      clientRequestId: 'ticket-4711',
    });
    expect((line.req as { id: string }).id).toBe(line.requestId);
    expect(typeof line.responseTime).toBe('number');
    expect(text.length).toBeLessThan(400);
  });

  it('of a 503 (the database away) is a warning without a stack, and of a 500 an error, whose stack the exception filter logs', async () => {
    const away = await closingLine({}, undefined, 503);
    expect(away.line).toMatchObject({ level: 40, res: { statusCode: 503 } });
    expect(away.line).not.toHaveProperty('err');
    expect(away.text).not.toContain('stack');
    const bug = await closingLine({}, undefined, 500);
    expect(bug.line).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(bug.text).not.toContain('stack');
  });

  it('keeps headers, and the credentials in them, out of the log', async () => {
    const { text, line } = await closingLine({ Authorization: 'Bearer secret-token-value', Cookie: 'cce_access=secret-cookie-value' });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(line).not.toHaveProperty('userId');
    expect(line).not.toHaveProperty('clientRequestId');
    expect(text).not.toContain('secret-token-value');
    expect(text).not.toContain('secret-cookie-value');
    expect(text).not.toContain('headers');
  });

  it("binds the request's id to the lines written during it, and censors passwords in them", async () => {
    const lines = await served({}, (req, res) => {
      req.log!.warn({ attempt: { username: 'oh.officer', password: 'hunter2-hunter2' } }, 'sign-in refused');
      res.end('{}');
    });
    expect(lines.map((l) => l.line.msg)).toEqual(['sign-in refused', 'request completed']);
    const [during, closing] = lines.map((l) => l.line);
    expect(during.requestId).toBe(closing.requestId);
    expect(during).toMatchObject({ level: 40, attempt: { username: 'oh.officer', password: '[redacted]' } });
    expect(lines[0].text).not.toContain('hunter2');
  });

  it('says when the client went away before the answer, and writes nothing below the level', async () => {
    const aborted = await served({}, (req, res) => {
      res.writeHead(200);
      res.write('{');
      req.socket.destroy();
    });
    expect(aborted.map((l) => l.line)).toMatchObject([{ level: 30, msg: 'request aborted', res: { statusCode: 200 } }]);
    const quiet = await served(
      {},
      (req, res) => {
        req.log!.info('a detail');
        res.end('{}');
      },
      'warn',
    );
    expect(quiet).toEqual([]);
  });
});
