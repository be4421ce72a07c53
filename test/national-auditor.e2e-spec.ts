import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IsNull } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { TestApp } from './support/test-app';

const run = promisify(execFile);

/**
 * The Commission's national auditor (README, "For auditors"): reads the entries of every state
 * and those that belong to none, such as a failed sign-in under a username nobody has, through the
 * same audit API and console page as a state's auditor. No audited event is invisible to every auditor.
 */
describe('the national auditor', () => {
  let t: TestApp;
  const national = 'icaos.auditor';

  beforeAll(async () => {
    t = await TestApp.start();
    await t.addNationalAuditor(national);
    // A little of everything the history records.
    const oh = t.actor('oh.field_officer');
    const opened = await t.cases.open({ offenderName: 'Every Kind', sendingState: 'OH', receivingState: 'TX' }, oh, null);
    await t.cases.applyEvent(opened.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
    await (await t.as('tx.field_officer')).post(`/cases/${opened.id}/events`).send({ type: 'ACCEPT_TRANSFER' }).expect(403);
    await (await t.as('ca.field_officer')).get(`/cases/${opened.id}`).expect(404);
    await (await t.as('tx.field_officer')).get('/audit').expect(403);
    await (await t.as('oh.auditor')).get('/audit').expect(200);
    await t.http.post('/auth/login').send({ username: 'oh.field_officer', password: 'not the password at all' }).expect(401);
    await t.http.post('/auth/login').send({ username: 'nobody.anywhere', password: 'whatever it may be' }).expect(401);
    await t.http.post('/auth/password-reset/request').send({ usernameOrEmail: 'nobody.either' }).expect(202);
  });
  afterAll(() => t.close());

  /** Every seq an auditor can page through with GET /audit and these filters. */
  async function readable(user: string, query: Record<string, string> = {}): Promise<number[]> {
    const seqs: number[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const res: { body: { items: Array<{ seq: number }>; nextCursor: number | null } } = await (
        await t.as(user)
      )
        .get('/audit')
        .query({ ...query, limit: '1000', cursor: String(cursor) })
        .expect(200);
      seqs.push(...res.body.items.map((e: { seq: number }) => e.seq));
      cursor = res.body.nextCursor;
    }
    return seqs;
  }

  it('a failed sign-in under an unknown username belongs to no state, and only the national auditor reads it', async () => {
    const [entry] = await t.auditEntries({ action: 'SIGN_IN', actorUsername: 'nobody.anywhere' });
    expect(entry).toMatchObject({ outcome: 'denied', primaryState: null, secondaryState: null });
    for (const auditor of ['oh.auditor', 'tx.auditor', 'ca.auditor']) expect(await readable(auditor, { actor: 'nobody.anywhere' })).toEqual([]);
    expect(await readable(national, { actor: 'nobody.anywhere' })).toEqual([entry.seq]);
  });

  it('every entry of every kind is readable by at least one auditor: the national auditor reads them all', async () => {
    const all = await t.auditEntries();
    const kinds = new Set(all.map((e) => e.action));
    for (const kind of ['USER_CREATED', 'OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST', 'ACCEPT_TRANSFER', 'CASE_READ', 'ACCESS', 'AUDIT_READ', 'SIGN_IN']) {
      expect(kinds).toContain(kind);
    }
    const seen = await readable(national);
    // Its own reads are appended after each page, so it has read at least every entry up to the last one it was shown.
    expect(seen.slice(0, all.length)).toEqual(all.map((e) => e.seq));
    const unattributed = await t.dataSource.getRepository(AuditEntry).count({ where: { primaryState: IsNull() } });
    expect(unattributed).toBeGreaterThan(0);
  });

  it.each([
    [{ action: 'SIGN_IN' }, (e: AuditEntry) => e.action === 'SIGN_IN'],
    [{ outcome: 'denied' }, (e: AuditEntry) => e.outcome === 'denied'],
    [{ actor: 'oh.field_officer' }, (e: AuditEntry) => e.actorUsername === 'oh.field_officer'],
  ])("filters every state's entries as a state auditor filters theirs (%j)", async (query, matches) => {
    const expected = (await t.auditEntries()).filter(matches).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(0);
    expect(await readable(national, query as Record<string, string>)).toEqual(expected);
  });

  it('a case filter finds the case whatever its states', async () => {
    const [opened] = await t.auditEntries({ action: 'OPEN_CASE' });
    const expected = (await t.auditEntries({ caseId: opened.caseId! })).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(2);
    expect(await readable(national, { caseId: opened.caseId! })).toEqual(expected);
  });

  it('exports and reads the console page with the unattributed entries in them', async () => {
    const csv = await (await t.as(national)).get('/audit/export').query({ format: 'csv', actor: 'nobody.anywhere' }).expect(200);
    expect(csv.text).toContain('nobody.anywhere');
    expect(csv.headers['content-disposition']).toMatch(/audit-all-/);
    const page = await (await t.as(national)).get('/console/audit').query({ actor: 'nobody.anywhere' }).expect(200);
    // The entry's reason, shown in its row (the filter's own field repeats the name either way).
    expect(page.text).toContain('unknown username');
    const stateAuditor = await (await t.as('oh.auditor')).get('/console/audit').query({ actor: 'nobody.anywhere' }).expect(200);
    expect(stateAuditor.text).not.toContain('unknown username');
  });

  it('its own reads are audited, and it may change no case', async () => {
    const res = await (await t.as(national)).get('/audit').query({ action: 'OPEN_CASE' }).expect(200);
    const [read] = await t.auditEntries({ requestId: res.headers['x-request-id'] });
    expect(read).toMatchObject({ action: 'AUDIT_READ', actorUsername: national, actorRole: 'national_auditor', actorState: 'US' });
    const refused = await (await t.as(national)).post('/cases').send({ offenderName: 'Nope', sendingState: 'OH', receivingState: 'TX' });
    expect(refused.status).toBe(403);
  });

  describe('only the command line opens such an account', () => {
    it.each([
      [
        'POST /users',
        async () =>
          (await t.as('oh.state_admin')).post('/users').send({
            username: 'oh.sneaky',
            email: 'sneaky@ohio.example',
            displayName: 'Sneaky',
            role: 'national_auditor',
          }),
      ],
      [
        'PATCH /users/:id',
        async () => {
          const target = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'oh.auditor' });
          return (await t.as('oh.state_admin')).patch(`/users/${target.id}`).send({ role: 'national_auditor' });
        },
      ],
    ])('a state administrator cannot grant it with %s: 400 naming the roles it may give', async (_route, call) => {
      const res = await call();
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/role must be one of: field_officer, supervisor, compact_office, state_admin, auditor/);
      expect(await t.dataSource.getRepository(User).countBy({ role: 'national_auditor' })).toBe(1);
    });

    it('the service itself refuses one asked for by a state administrator, or one placed in a state', async () => {
      const users = t.app.get(UsersService);
      const input = { username: 'oh.other', email: 'other@ohio.example', displayName: 'Other', role: 'national_auditor' as const, password: null };
      await expect(users.create({ ...input, state: 'US' }, t.actor('oh.state_admin'), null)).rejects.toMatchObject({ status: 403 });
      await expect(users.create({ ...input, state: 'OH' }, null, null)).rejects.toMatchObject({ status: 400 });
      await expect(users.create({ ...input, role: 'auditor', state: 'US' }, null, null)).rejects.toMatchObject({ status: 400 });
      expect(await t.dataSource.getRepository(User).countBy({ username: 'oh.other' })).toBe(0);
    });

    const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');
    const createUser = (args: string[]) => {
      const child = run(process.execPath, [cli, 'users:create', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
      child.child.stdin!.end('a long passphrase for the commission\n');
      return child;
    };

    it('users:create --role national_auditor, with no --state, opens one that reads every state', async () => {
      const { stdout } = await createUser([
        '--username',
        'icaos.second',
        '--email',
        'second@interstatecompact.example',
        '--name',
        'Second',
        '--role',
        'national_auditor',
      ]);
      expect(stdout).toMatch(/Created national_auditor icaos.second of US/);
      const login = await t.http.post('/auth/login').send({ username: 'icaos.second', password: 'a long passphrase for the commission' }).expect(200);
      const page = await t.http.get('/audit').query({ actor: 'nobody.anywhere' }).set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
      expect(page.body.items).toHaveLength(1);
    });

    it('users:create refuses a national role placed in a member state', async () => {
      const failure = await createUser([
        '--username',
        'icaos.third',
        '--email',
        'third@interstatecompact.example',
        '--name',
        'Third',
        '--role',
        'national_auditor',
        '--state',
        'OH',
      ]).catch((err: { code: number; stderr: string }) => err);
      expect(failure).toMatchObject({ code: 1 });
      expect((failure as { stderr: string }).stderr).toMatch(/national_auditor is the Commission's: its state must be US/);
    });
  });
});
