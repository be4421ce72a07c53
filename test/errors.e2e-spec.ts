import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { SupervisionCase } from '../src/cases/case.entity';
import { PASSWORD, TestApp } from './support/test-app';

/**
 * Every error answer has the same shape (statusCode, error, message, reference; README, "API"),
 * the reference is the request id, validation errors list each field, nothing internal reaches a client.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INTERNALS = /stack|\bat \S+ \(|\.ts:\d+|node_modules|SELECT |INSERT |UPDATE |sqlite|QueryFailed|TypeORM|TypeError/i;

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** The one shape, and nothing else in it; `fields` only on validation errors. */
function expectErrorShape(res: Response, statusCode: number, opts: { fields?: boolean } = {}) {
  expect(res.status).toBe(statusCode);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const keys = ['error', 'message', 'reference', 'statusCode', ...(opts.fields ? ['fields'] : [])].sort();
  expect(Object.keys(res.body).sort()).toEqual(keys);
  expect(res.body.statusCode).toBe(statusCode);
  expect(res.body.error).toBe(ERROR_TEXT[statusCode]);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(10);
  expect(res.body.reference).toBe(res.headers['x-request-id']);
  expect(res.body.reference).toBeTruthy();
  expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
}

interface FieldProblem {
  field: string;
  problems: string[];
}

function problemsOf(res: Response, field: string): string[] {
  const found = (res.body.fields as FieldProblem[]).find((f) => f.field === field);
  expect(found).toBeDefined();
  expect(found!.problems.length).toBeGreaterThan(0);
  return found!.problems;
}

describe('errors: one shape, a reference to quote, nothing internal', () => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const opened = await t.cases.open({ offenderName: 'Error Case', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
    caseId = opened.id;
  }, 60_000);
  afterAll(() => t.close());

  const stored = (id: string) => t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id });
  const openCase = async () =>
    (await t.cases.open({ offenderName: 'Error Case', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id;

  describe('the shape of every error', () => {
    it('400 from the rules (reason missing)', async () => {
      const res = await (await t.as('oh.field_officer')).post(`/cases/${caseId}/events`).send({ type: 'WITHDRAW' });
      expectErrorShape(res, 400);
      expect(res.body.message).toMatch(/reason/);
    });

    it('401 without a token', async () => {
      expectErrorShape(await t.http.get('/cases'), 401);
    });

    it('401 for a wrong password at sign-in, telling nothing about the account', async () => {
      const wrong = await t.http.post('/auth/login').send({ username: 'oh.auditor', password: 'not the password' });
      const unknown = await t.http.post('/auth/login').send({ username: 'nobody.here', password: 'not the password' });
      expectErrorShape(wrong, 401);
      expectErrorShape(unknown, 401);
      expect(wrong.body.message).toBe(unknown.body.message);
    });

    it('403 from the rules (wrong side)', async () => {
      // The draft is not sent yet: Ohio's officer tries Texas's step (Texas itself would get 404).
      const res = await (await t.as('oh.field_officer')).post(`/cases/${caseId}/events`).send({ type: 'ACCEPT_TRANSFER' });
      expectErrorShape(res, 403);
    });

    it('404 for a case of another state, for an unknown case and for an unknown route', async () => {
      const ca = await t.as('ca.field_officer');
      expectErrorShape(await ca.get(`/cases/${caseId}`), 404);
      expectErrorShape(await ca.get('/cases/7d4a2b9e-1c3f-4e5a-8b6d-0f1e2d3c4b5a'), 404);
      expectErrorShape(await ca.get('/no-such-route'), 404);
    });

    it('409 from the rules (event not possible in this status)', async () => {
      const res = await (await t.as('oh.field_officer')).post(`/cases/${caseId}/events`).send({ type: 'NOTICE_OF_DEPARTURE' });
      expectErrorShape(res, 409);
      expect(res.body.message).toMatch(/draft/);
    });

    it('400 from validation, with the fields', async () => {
      const res = await (await t.as('oh.field_officer')).post('/cases').send({ offenderName: 'A B', sendingState: 'OH' });
      expectErrorShape(res, 400, { fields: true });
    });

    it('every answer gets a fresh request id when the client sends none', async () => {
      const a = await t.http.get('/cases');
      const b = await t.http.get('/cases');
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
      const ok = await t.http.get('/health');
      expect(ok.headers['x-request-id']).toMatch(UUID);
    });

    it.each(['client-req-0001', 'A1B2C3D4', 'trace.abc_DEF-123', 'x'.repeat(64)])(
      "a client X-Request-Id (%s) is not taken: the reference and the header are the server's own id",
      async (id) => {
        const res = await t.http.get('/cases').set('X-Request-Id', id);
        expectErrorShape(res, 401);
        expect(res.headers['x-request-id']).toMatch(UUID);
        expect(res.body.reference).toBe(res.headers['x-request-id']);
      },
    );

    it('two users sending the same X-Request-Id get distinct references and distinct audit request ids', async () => {
      const refuse = async (who: string) =>
        (await t.as(who)).post(`/cases/${caseId}/events`).set('X-Request-Id', 'ticket-4711-retry-2').send({ type: 'SUBMIT_TRANSFER_REQUEST' });
      const auditor = await refuse('oh.auditor');
      const admin = await refuse('oh.state_admin');
      expectErrorShape(auditor, 403);
      expectErrorShape(admin, 403);
      expect(auditor.body.reference).toMatch(UUID);
      expect(admin.body.reference).toMatch(UUID);
      expect(auditor.body.reference).not.toBe(admin.body.reference);
      expect(await t.auditEntries({ requestId: 'ticket-4711-retry-2' })).toEqual([]);
      const [ofAuditor] = await t.auditEntries({ requestId: auditor.body.reference });
      const [ofAdmin] = await t.auditEntries({ requestId: admin.body.reference });
      expect(ofAuditor).toMatchObject({ caseId, actorUsername: 'oh.auditor', outcome: 'denied' });
      expect(ofAdmin).toMatchObject({ caseId, actorUsername: 'oh.state_admin', outcome: 'denied' });
    });

    it.each(['short', 'has spaces in it', 'semi;colon;injection', 'x'.repeat(65), '../../etc/passwd'])(
      'an insane client X-Request-Id (%s) is replaced by one of ours',
      async (id) => {
        const res = await t.http.get('/cases').set('X-Request-Id', id);
        expectErrorShape(res, 401);
        expect(res.headers['x-request-id']).toMatch(UUID);
        expect(res.body.reference).toBe(res.headers['x-request-id']);
      },
    );
  });

  describe('validation errors list each field', () => {
    const valid = { offenderName: 'Jordan Example', offenderId: 'OH-9', sendingState: 'OH', receivingState: 'TX' };

    it.each([
      { what: 'an unknown field', body: { ...valid, nickname: 'JJ' }, field: 'nickname', problem: /should not exist/ },
      { what: 'a number for a name', body: { ...valid, offenderName: 123 }, field: 'offenderName', problem: /string/ },
      { what: 'a blank name', body: { ...valid, offenderName: '     ' }, field: 'offenderName', problem: /blank/ },
      { what: 'a name over 200 characters', body: { ...valid, offenderName: 'N'.repeat(201) }, field: 'offenderName', problem: /200/ },
      { what: 'an object for the offender id', body: { ...valid, offenderId: { id: 1 } }, field: 'offenderId', problem: /string/ },
      { what: 'a NUL in the name', body: { ...valid, offenderName: 'Jordan\u0000Example' }, field: 'offenderName', problem: /control characters/ },
      {
        what: 'a line break in the name',
        body: { ...valid, offenderName: 'Jordan\r\nBcc: x@example.org' },
        field: 'offenderName',
        problem: /control characters/,
      },
      { what: 'a tab in the name', body: { ...valid, offenderName: 'Jordan\tExample' }, field: 'offenderName', problem: /control characters/ },
      { what: 'a C1 control in the name', body: { ...valid, offenderName: 'Jordan\u0085Example' }, field: 'offenderName', problem: /control characters/ },
      { what: 'an escape in the offender id', body: { ...valid, offenderId: 'OH-\u001b[31m9' }, field: 'offenderId', problem: /control characters/ },
      { what: 'a DEL in the offender id', body: { ...valid, offenderId: 'OH-9\u007f' }, field: 'offenderId', problem: /control characters/ },
      { what: 'a state code that is no state', body: { ...valid, receivingState: 'XX' }, field: 'receivingState', problem: /two-letter code/ },
      { what: 'a lower-case state code', body: { ...valid, sendingState: 'oh' }, field: 'sendingState', problem: /two-letter code/ },
      { what: 'no receiving state', body: { offenderName: 'Jordan Example', sendingState: 'OH' }, field: 'receivingState', problem: /two-letter code/ },
    ])('POST /cases with $what -> 400 naming $field and what is wrong with it', async ({ body, field, problem }) => {
      const before = await t.dataSource.getRepository(SupervisionCase).count();
      const res = await (await t.as('oh.field_officer')).post('/cases').send(body);
      expectErrorShape(res, 400, { fields: true });
      expect(problemsOf(res, field).join(' ')).toMatch(problem);
      expect(res.body.message).toContain(field);
      expect(await t.dataSource.getRepository(SupervisionCase).count()).toBe(before);
    });

    it('POST /cases with several bad fields lists each of them', async () => {
      const res = await (await t.as('oh.field_officer')).post('/cases').send({ offenderName: 7, sendingState: 'Ohio', receivingState: 'ZZ', extra: true });
      expectErrorShape(res, 400, { fields: true });
      expect((res.body.fields as FieldProblem[]).map((f) => f.field).sort()).toEqual(['extra', 'offenderName', 'receivingState', 'sendingState']);
    });

    it.each([
      { what: 'an unknown field', body: { type: 'WITHDRAW', reason: 'x', actor: 'tx.compact_office' }, field: 'actor', problem: /should not exist/ },
      { what: 'a bad event type', body: { type: 'CLOSE_CASE' }, field: 'type', problem: /SUBMIT_TRANSFER_REQUEST/ },
      { what: 'a number for the event type', body: { type: 3 }, field: 'type', problem: /one of/ },
      { what: 'no event type', body: { reason: 'why not' }, field: 'type', problem: /one of/ },
      { what: 'a bad closure reason', body: { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'paroled' }, field: 'closureReason', problem: /discharged/ },
      { what: 'a reason over 1000 characters', body: { type: 'WITHDRAW', reason: 'r'.repeat(1001) }, field: 'reason', problem: /1000/ },
      { what: 'a number for the reason', body: { type: 'WITHDRAW', reason: 42 }, field: 'reason', problem: /string/ },
      { what: 'a string for expectedVersion', body: { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: '1' }, field: 'expectedVersion', problem: /integer/ },
      { what: 'a fraction for expectedVersion', body: { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1.5 }, field: 'expectedVersion', problem: /integer/ },
      { what: 'expectedVersion 0', body: { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 0 }, field: 'expectedVersion', problem: /less than 1/ },
    ])('POST /cases/:id/events with $what -> 400 naming $field and what is wrong with it, case unchanged', async ({ body, field, problem }) => {
      const id = await openCase();
      const res = await (await t.as('oh.compact_office')).post(`/cases/${id}/events`).send(body);
      expectErrorShape(res, 400, { fields: true });
      expect(problemsOf(res, field).join(' ')).toMatch(problem);
      expect(await stored(id)).toMatchObject({ status: 'draft', version: 1 });
    });

    it('a reason of exactly 1000 characters is accepted', async () => {
      const id = await openCase();
      const res = await (await t.as('oh.compact_office')).post(`/cases/${id}/events`).send({ type: 'WITHDRAW', reason: 'r'.repeat(1000) });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('withdrawn');
    });

    it('an unknown query parameter on GET /cases -> 400 naming it', async () => {
      const res = await (await t.as('oh.field_officer')).get('/cases').query({ sort: 'name' });
      expectErrorShape(res, 400, { fields: true });
      problemsOf(res, 'sort');
    });
  });

  describe('a body that is not JSON', () => {
    it.each([
      ['POST /cases', () => '/cases'],
      ['POST /cases/:id/events', () => `/cases/${caseId}/events`],
    ])('%s with invalid JSON -> 400 "not valid JSON"', async (_name, url) => {
      const res = await (await t.as('oh.field_officer')).post(url()).set('Content-Type', 'application/json').send('{"type": "WITHDRAW", reason: }');
      expectErrorShape(res, 400);
      expect(res.body.message).toMatch(/not valid JSON/);
      expect(res.body.message).not.toMatch(/Unexpected token|position \d+/);
    });

    it('POST /auth/login with invalid JSON -> 400 "not valid JSON", before any sign-in', async () => {
      const res = await t.http.post('/auth/login').set('Content-Type', 'application/json').send('{"username": "oh.auditor",');
      expectErrorShape(res, 400);
      expect(res.body.message).toMatch(/not valid JSON/);
    });
  });

  describe('a body nested too deeply (the limit is 32 levels)', () => {
    const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const objects = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    // The form field names of a urlencoded body nest with brackets: a[a][a]… (each bracket one level more).
    const form = (levels: number) => `a${'[a]'.repeat(levels - 1)}=1`;
    const countCases = () => t.dataSource.getRepository(SupervisionCase).count();

    const routes: Array<[string, (body: string, type: string) => Promise<Response>]> = [
      ['POST /auth/login, signed out', (body, type) => t.http.post('/auth/login').set('Content-Type', type).send(body)],
      ['POST /auth/password-reset/request, signed out', (body, type) => t.http.post('/auth/password-reset/request').set('Content-Type', type).send(body)],
      ['POST /cases', async (body, type) => (await t.as('oh.field_officer')).post('/cases').set('Content-Type', type).send(body)],
      ['POST /cases/:id/events', async (body, type) => (await t.as('oh.field_officer')).post(`/cases/${caseId}/events`).set('Content-Type', type).send(body)],
    ];
    const bodies: Array<[string, string, string]> = [
      ['1,500 nested arrays (3 KB of JSON)', arrays(1500), 'application/json'],
      ['33 levels: a field holding 32 nested arrays', `{"username":${arrays(32)}}`, 'application/json'],
      ['1,500 nested objects', objects(1500), 'application/json'],
      ['33 nested objects', objects(33), 'application/json'],
      ['a form nested 33 levels deep', form(33), 'application/x-www-form-urlencoded'],
      ['a form nested 1,500 levels deep', form(1500), 'application/x-www-form-urlencoded'],
    ];

    test.each(routes.flatMap(([route, call]) => bodies.map(([what, body, type]) => ({ route, what, call, body, type }))))(
      '$route with $what -> 400 naming the nesting',
      async ({ call, body, type }) => {
        const before = await countCases();
        const res = await call(body, type);
        expectErrorShape(res, 400);
        expect(res.body.message).toBe('The request body nests arrays or objects more than 32 levels deep.');
        expect(await countCases()).toBe(before);
      },
    );

    it('a body of exactly 32 levels is read and validated as usual', async () => {
      const json = await t.http
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"username":${arrays(31)}}`);
      expectErrorShape(json, 400, { fields: true });
      expect(problemsOf(json, 'username').join(' ')).toMatch(/string/);
      const deepObject = await (await t.as('oh.field_officer')).post('/cases').set('Content-Type', 'application/json').send(objects(32));
      expectErrorShape(deepObject, 400, { fields: true });
      problemsOf(deepObject, 'a');
      const urlencoded = await t.http
        .post('/auth/login')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`username${'[a]'.repeat(31)}=1`);
      expectErrorShape(urlencoded, 400, { fields: true });
      expect(problemsOf(urlencoded, 'username').join(' ')).toMatch(/string/);
    });

    it('the server goes on answering after refusing them', async () => {
      await t.http.post('/auth/login').set('Content-Type', 'application/json').send(arrays(40_000)).expect(400);
      expect((await t.http.post('/auth/login').send({ username: 'oh.auditor', password: PASSWORD })).status).toBe(200);
    });
  });

  describe('401 on every protected route without a valid token', () => {
    const otherSecret = new JwtService({ secret: 'another-secret-that-is-long-enough-for-hs256-xyz', signOptions: { algorithm: 'HS256' } });
    const sameSecret = () => new JwtService({ secret: process.env.JWT_SECRET, signOptions: { algorithm: 'HS256' } });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    // Every forged token names an open session of the user, so that only its flaw gives it away.
    const sid = async () => new JwtService().decode<{ sid: string }>(await t.token('oh.compact_office')).sid;

    const tokens: Array<[string, () => Promise<string | null>]> = [
      ['no Authorization header', async () => null],
      ['a garbage token', async () => 'Bearer garbage.token.here'],
      ['a Basic scheme', async () => `Basic ${Buffer.from('oh.compact_office:pw').toString('base64')}`],
      ['a bare "Bearer"', async () => 'Bearer'],
      // A valid token in a malformed header: only the strict reading of the header refuses these.
      ['a valid token followed by junk', async () => `Bearer ${await t.token('oh.compact_office')} junk`],
      ['a valid token after two spaces', async () => `Bearer  ${await t.token('oh.compact_office')}`],
      ['a valid token after a tab', async () => `Bearer\t${await t.token('oh.compact_office')}`],
      ['a valid token with a comma after it', async () => `Bearer ${await t.token('oh.compact_office')},`],
      [
        'a token signed with another secret',
        async () => {
          const user = t.actor('oh.compact_office');
          return `Bearer ${await otherSecret.signAsync({ sub: user.id, username: user.username, sid: await sid() })}`;
        },
      ],
      [
        'an expired token',
        async () => {
          const user = t.actor('oh.compact_office');
          const past = Math.floor(Date.now() / 1000) - 3600;
          return `Bearer ${await sameSecret().signAsync({ sub: user.id, username: user.username, sid: await sid(), iat: past - 900, exp: past })}`;
        },
      ],
      [
        'an unsigned token (alg none)',
        async () => {
          const user = t.actor('oh.compact_office');
          return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, username: user.username, sid: await sid() })}.`;
        },
      ],
      [
        'a token of an account that does not exist',
        async () => `Bearer ${await sameSecret().signAsync({ sub: '0b6f3a52-5a7e-4c1e-9f55-8d2f1c0e4a11', username: 'ghost', sid: await sid() })}`,
      ],
      [
        'a token of the right user that names no session',
        async () => {
          const user = t.actor('oh.compact_office');
          return `Bearer ${await sameSecret().signAsync({ sub: user.id, username: user.username }, { expiresIn: 300 })}`;
        },
      ],
    ];

    const routes: Array<[string, (auth: string | null) => Promise<Response>]> = [
      ['GET /me', (auth) => withAuth(t.http.get('/me'), auth)],
      ['GET /cases', (auth) => withAuth(t.http.get('/cases'), auth)],
      ['POST /cases', (auth) => withAuth(t.http.post('/cases'), auth).send({ offenderName: 'Sneaky Open', sendingState: 'OH', receivingState: 'TX' })],
      ['GET /cases/:id', (auth) => withAuth(t.http.get(`/cases/${caseId}`), auth)],
      ['POST /cases/:id/events', (auth) => withAuth(t.http.post(`/cases/${caseId}/events`), auth).send({ type: 'WITHDRAW', reason: 'sneaky' })],
      ['GET /cases/:id/history', (auth) => withAuth(t.http.get(`/cases/${caseId}/history`), auth)],
    ];

    function withAuth<T extends { set(name: string, value: string): T }>(req: T, auth: string | null): T {
      return auth === null ? req : req.set('Authorization', auth);
    }

    it('the forged tokens are well-formed enough that only the signature, expiry or account gives them away', async () => {
      // Control: the same user signed with the app's secret, naming an open session of theirs, gets in.
      const user = t.actor('oh.compact_office');
      const { sid } = new JwtService().decode<{ sid: string }>(await t.token('oh.compact_office'));
      const good = await sameSecret().signAsync({ sub: user.id, username: user.username, sid }, { expiresIn: 300 });
      const res = await t.http.get('/me').set('Authorization', `Bearer ${good}`);
      expect(res.status).toBe(200);
      expect(res.body.username).toBe('oh.compact_office');
    });

    test.each(routes.flatMap(([route, call]) => tokens.map(([what, token]) => ({ route, what, call, token }))))(
      '$route with $what -> 401',
      async ({ call, token }) => {
        const casesBefore = await t.dataSource.getRepository(SupervisionCase).count();
        const before = await stored(caseId);
        const res = await call(await token());
        expectErrorShape(res, 401);
        expect(res.body.message).toMatch(/sign in/i);
        expect(await t.dataSource.getRepository(SupervisionCase).count()).toBe(casesBefore);
        expect((await stored(caseId)).version).toBe(before.version);
        expect(await t.auditEntries({ requestId: res.headers['x-request-id'] })).toHaveLength(0);
      },
    );
  });

  describe('public routes', () => {
    it('GET /health answers 200 without a token', async () => {
      const res = await t.http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('GET /health answers 200 even with a garbage token', async () => {
      expect((await t.http.get('/health').set('Authorization', 'Bearer garbage')).status).toBe(200);
    });

    it('GET /docs-json without a token lists every route with its method, and the DTO schemas', async () => {
      const res = await t.http.get('/docs-json');
      expect(res.status).toBe(200);
      const paths = res.body.paths as Record<string, Record<string, unknown>>;
      const methods = Object.fromEntries(Object.entries(paths).map(([p, ops]) => [p, Object.keys(ops).sort()]));
      expect(methods).toMatchObject({
        '/auth/login': ['post'],
        '/me': ['get'],
        '/cases': ['get', 'post'],
        '/cases/{id}': ['get'],
        '/cases/{id}/events': ['post'],
        '/cases/{id}/history': ['get'],
        '/health': ['get'],
      });
      const schemas = res.body.components.schemas as Record<string, { properties: Record<string, unknown>; required?: string[] }>;
      for (const name of [
        'OpenCaseDto',
        'CaseEventDto',
        'CaseView',
        'CasePage',
        'HistoryEntryView',
        'ErrorBody',
        'FieldProblem',
        'LoginDto',
        'LoginResult',
        'UserView',
      ]) {
        expect(schemas[name]).toBeDefined();
      }
      expect(schemas.OpenCaseDto.required).toEqual(expect.arrayContaining(['offenderName', 'sendingState', 'receivingState']));
      expect(Object.keys(schemas.CaseEventDto.properties).sort()).toEqual([
        'closureReason',
        'expectedVersion',
        'instructionsKind',
        'lastKnownAddress',
        'lastKnownEmployment',
        'plannedReleaseDate',
        'reason',
        'rejectionKind',
        'sentencingDate',
        'sexOffender',
        'type',
      ]);
      expect(Object.keys(schemas.ErrorBody.properties).sort()).toEqual(['error', 'fields', 'message', 'reference', 'statusCode']);
      expect(JSON.stringify(res.body.components.securitySchemes ?? {})).toMatch(/bearer/i);
    });
  });

  describe('a stale expectedVersion', () => {
    it.each([
      ['older', 1],
      ['newer', 5],
    ])('an %s version -> 409 naming both versions, a denied entry, the case unchanged', async (_what, seen) => {
      const id = await openCase();
      await t.cases.applyEvent(id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
      const before = await stored(id);
      expect(before.version).toBe(2);
      const res = await (await t.as('tx.compact_office')).post(`/cases/${id}/events`).send({ type: 'ACCEPT_TRANSFER', expectedVersion: seen });
      expectErrorShape(res, 409);
      expect(res.body.message).toContain(`version ${seen}`);
      expect(res.body.message).toContain('version 2');
      const entries = await t.auditEntries({ requestId: res.headers['x-request-id'] });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        caseId: id,
        action: 'ACCEPT_TRANSFER',
        actorUsername: 'tx.compact_office',
        outcome: 'denied',
        fromState: 'transfer_requested',
      });
      expect(entries[0].toState).toBeNull();
      expect(await stored(id)).toMatchObject({ status: 'transfer_requested', version: 2 });

      // With the version it now has, the same step goes through.
      const retry = await (await t.as('tx.compact_office')).post(`/cases/${id}/events`).send({ type: 'ACCEPT_TRANSFER', expectedVersion: 2 });
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ status: 'accepted', version: 3 });
    });
  });

  describe('an unexpected failure', () => {
    it('answers 500 in the one shape, with a reference and no internals', async () => {
      const failure = new Error('SQLITE_CORRUPT: database disk image is malformed in SELECT * FROM cases WHERE id = ?');
      failure.stack = `${failure.message}\n    at CasesService.get (/work/main/src/cases/cases.service.ts:99:13)`;
      const spy = jest.spyOn(t.cases, 'get').mockRejectedValueOnce(failure);
      try {
        const res = await (await t.as('oh.field_officer')).get(`/cases/${caseId}`);
        expect(spy).toHaveBeenCalledTimes(1);
        expectErrorShape(res, 500);
        expect(res.body.reference).toMatch(UUID);
        expect(res.body.message).toMatch(/reference/i);
        expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|malformed|cases\.service/);
      } finally {
        spy.mockRestore();
      }
      // The next request is served normally.
      expect((await (await t.as('oh.field_officer')).get(`/cases/${caseId}`)).status).toBe(200);
    });
  });
});
