import { loadConfig } from '../config/app-config';
import { Writable } from 'node:stream';
import { engineLogger } from './logging';
import { logDestination, textLine } from './text-log';

const appConfig = (env: NodeJS.ProcessEnv) => loadConfig(env).app;

const at = new Date(2026, 11, 2, 9, 5, 7).getTime();

describe('the text log format (LOG_FORMAT=text, the demo)', () => {
  it('writes a request as one short line: time, level, method, url, status, duration', () => {
    const json = JSON.stringify({
      level: 30,
      time: at,
      msg: 'request completed',
      requestId: 'r-1',
      responseTime: 12,
      req: { method: 'GET', url: '/cases?status=closed', headers: { 'user-agent': 'curl/8' } },
      res: { statusCode: 200, headers: { 'content-type': 'application/json' } },
    });
    expect(textLine(json)).toBe('09:05:07 INFO  GET /cases?status=closed 200 12 ms');
  });

  it('keeps the reference and the stack of a failure', () => {
    const json = JSON.stringify({
      level: 50,
      time: at,
      requestId: 'r-2',
      responseTime: 3,
      req: { method: 'POST', url: '/cases' },
      res: { statusCode: 500 },
      err: { message: 'boom', stack: 'Error: boom\n    at somewhere' },
    });
    expect(textLine(json)).toBe('09:05:07 ERROR POST /cases 500 3 ms (reference r-2)\nError: boom\n    at somewhere');
  });

  it("names the context of a message, and leaves out Nest's start-up list of modules and routes", () => {
    expect(textLine(JSON.stringify({ level: 40, time: at, context: 'AuditSigner', msg: 'Made a new key' }))).toBe(
      '09:05:07 WARN  [AuditSigner] Made a new key',
    );
    expect(textLine(JSON.stringify({ level: 30, time: at, context: 'RouterExplorer', msg: 'Mapped {/cases, GET} route' }))).toBeNull();
  });

  it("writes text lines for LOG_FORMAT=text, and leaves LOG_FORMAT=json to pino's own JSON destination", () => {
    const written: string[] = [];
    const out = new Writable({ write: (chunk: Buffer, _encoding, done) => (written.push(chunk.toString()), done()) });
    engineLogger('info', logDestination('text', out)).child({ context: 'AuditSigner' }).warn('Made a new key');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}\[AuditSigner\] Made a new key\n$/);
    expect(logDestination('json', out)).toBeUndefined();
  });
});

describe('LOG_FORMAT', () => {
  it('is json unless set, and refuses anything but json or text by name', () => {
    expect(appConfig({}).logFormat).toBe('json');
    expect(appConfig({ LOG_FORMAT: 'text' }).logFormat).toBe('text');
    expect(() => appConfig({ LOG_FORMAT: 'pretty' })).toThrow('LOG_FORMAT must be json or text; it is "pretty".');
  });
});
