import request from 'supertest';
import { IsNull } from 'typeorm';
import { Session } from '../src/sessions/session.entity';
import { PasswordResetToken } from '../src/password-reset/password-reset-token.entity';
import { CONFIRMATION_NOT_VALID } from '../src/users/email-change.service';
import { ACCOUNT_NOT_FOUND } from '../src/users/state-admin.service';
import { User } from '../src/users/user.entity';
import { bearer, MINUTE, signIn, TimeTravel, tokenOf } from './support/accounts';
import { mailsDelivered, newMailsOf, type DeliveredMail } from './support/outbox';
import { PASSWORD, TestApp } from './support/test-app';

/** A state administrator manages the accounts of their own state, and of no other. */
describe('state administrators', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const stored = (username: string) => t.dataSource.getRepository(User).findOneByOrFail({ username });
  const ohAdmin = () => t.as('oh.state_admin');

  it('opens an account of its own state: the owner gets a link by mail, never a password, and signs in after choosing one', async () => {
    const res = await (
      await ohAdmin()
    )
      .post('/users')
      .send({ username: 'oh.newofficer', email: 'New.Officer@drc.ohio.example', displayName: 'Nia Officer', role: 'field_officer' })
      .expect(201);
    expect(res.body).toMatchObject({
      username: 'oh.newofficer',
      email: 'new.officer@drc.ohio.example',
      role: 'field_officer',
      state: 'OH',
      active: true,
      locked: false,
      passwordSet: false,
    });
    expect(res.body).not.toHaveProperty('passwordHash');
    await t.http.post('/auth/login').send({ username: 'oh.newofficer', password: PASSWORD }).expect(401);

    const [invitation] = (await mailsDelivered(t)).filter((m) => m.to === 'new.officer@drc.ohio.example');
    expect(invitation.subject).toBe('Your Compact Case Engine account oh.newofficer');
    expect(invitation.body).toContain('oh.state_admin (state administrator, OH) opened a Compact Case Engine account for you.');
    expect(invitation.body).toContain('works once, for 72 hours');
    await t.http
      .post('/auth/password-reset/confirm')
      .send({ token: tokenOf(invitation), newPassword: 'my own new officer passphrase' })
      .expect(204);
    const token = await signIn(t, 'oh.newofficer', 'my own new officer passphrase');
    expect((await t.http.get('/me').set(bearer(token)).expect(200)).body).toMatchObject({ role: 'field_officer', state: 'OH' });

    const [created] = await t.auditEntries({ action: 'USER_CREATED', entityId: res.body.id });
    expect(created).toMatchObject({ actorUsername: 'oh.state_admin', primaryState: 'OH', toState: 'field_officer@OH' });
    expect(created.reason).toContain('email "new.officer@drc.ohio.example"');
    const [first] = await t.auditEntries({ action: 'PASSWORD_RESET', entityId: res.body.id });
    expect(first.reason).toMatch(/^first password chosen from the invitation mail/);
  });

  it('checks the fields of a new account like every other form (400 naming each)', async () => {
    const res = await (await ohAdmin()).post('/users').send({ username: 'x', email: 'not-an-email', displayName: '', role: 'sheriff' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['displayName', 'email', 'role', 'username']);
  });

  it('refuses a username or email address already taken (409)', async () => {
    await (await ohAdmin()).post('/users').send({ username: 'oh.field_officer', email: 'x@ohio.example', displayName: 'X', role: 'auditor' }).expect(409);
    await (await ohAdmin()).post('/users').send({ username: 'oh.another', email: 'tx.auditor@e2e.example', displayName: 'X', role: 'auditor' }).expect(409);
  });

  it('lists the accounts of its state only, by username, a page at a time', async () => {
    const seen: Array<{ username: string; state: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: typeof seen; nextCursor: string | null } } = await (
        await ohAdmin()
      )
        .get(`/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    const ohio = (await t.dataSource.getRepository(User).find({ where: { state: 'OH' } })).map((u) => u.username).sort();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((u) => u.username)).toEqual(ohio);
    expect(seen.every((u) => u.state === 'OH')).toBe(true);
    expect(pages).toBe(Math.ceil(ohio.length / 2));

    const auditors = await (await ohAdmin()).get('/users?role=auditor').expect(200);
    expect(auditors.body.items.map((u: { username: string }) => u.username)).toEqual(['oh.auditor']);
    await (await ohAdmin()).get('/users?active=maybe').expect(400);
    await (await ohAdmin()).get('/users?cursor=not-a-cursor').expect(400);
  });

  describe('an administrator of Ohio and a Texas user', () => {
    let texan: User;
    beforeAll(async () => {
      texan = await stored('tx.field_officer');
    });

    it.each([
      ['read', (id: string) => async () => (await ohAdmin()).get(`/users/${id}`)],
      ['change', (id: string) => async () => (await ohAdmin()).patch(`/users/${id}`).send({ role: 'state_admin', displayName: 'Taken over' })],
      ['deactivate', (id: string) => async () => (await ohAdmin()).patch(`/users/${id}`).send({ active: false })],
      ['unlock', (id: string) => async () => (await ohAdmin()).post(`/users/${id}/unlock`)],
    ])('cannot %s it: 404, the same as an id that exists nowhere, and the attempt is in both states’ history', async (_what, call) => {
      const before = await t.auditEntries({ entityId: texan.id, outcome: 'denied' });
      const res = await call(texan.id)();
      const nowhere = await call('0b6f3a52-5a7e-4c1e-9f55-8d2f1c0e4a11')();
      expect(res.status).toBe(404);
      expect(nowhere.status).toBe(404);
      expect(res.body.message).toBe(ACCOUNT_NOT_FOUND);
      expect(nowhere.body.message).toBe(ACCOUNT_NOT_FOUND);
      expect(await stored('tx.field_officer')).toEqual(texan);
      const after = await t.auditEntries({ entityId: texan.id, outcome: 'denied' });
      expect(after).toHaveLength(before.length + 1);
      expect(after[after.length - 1]).toMatchObject({ actorUsername: 'oh.state_admin', primaryState: 'TX', secondaryState: 'OH' });
    });

    it('does not see it in the list', async () => {
      const res = await (await ohAdmin()).get('/users?limit=200').expect(200);
      expect(res.body.items.map((u: { id: string }) => u.id)).not.toContain(texan.id);
    });
  });

  it.each(['oh.field_officer', 'oh.supervisor', 'oh.compact_office', 'oh.auditor'])('refuses %s every route (403)', async (who) => {
    const id = (await stored('oh.field_officer')).id;
    const as = await t.as(who);
    for (const res of [
      await as.get('/users'),
      await as.get(`/users/${id}`),
      await as.post('/users').send({ username: 'oh.sneaky', email: 'sneaky@ohio.example', displayName: 'Sneaky', role: 'state_admin' }),
      await as.patch(`/users/${id}`).send({ role: 'state_admin' }),
      await as.post(`/users/${id}/unlock`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('Only a user with the role state administrator may do this.');
    }
    expect(await t.dataSource.getRepository(User).findOneBy({ username: 'oh.sneaky' })).toBeNull();
    expect((await stored('oh.field_officer')).role).toBe('field_officer');
  });

  describe('mass assignment', () => {
    it.each([
      [{ state: 'TX' }, 'state'],
      [{ username: 'oh.renamed' }, 'username'],
      [{ passwordHash: 'scrypt$10$8$1$AAAA$BBBB' }, 'passwordHash'],
      [{ password: 'a password chosen by the admin' }, 'password'],
      [{ failedAttempts: 0, lockedUntil: null }, 'failedAttempts'],
      [{ role: 'auditor', id: '0b6f3a52-5a7e-4c1e-9f55-8d2f1c0e4a11' }, 'id'],
    ])('PATCH %j is refused with 400 naming the field, and changes nothing', async (body, field) => {
      const target = await stored('oh.supervisor');
      const res = await (await ohAdmin()).patch(`/users/${target.id}`).send(body).expect(400);
      expect(res.body.fields).toContainEqual({ field, problems: [`${field} should not exist`] });
      expect(await stored('oh.supervisor')).toEqual(target);
    });

    it.each([
      [{ state: 'TX' }, 'state'],
      [{ password: 'a password chosen by the admin' }, 'password'],
      [{ active: false }, 'active'],
    ])('POST /users with %j is refused with 400, and creates nothing', async (extra, field) => {
      const res = await (
        await ohAdmin()
      )
        .post('/users')
        .send({ username: 'oh.extra', email: 'extra@ohio.example', displayName: 'Extra', role: 'auditor', ...extra })
        .expect(400);
      expect(res.body.fields).toContainEqual({ field, problems: [`${field} should not exist`] });
      expect(await t.dataSource.getRepository(User).findOneBy({ username: 'oh.extra' })).toBeNull();
    });
  });

  it('audits each change with its value before and after', async () => {
    const target = await stored('oh.compact_office');
    const patch = (body: object) => ohAdmin().then((as) => as.patch(`/users/${target.id}`).send(body).expect(200));
    const res = await patch({ displayName: 'Ohio Compact Office', email: 'Compact@DRC.ohio.example' });
    // The address waits for its owner's confirmation (see "changing an email address" below).
    expect(res.body).toMatchObject({ displayName: 'Ohio Compact Office', email: 'oh.compact_office@e2e.example', pendingEmail: 'compact@drc.ohio.example' });
    await signIn(t, 'oh.compact_office', PASSWORD);
    const open = await t.dataSource.getRepository(Session).countBy({ userId: target.id, endedAt: IsNull() });
    expect(open).toBeGreaterThan(0);
    await patch({ role: 'supervisor' });
    await patch({ active: false });
    await patch({ active: true });
    await patch({ role: 'supervisor', displayName: 'Ohio Compact Office' }); // nothing changes: no entry

    const entries = (await t.auditEntries({ entityId: target.id, actorUsername: 'oh.state_admin' })).map((e) => [e.action, e.fromState, e.toState, e.reason]);
    expect(entries).toEqual([
      ['USER_UPDATED', null, null, 'displayName: "oh.compact_office" -> "Ohio Compact Office"'],
      [
        'EMAIL_CHANGE_REQUESTED',
        null,
        null,
        'email: "oh.compact_office@e2e.example" -> "compact@drc.ohio.example" once the new address confirms it (link mailed there, valid 72 hours); ' +
          'the current address was told',
      ],
      ['ROLE_CHANGED', 'compact_office', 'supervisor', `role: "compact_office" -> "supervisor"; ${open} session${open === 1 ? '' : 's'} ended`],
      ['USER_DEACTIVATED', 'active', 'inactive', 'active: true -> false; 0 sessions ended'],
      ['USER_REACTIVATED', 'inactive', 'active', 'active: false -> true'],
    ]);
  });

  it('refuses an email address another account has (409)', async () => {
    const target = await stored('oh.auditor');
    await (await ohAdmin()).patch(`/users/${target.id}`).send({ email: 'oh.supervisor@e2e.example' }).expect(409);
    expect((await stored('oh.auditor')).email).toBe(target.email);
  });

  it('refuses an administrator their own role change and their own deactivation (403), but not their own name', async () => {
    const self = await stored('oh.state_admin');
    const as = await ohAdmin();
    expect((await as.patch(`/users/${self.id}`).send({ role: 'auditor' }).expect(403)).body.message).toMatch(/your own role/);
    expect((await as.patch(`/users/${self.id}`).send({ active: false }).expect(403)).body.message).toMatch(/deactivate your own account/);
    expect(await stored('oh.state_admin')).toMatchObject({ role: 'state_admin', active: true });
    await as.patch(`/users/${self.id}`).send({ displayName: 'Ohio administrator', role: 'state_admin' }).expect(200);
    const refusals = await t.auditEntries({ entityId: self.id, outcome: 'denied' });
    expect(refusals.map((e) => e.action)).toEqual(['ROLE_CHANGED', 'USER_DEACTIVATED']);
    // Another administrator of the state may.
    await (await t.as('oh.state_admin')).get(`/users/${self.id}`).expect(200);
  });

  /**
   * A state administrator could once take over an account of their state: change its address to
   * their own, then ask for a reset link. Now the address changes only when its owner confirms it,
   * and the account's confirmed address is told and keeps every mail until then.
   */
  describe('changing an email address', () => {
    const newMails = newMailsOf(() => t);
    const confirmationTokenOf = (mail: DeliveredMail) => {
      const match = /\/confirm-email\?token=([A-Za-z0-9_-]{43})\n/.exec(mail.body);
      if (!match) throw new Error(`no confirmation link in the mail "${mail.subject}"`);
      return match[1];
    };
    const confirmEmail = (token: string) => t.http.post('/auth/email-confirmation/confirm').send({ token });
    const requestReset = (usernameOrEmail: string) => t.http.post('/auth/password-reset/request').send({ usernameOrEmail });
    const changeEmail = async (username: string, email: string) =>
      (await ohAdmin())
        .patch(`/users/${(await stored(username)).id}`)
        .send({ email })
        .expect(200);
    const OLD = 'oh.field_officer@e2e.example';
    const NEW = 'takeover@elsewhere.example';
    let confirmation = '';

    beforeAll(async () => {
      await newMails();
    });

    it('tells the confirmed address, without a link, and mails the new one a link to confirm it', async () => {
      const res = await changeEmail('oh.field_officer', 'TakeOver@Elsewhere.example');
      expect(res.body).toMatchObject({ email: OLD, pendingEmail: NEW });
      expect((await stored('oh.field_officer')).email).toBe(OLD);
      expect((await (await ohAdmin()).get(`/users/${res.body.id}`).expect(200)).body).toMatchObject({ email: OLD, pendingEmail: NEW });

      // Two mails of one transaction: the outbox folder holds them in no particular order.
      const mails = (await newMails()).sort((a, b) => a.subject.localeCompare(b.subject));
      expect(mails.map((m) => [m.to, m.subject])).toEqual([
        [NEW, 'Confirm the email address of your Compact Case Engine account'],
        [OLD, 'The email address of your Compact Case Engine account is about to change'],
      ]);
      const [link, told] = mails;
      expect(told.body).toMatch(/^oh\.state_admin \(state administrator, OH\) asked at \d{4}-\d\d-\d\d \d\d:\d\d UTC to change the email address/);
      expect(told.body).toContain(`account oh.field_officer from this address to ${NEW}.`);
      expect(told.body).not.toMatch(/https?:/);
      confirmation = confirmationTokenOf(link);
      expect(link.body).not.toContain('reset-password');
      // Only its hash is kept, and the delivered mail's body is gone from the outbox.
      for (const { tableName } of t.dataSource.entityMetadatas) {
        expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM "${tableName}"`))).not.toContain(confirmation);
      }

      const [entry] = await t.auditEntries({ action: 'EMAIL_CHANGE_REQUESTED', entityId: res.body.id });
      expect(entry).toMatchObject({ actorUsername: 'oh.state_admin', outcome: 'allowed', primaryState: 'OH' });
    });

    it('until confirmed, sends every reset link and the "password changed" notice to the confirmed address, none to the new one', async () => {
      await requestReset(NEW).expect(202);
      await requestReset('oh.field_officer').expect(202);
      const mails = await newMails();
      expect(mails.map((m) => [m.to, m.subject])).toEqual([[OLD, 'Reset your Compact Case Engine password']]);
      await t.http
        .post('/auth/password-reset/confirm')
        .send({ token: tokenOf(mails[0]), newPassword: 'field officer passphrase of my own' })
        .expect(204);
      expect((await newMails()).map((m) => [m.to, m.subject])).toEqual([[OLD, 'Your Compact Case Engine password was changed']]);
      const [unknown] = await t.auditEntries({ action: 'PASSWORD_RESET_REQUESTED', actorUsername: NEW });
      expect(unknown).toMatchObject({ outcome: 'denied', reason: 'no such account: no mail sent' });
    });

    it('opens the mailed link on a console page that changes nothing until its button is pressed', async () => {
      const page = await t.http.get(`/confirm-email?token=${confirmation}`).expect(200);
      expect(page.text).toContain('Confirm this address');
      expect(page.text).toContain(`name="token" value="${confirmation}"`);
      expect((await stored('oh.field_officer')).email).toBe(OLD);
    });

    it('moves the address when the link is used, retires the links mailed to the old one, and tells the old one', async () => {
      await requestReset('oh.field_officer').expect(202);
      const [oldLink] = await newMails();
      expect(oldLink.to).toBe(OLD);

      await confirmEmail(confirmation).expect(204);
      const account = await stored('oh.field_officer');
      expect(account.email).toBe(NEW);
      expect((await (await ohAdmin()).get(`/users/${account.id}`).expect(200)).body).toMatchObject({ email: NEW, pendingEmail: null });
      const unused = await t.dataSource.getRepository(PasswordResetToken).findBy({ userId: account.id, usedAt: IsNull() });
      expect(unused).toEqual([]);
      await t.http
        .post('/auth/password-reset/confirm')
        .send({ token: tokenOf(oldLink), newPassword: 'someone else entirely now' })
        .expect(400);

      const [told] = await newMails();
      expect(told).toMatchObject({ to: OLD, subject: 'The email address of your Compact Case Engine account was changed' });
      expect(told.body).toContain(`to ${NEW}: oh.state_admin asked for it, and the owner of that address confirmed it.`);
      await requestReset(NEW).expect(202);
      expect((await newMails()).map((m) => [m.to, m.subject])).toEqual([[NEW, 'Reset your Compact Case Engine password']]);

      const [entry] = await t.auditEntries({ action: 'EMAIL_CHANGE_CONFIRMED', entityId: account.id, outcome: 'allowed' });
      expect(entry.actorUsername).toBe('oh.field_officer');
      expect(entry.reason).toBe(
        `email: "${OLD}" -> "${NEW}", asked by oh.state_admin, confirmed with the link mailed to the new address; ` +
          '1 unused password link(s) retired; the old address was told',
      );
    });

    it('refuses a used or unknown link with the same 400, and audits each refusal', async () => {
      expect((await confirmEmail(confirmation).expect(400)).body.message).toBe(CONFIRMATION_NOT_VALID);
      expect((await confirmEmail('y'.repeat(43)).expect(400)).body.message).toBe(CONFIRMATION_NOT_VALID);
      const refusals = await t.auditEntries({ action: 'EMAIL_CHANGE_CONFIRMED', outcome: 'denied' });
      expect(refusals.map((e) => [e.actorUsername, e.reason])).toEqual([
        ['oh.field_officer', 'link already used, or the change was withdrawn or replaced'],
        [null, 'unknown link'],
      ]);
    });

    it('confirms from the console page’s button, and shows a used link’s refusal on the page', async () => {
      await changeEmail('oh.compact_office', 'office.console@ohio.example');
      const token = confirmationTokenOf((await newMails()).find((m) => m.to === 'office.console@ohio.example')!);
      const browser = request.agent(t.app.getHttpServer());
      const page = await browser.get(`/confirm-email?token=${token}`).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      const done = await browser.post('/confirm-email').type('form').send({ _csrf: csrf, token }).expect(200);
      expect(done.text).toContain('Your email address is confirmed');
      expect((await stored('oh.compact_office')).email).toBe('office.console@ohio.example');
      const again = await browser.post('/confirm-email').type('form').send({ _csrf: csrf, token }).expect(400);
      expect(again.text).toContain('This link to confirm an email address does not work any more');
    });

    it('replaces a pending change by a newer one, and withdraws it when the confirmed address is sent again', async () => {
      await changeEmail('oh.auditor', 'first.try@ohio.example');
      const first = confirmationTokenOf((await newMails()).find((m) => m.to === 'first.try@ohio.example')!);
      await changeEmail('oh.auditor', 'second.try@ohio.example');
      const second = confirmationTokenOf((await newMails()).find((m) => m.to === 'second.try@ohio.example')!);
      await confirmEmail(first).expect(400);

      const back = await changeEmail('oh.auditor', 'oh.auditor@e2e.example');
      expect(back.body).toMatchObject({ email: 'oh.auditor@e2e.example', pendingEmail: null });
      await confirmEmail(second).expect(400);
      expect((await stored('oh.auditor')).email).toBe('oh.auditor@e2e.example');
      const entries = await t.auditEntries({ entityId: back.body.id, actorUsername: 'oh.state_admin' });
      expect(entries.filter((e) => e.action.startsWith('EMAIL_CHANGE')).map((e) => [e.action, e.reason])).toEqual([
        ['EMAIL_CHANGE_REQUESTED', expect.stringMatching(/^email: "oh.auditor@e2e.example" -> "first.try@ohio.example" once/)],
        ['EMAIL_CHANGE_REQUESTED', expect.stringMatching(/"second.try@ohio.example" .*; the change to "first.try@ohio.example" asked before is replaced$/)],
        ['EMAIL_CHANGE_WITHDRAWN', 'the change to "second.try@ohio.example" is withdrawn; email stays "oh.auditor@e2e.example"'],
      ]);
    });

    it('refuses a link that ran out, and audits it', async () => {
      await changeEmail('oh.supervisor', 'late.supervisor@ohio.example');
      const late = confirmationTokenOf((await newMails()).find((m) => m.to === 'late.supervisor@ohio.example')!);
      // Last in this file: the clock stays moved.
      new TimeTravel(t).forward(72 * 60 * MINUTE + 1000);
      expect((await confirmEmail(late).expect(400)).body.message).toBe(CONFIRMATION_NOT_VALID);
      expect((await stored('oh.supervisor')).email).toBe('oh.supervisor@e2e.example');
      const [expired] = await t.auditEntries({ action: 'EMAIL_CHANGE_CONFIRMED', outcome: 'denied', reason: 'link expired' });
      expect(expired.actorUsername).toBe('oh.supervisor');
    });

    it('never writes a confirmation token or link into the audit history', async () => {
      const text = JSON.stringify(await t.auditEntries());
      expect(confirmation).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(text).not.toContain(confirmation);
      expect(text).not.toContain('confirm-email?token=');
    });
  });
});
