import type { IncomingMessage, ServerResponse } from 'node:http';
import { loggerParams, requestIdMiddleware } from './logging';

describe('request ids', () => {
  const run = (headers: Record<string, string>) => {
    const req = { headers } as IncomingMessage & { id?: unknown; clientRequestId?: string };
    const sent: Record<string, unknown> = {};
    const res = { setHeader: (name: string, value: unknown) => (sent[name] = value) } as unknown as ServerResponse;
    requestIdMiddleware(req, res, () => undefined);
    return { req, sent };
  };
  const customProps = (req: object) => (loggerParams('info').pinoHttp as { customProps: (r: object) => object }).customProps(req);

  it("are the server's own, with a client's sane X-Request-Id logged beside them as clientRequestId", () => {
    const a = run({ 'x-request-id': 'ticket-4711-retry-2' });
    const b = run({ 'x-request-id': 'ticket-4711-retry-2' });
    expect(a.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.req.id).not.toBe(b.req.id);
    expect(a.sent['X-Request-Id']).toBe(a.req.id);
    expect(customProps(a.req)).toEqual({ clientRequestId: 'ticket-4711-retry-2' });
  });

  it('log no clientRequestId when the client sent none, or one that is not sane', () => {
    expect(customProps(run({}).req)).toEqual({});
    expect(customProps(run({ 'x-request-id': 'has spaces\nand a line break' }).req)).toEqual({});
  });
});
