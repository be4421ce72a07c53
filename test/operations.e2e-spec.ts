import { Agent, request } from 'node:http';
import { DataSource } from 'typeorm';
import { Draining } from '../src/lifecycle/draining';
import { appendSyntheticHistory } from './support/audit-fixtures';
import { signIn, startServer, type ServerProcess } from './support/server-process';
import { PASSWORD, TestApp } from './support/test-app';

const METRICS_TOKEN = 'prometheus-scrape-token-0123456789';

describe('health probes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
  });
  afterAll(() => t.close());

  it('answers GET /health/live without sign-in and without the database', async () => {
    const res = await t.http.get('/health/live').expect(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('answers GET /health/ready when the database answers and every migration is applied', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, migrations: { status: 'up' }, accepting: { status: 'up' } },
    });
  });

  it('answers GET /health with the checks that are up, and 503 naming the database, without its words, when it fails', async () => {
    const ok = await t.http.get('/health').expect(200);
    expect(ok.body).toEqual({ status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } });
    expect(ok.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    const query = jest.spyOn(t.app.get(DataSource), 'query').mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5440'));
    try {
      const down = await t.http.get('/health').expect(503);
      expect(down.body).toMatchObject({ statusCode: 503, message: 'Down: the database does not answer.' });
      expect(JSON.stringify(down.body)).not.toContain('ECONNREFUSED');
    } finally {
      query.mockRestore();
    }
    await t.http.get('/health').expect(200);
  });

  it('reports not ready (503) once a shutdown has begun, so the load balancer sends nothing more', async () => {
    t.app.get(Draining).start();
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, message: 'Not ready: shutting down.' });
    await t.http.get('/health/live').expect(200);
  });
});

describe('GET /metrics', () => {
  it('is off without METRICS_TOKEN', async () => {
    const t = await TestApp.start({ withCast: false });
    try {
      const res = await t.http.get('/metrics').expect(404);
      expect(res.body.message).toMatch(/set METRICS_TOKEN/);
    } finally {
      await t.close();
    }
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start({ env: { METRICS_TOKEN } });
    });
    afterAll(() => t.close());

    const scrape = () => t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);

    it('asks for the token, and takes no user’s sign-in instead', async () => {
      expect((await t.http.get('/metrics').expect(401)).body.message).toMatch(/METRICS_TOKEN/);
      await t.http.get('/metrics').set('Authorization', 'Bearer not-the-token').expect(401);
      await t.http
        .get('/metrics')
        .set('Authorization', `Bearer ${await t.token('oh.auditor')}`)
        .expect(401);
    });

    it('counts transitions by event and outcome, audit appends, HTTP latency by route, and the outbox backlog', async () => {
      const officer = await t.as('oh.field_officer');
      const opened = await officer.post('/cases').send({ offenderName: 'Metered', sendingState: 'OH', receivingState: 'TX' }).expect(201);
      await officer.post(`/cases/${opened.body.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
      await officer.post(`/cases/${opened.body.id}/events`).send({ type: 'ACCEPT_TRANSFER' }).expect(403);
      const res = await scrape().expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      expect(text).toContain('case_transitions_total{event="SUBMIT_TRANSFER_REQUEST",outcome="allowed"} 1');
      expect(text).toContain('case_transitions_total{event="ACCEPT_TRANSFER",outcome="denied"} 1');
      expect(text).toContain('case_transitions_total{event="OPEN_CASE",outcome="allowed"} 1');
      expect(text).toMatch(/^audit_entries_appended_total\{outcome="allowed"\} \d+$/m);
      expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/cases\/:id\/events",status_code="200"\} 1$/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/cases\/:id\/events",status_code="403"\} 1$/m);
      expect(text).toMatch(/^mail_outbox_backlog\{state="pending"\} \d+$/m);
      expect(text).toMatch(/^audit_chain_head_seq \d+$/m);
      // Paths that name no route share one label, so a scan of random URLs cannot flood Prometheus.
      await t.http.get('/no/such/path/12345').expect(404);
      const unmatched = (await scrape()).text.split('\n').filter((l) => l.includes('status_code="404"'));
      expect(unmatched.join('\n')).toMatch(/route="unmatched",status_code="404"/);
      // The route label is the pattern, never the path asked for (a timing may hold any digits).
      expect((await scrape()).text).not.toContain('/no/such/path');
    });

    it('does not count a transition whose transaction rolled back', async () => {
      const before = (await scrape()).text.match(/case_transitions_total\{event="SUBMIT_TRANSFER_REQUEST",outcome="allowed"\} (\d+)/)?.[1];
      const officer = await t.as('oh.field_officer');
      const opened = await officer.post('/cases').send({ offenderName: 'Rolled Back', sendingState: 'OH', receivingState: 'TX' }).expect(201);
      const [a, b] = await Promise.all([
        officer.post(`/cases/${opened.body.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1 }),
        officer.post(`/cases/${opened.body.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const after = (await scrape()).text.match(/case_transitions_total\{event="SUBMIT_TRANSFER_REQUEST",outcome="allowed"\} (\d+)/)?.[1];
      expect(Number(after)).toBe(Number(before) + 1);
    });
  });
});

describe('graceful shutdown of a server process on SIGTERM', () => {
  let t: TestApp;
  let server: ServerProcess;
  const HISTORY = 20_000;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await t.close();
  });

  it('finishes the requests in flight, refuses new connections, closes the database and exits 0', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      ids.push((await t.cases.open({ offenderName: `Drain ${i}`, sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id);
    }
    await appendSyntheticHistory(t, HISTORY);
    await t.release();
    server = await startServer(t.serverEnv({ LOG_LEVEL: 'info' }));
    const office = await signIn(server.url, 'oh.compact_office', PASSWORD);
    const auditor = await signIn(server.url, 'oh.auditor', PASSWORD);
    // One kept-alive connection per request, opened beforehand: the requests then reach the server at
    // once, rather than waiting in its accept queue, which a closing server no longer takes from.
    const agent = new Agent({ keepAlive: true, maxSockets: ids.length + 1 });
    await Promise.all([...ids, 'export'].map(() => send(agent, `${server.url}/health/live`, 'GET')));

    // A long export that the client reads slowly: certainly still running when the signal comes.
    const download = await openPaused(agent, `${server.url}/audit/export?format=ndjson`, auditor);
    const answers = ids.map((id) =>
      send(agent, `${server.url}/cases/${id}/events`, 'POST', { type: 'SUBMIT_TRANSFER_REQUEST' }, office).catch((err: Error) => err.message),
    );
    await Promise.race(answers);
    server.kill('SIGTERM');
    for (const deadline = Date.now() + 10_000; !server.lines.some((l) => /Shutting down on SIGTERM/.test(l));) {
      if (Date.now() > deadline) throw new Error(`no "Shutting down on SIGTERM" line within 10 s of the signal:\n${server.lines.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }

    // Draining: no new connection is taken, and the process waits for the export still being read.
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
    expect(server.lines.some((l) => /Shut down cleanly/.test(l))).toBe(false);
    expect(await download.readAll()).toBeGreaterThanOrEqual(HISTORY);
    expect(await Promise.all(answers)).toEqual(ids.map(() => 200));
    expect(await server.exited).toEqual({ code: 0, signal: null });
    agent.destroy();

    const lines = server.lines.map((l) => JSON.parse(l) as Record<string, any>);
    const began = lines.findIndex((l) => /Shutting down on SIGTERM: no new connections/.test(l.msg));
    const exportDone = lines.findIndex((l) => String(l.req?.url).startsWith('/audit/export'));
    expect(began).toBeGreaterThan(-1);
    expect(exportDone).toBeGreaterThan(began);
    expect(lines[lines.length - 1].msg).toBe('Shut down cleanly.');

    t = await t.resume();
    const rows: Array<{ status: string }> = await t.query(`SELECT status FROM cases WHERE offender_name LIKE 'Drain %'`);
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'transfer_requested'));
  }, 60_000);
});

/** One request through `agent`, resolving with the status once the whole answer is read. */
function send(agent: Agent, url: string, method: string, body?: object, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Starts a GET whose answer is not read until readAll(): meanwhile the server keeps it in flight. */
function openPaused(agent: Agent, url: string, token: string): Promise<{ readAll(): Promise<number> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.pause();
      const readAll = () =>
        new Promise<number>((done, fail) => {
          let lines = 0;
          res.on('data', (chunk: Buffer) => {
            for (const b of chunk) if (b === 10) lines++;
          });
          res.on('end', () => done(lines));
          res.on('error', fail);
          res.resume();
        });
      resolve({ readAll });
    });
    req.on('error', reject);
    req.end();
  });
}
