import { PasswordHasher } from '../src/auth/password-hasher';
import { User } from '../src/users/user.entity';
import { PASSWORD, TestApp } from './support/test-app';

describe('rate limiting of /auth/* per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Proxies on this machine are trusted, so X-Forwarded-For stands for the client address.
    t = await TestApp.start({ env: { AUTH_RATE_LIMIT: '3', AUTH_RATE_LIMIT_WINDOW_SECONDS: '60', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  const from = (address: string) => ({
    login: (password = 'not the password') => t.http.post('/auth/login').set('X-Forwarded-For', address).send({ username: 'oh.field_officer', password }),
    reset: () => t.http.post('/auth/password-reset/request').set('X-Forwarded-For', address).send({ usernameOrEmail: 'oh.field_officer' }),
  });

  it('answers 429 in the standard error shape, with Retry-After, once an address has used its requests', async () => {
    const client = from('203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await client.login()).status).toBe(401);
    const res = await client.login(PASSWORD);
    expect(res.status).toBe(429);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'reference', 'statusCode']);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', reference: res.headers['x-request-id'] });
    expect(res.body.message).toMatch(/^Too many sign-in requests from your address/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Every route of /auth/* that takes a name, a password or a link counts.
    expect((await client.reset()).status).toBe(429);
  });

  it('counts each address on its own', async () => {
    expect((await from('198.51.100.20').login(PASSWORD)).status).toBe(200);
    expect((await from('198.51.100.21').reset()).status).toBe(202);
  });

  it('leaves the rest of the API alone', async () => {
    const token = (await from('198.51.100.30').login(PASSWORD)).body.accessToken;
    for (let i = 0; i < 6; i++) {
      await t.http.get('/me').set('X-Forwarded-For', '198.51.100.30').set('Authorization', `Bearer ${token}`).expect(200);
      await t.http.get('/health').set('X-Forwarded-For', '198.51.100.30').expect(200);
    }
  });

  it('records the client address that the trusted proxy names', async () => {
    const [entry] = (await t.auditEntries({ action: 'SIGN_IN', outcome: 'allowed' })).slice(-1);
    expect(entry.clientAddress).toBe('198.51.100.30');
  });
});

describe('security headers (helmet)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
  });
  afterAll(() => t.close());

  it('sends an API’s headers with every answer', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(res.headers).not.toHaveProperty('x-powered-by');
    // The console's pages tell the console which page a form came from, and nobody else.
    expect((await t.http.get('/login').expect(200)).headers['referrer-policy']).toBe('same-origin');
    const refused = await t.http.post('/auth/login').send({ username: 'nobody.here', password: 'whatever it is' }).expect(401);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it('still lets the API docs at /docs load their own scripts and styles, and nothing from elsewhere', async () => {
    const page = await t.http.get('/docs/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    // No inline script, which the policy would block: every script is a file of /docs.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)![1];
      expect(src).not.toMatch(/^(https?:)?\/\//);
      await t.http.get(new URL(src, 'http://localhost/docs/').pathname).expect(200);
    }
    await t.http.get('/docs-json').expect(200);
  });
});

describe("Cache-Control: no-store on every answer that may carry someone's data", () => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    caseId = (await t.cases.open({ offenderName: 'Cache Story', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id;
  });
  afterAll(() => t.close());

  it('on the case list, a case, its history and the signed-in user', async () => {
    const officer = await t.as('oh.field_officer');
    for (const url of ['/cases', `/cases/${caseId}`, `/cases/${caseId}/history`, '/me']) {
      const res = await officer.get(url);
      // No ETag either: there is nothing to revalidate in what may not be kept (and it would hash every answer).
      expect({ url, status: res.status, cacheControl: res.headers['cache-control'], etag: res.headers.etag }).toEqual({
        url,
        status: 200,
        cacheControl: 'no-store',
        etag: undefined,
      });
    }
  });

  it('on error answers, signed in or not, and on a change', async () => {
    const officer = await t.as('oh.field_officer');
    const answers = [
      await officer.get('/cases/0b6f3a52-5a7e-4c1e-9f55-8d2f1c0e4a11'),
      await officer.post(`/cases/${caseId}/events`).send({ type: 'NOT_AN_EVENT' }),
      await t.http.get('/cases'),
      await officer.post(`/cases/${caseId}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }),
    ];
    expect(answers.map((res) => [res.status, res.headers['cache-control']])).toEqual([
      [404, 'no-store'],
      [400, 'no-store'],
      [401, 'no-store'],
      [200, 'no-store'],
    ]);
  });

  it("on the console's pages, but not on its static files", async () => {
    expect((await t.http.get('/login').expect(200)).headers['cache-control']).toBe('no-store');
    const asset = await t.http.get('/assets/console.css').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=3600');
    expect(asset.headers.etag).toEqual(expect.any(String));
  });
});

describe('password hashes made with older parameters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
  });
  afterAll(() => t.close());

  it('are made again with the configured cost at the next successful sign-in', async () => {
    const now = new Date();
    const old = await new PasswordHasher({ passwordHashCost: 10 }).hash(PASSWORD);
    await t.dataSource.getRepository(User).insert({
      id: '7d3f0a52-4c1e-4f7e-8b8e-0c1d2e3f4a5b',
      username: 'oh.veteran',
      email: 'veteran@ohio.example',
      displayName: 'Veteran',
      role: 'supervisor',
      state: 'OH',
      passwordHash: old,
      active: true,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    });
    await t.http.post('/auth/login').send({ username: 'oh.veteran', password: 'a wrong password here' }).expect(401);
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ username: 'oh.veteran' })).passwordHash).toBe(old);

    await t.http.post('/auth/login').send({ username: 'oh.veteran', password: PASSWORD }).expect(200);
    const upgraded = (await t.dataSource.getRepository(User).findOneByOrFail({ username: 'oh.veteran' })).passwordHash;
    expect(upgraded).toMatch(/^scrypt\$12\$8\$1\$/);
    await t.http.post('/auth/login').send({ username: 'oh.veteran', password: PASSWORD }).expect(200);
    const [first] = await t.auditEntries({ action: 'SIGN_IN', outcome: 'allowed', actorUsername: 'oh.veteran' });
    expect(first.reason).toMatch(/password hash upgraded to the configured cost$/);
  });
});
