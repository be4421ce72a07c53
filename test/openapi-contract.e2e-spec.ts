import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ActivitiesService } from '../src/activities/activities.service';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { User } from '../src/users/user.entity';
import { DatabaseOutage } from '../src/database/database-outage';
import { UnitOfWork } from '../src/database/unit-of-work';
import { IdempotencyStore } from '../src/idempotency/idempotency-store';
import { requestFingerprint } from '../src/idempotency/request-fingerprint';
import { Draining } from '../src/lifecycle/draining';
import { PasswordResetService } from '../src/auth/password-reset.service';
import { ResetTokensService } from '../src/password-reset/reset-tokens.service';
import { ReopenRequestsService } from '../src/reopen-requests/reopen-requests.service';
import { EmailChangeService } from '../src/users/email-change.service';
import { UsersService } from '../src/users/users.service';
import { mailsDelivered } from './support/outbox';
import { stepsToClosed, TO_ACTIVE, TO_REQUESTED } from './support/case-steps';
import { PASSWORD, TestApp } from './support/test-app';
import { managerOf } from '../src/database/transaction';

/**
 * The OpenAPI document against the server: every operation it lists is called for every status it
 * declares, and every answer must have a declared status, the declared headers, a declared content
 * type and a body valid against the declared schema. A new operation, or a new status of one, fails
 * here until it has a case in CONTRACT below.
 */

const METRICS_TOKEN = 'contract-metrics-token-0123456789';

/** One request, as a client of the document would send it. */
interface Call {
  /** The user it is signed in as; none for a public route (or one signed out on purpose). */
  as?: string;
  path: string;
  query?: Record<string, string>;
  /** JSON; `raw` sends these bytes as application/json instead. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** The app with a sign-in rate limit of one request and no METRICS_TOKEN, whose readiness and database a call may take away. */
  onLimited?: boolean;
  /**
   * Sent while the app's database connection is closed, once the app is shutting down, with the audit
   * chain broken, or with the database away (every connection refused, as when it is stopped).
   */
  breaking?: 'database' | 'draining' | 'chain' | 'away';
}

interface Case {
  status: number;
  name: string;
  arrange: () => Promise<Call>;
}

let t: TestApp;
let limited: TestApp;

// ----- arranging: cases, requests and accounts through the services, in the state a call needs -----

const TO_CLOSED = stepsToClosed('discharged');
const STEPS_TO = { draft: 0, transfer_requested: TO_REQUESTED.length, active: TO_ACTIVE.length, closed: TO_CLOSED.length } as const;

let offenders = 0;
/** An Ohio-to-Texas case, moved along to `status` by the usual people. */
async function ohioCase(status: keyof typeof STEPS_TO = 'draft'): Promise<string> {
  const opened = await t.cases.open(
    { offenderName: `Contract Subject ${++offenders}`, sendingState: 'OH', receivingState: 'TX' },
    t.actor('oh.field_officer'),
    null,
  );
  for (const [who, type, extra] of TO_CLOSED.slice(0, STEPS_TO[status])) {
    await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
  }
  return opened.id;
}

/** This year and the next, with a transfer reply Texas owes due in them: the query of a compliance report. */
async function complianceRange(more: Record<string, string> = {}): Promise<Record<string, string>> {
  await ohioCase('transfer_requested');
  const year = new Date().getUTCFullYear();
  return { from: `${year}-01-01`, to: `${year + 1}-12-31`, ...more };
}

/** A pending reopen request of a closed Ohio-to-Texas case, asked by Ohio's field officer. */
async function pendingRequest(): Promise<string> {
  const caseId = await ohioCase('closed');
  const request = await t.app.get(ReopenRequestsService).ask(caseId, 'Apprehended on a new warrant.', t.actor('oh.field_officer'), null);
  return request.id;
}

async function decidedRequest(): Promise<string> {
  const id = await pendingRequest();
  await t.app.get(ReopenRequestsService).decide(id, 'APPROVE', undefined, t.actor('tx.compact_office'), null);
  return id;
}

/** Two days ago, as a date no rule finds in the future in any time zone. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A warrant Ohio's compact office issued on an active Ohio-to-Texas case: Texas may report custody on it. */
async function issuedWarrant(): Promise<string> {
  const caseId = await ohioCase('active');
  const view = await t.app
    .get(ActivitiesService)
    .start(caseId, { kind: 'warrant', issuedOn: daysAgo(2), reason: 'Absconded from supervision.' }, t.actor('oh.compact_office'), null);
  return view.id;
}

const idOf = (username: string) => t.actor(username).id;

let accounts = 0;
/** A new Ohio account of its own, for calls that change or lock it. */
async function ohioAccount(app: TestApp = t): Promise<User> {
  const username = `oh.contract${++accounts}`;
  return app.app
    .get(UsersService)
    .create({ username, role: 'field_officer', state: 'OH', displayName: username, email: `${username}@e2e.example`, password: PASSWORD }, null, null);
}

async function signIn(username: string, app: TestApp = t): Promise<string> {
  const res = await app.http.post('/auth/login').send({ username, password: PASSWORD }).expect(200);
  return res.body.accessToken;
}

const anyId = () => randomUUID();

/** The token of the link mailed to `email` when Ohio's administrator changes the account's address to it. */
async function emailChangeToken(user: User, email: string): Promise<string> {
  await t.app.get(UnitOfWork).run((m) => t.app.get(EmailChangeService).request(m, user, email, t.actor('oh.state_admin'), null));
  const mail = (await mailsDelivered(t)).reverse().find((m) => m.to === email);
  const token = mail && /\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1];
  if (!token) throw new Error(`no confirmation link was mailed to ${email}`);
  return token;
}

// ----- the contract: for each operation, the calls that answer each status it declares -----
// Calls every operation of a kind shares (signed out, unreadable or oversized bodies, Idempotency-Key)
// are made for each operation from what the document says; see sharedCases.

const CONTRACT: Record<string, Case[]> = {
  'POST /users': [
    { status: 201, name: 'invites an account', arrange: async () => ({ as: 'oh.state_admin', path: '/users', body: newAccount() }) },
    { status: 400, name: 'refuses a state', arrange: async () => ({ as: 'oh.state_admin', path: '/users', body: { ...newAccount(), state: 'OH' } }) },
    { status: 403, name: 'refuses a non-administrator', arrange: async () => ({ as: 'oh.auditor', path: '/users', body: newAccount() }) },
    {
      status: 409,
      name: 'refuses a taken username',
      arrange: async () => ({ as: 'oh.state_admin', path: '/users', body: { ...newAccount(), username: 'oh.auditor' } }),
    },
  ],
  'GET /users': [
    { status: 200, name: 'lists the state’s accounts', arrange: async () => ({ as: 'oh.state_admin', path: '/users', query: { limit: '2' } }) },
    { status: 400, name: 'refuses active=maybe', arrange: async () => ({ as: 'oh.state_admin', path: '/users', query: { active: 'maybe' } }) },
    { status: 403, name: 'refuses a non-administrator', arrange: async () => ({ as: 'oh.field_officer', path: '/users' }) },
  ],
  'GET /users/{id}': [
    { status: 200, name: 'shows an account', arrange: async () => ({ as: 'oh.state_admin', path: `/users/${idOf('oh.auditor')}` }) },
    { status: 403, name: 'refuses a non-administrator', arrange: async () => ({ as: 'oh.field_officer', path: `/users/${idOf('oh.auditor')}` }) },
    { status: 404, name: 'hides another state’s account', arrange: async () => ({ as: 'oh.state_admin', path: `/users/${idOf('tx.auditor')}` }) },
  ],
  'PATCH /users/{id}': [
    {
      status: 200,
      name: 'renames an account',
      arrange: async () => ({ as: 'oh.state_admin', path: `/users/${(await ohioAccount()).id}`, body: { displayName: 'Renamed' } }),
    },
    {
      status: 400,
      name: 'refuses a username change',
      arrange: async () => ({ as: 'oh.state_admin', path: `/users/${idOf('oh.auditor')}`, body: { username: 'x.y' } }),
    },
    {
      status: 403,
      name: 'refuses a change of one’s own role',
      arrange: async () => ({ as: 'oh.state_admin', path: `/users/${idOf('oh.state_admin')}`, body: { role: 'auditor' } }),
    },
    {
      status: 404,
      name: 'hides another state’s account',
      arrange: async () => ({ as: 'oh.state_admin', path: `/users/${idOf('tx.auditor')}`, body: { displayName: 'X' } }),
    },
    {
      status: 409,
      name: 'refuses a taken email address',
      arrange: async () => ({ as: 'oh.state_admin', path: `/users/${(await ohioAccount()).id}`, body: { email: 'oh.supervisor@e2e.example' } }),
    },
  ],
  'POST /users/{id}/unlock': [
    { status: 200, name: 'unlocks an account', arrange: async () => ({ as: 'oh.state_admin', path: `/users/${(await ohioAccount()).id}/unlock` }) },
    { status: 403, name: 'refuses a non-administrator', arrange: async () => ({ as: 'oh.auditor', path: `/users/${idOf('oh.auditor')}/unlock` }) },
    {
      status: 404,
      name: 'hides another state’s account',
      arrange: async () => ({ as: 'oh.state_admin', path: `/users/${idOf('tx.auditor')}/unlock` }),
    },
  ],
  'GET /audit': [
    { status: 200, name: 'pages the state’s entries', arrange: async () => ({ as: 'oh.auditor', path: '/audit', query: { limit: '5' } }) },
    {
      status: 400,
      name: 'refuses a from that is no date',
      arrange: async () => ({ as: 'oh.auditor', path: '/audit', query: { from: 'yesterday' } }),
    },
    { status: 403, name: 'refuses a non-auditor', arrange: async () => ({ as: 'oh.field_officer', path: '/audit' }) },
  ],
  'GET /audit/export': [
    { status: 200, name: 'exports CSV', arrange: async () => ({ as: 'oh.auditor', path: '/audit/export' }) },
    { status: 200, name: 'exports NDJSON', arrange: async () => ({ as: 'oh.auditor', path: '/audit/export', query: { format: 'ndjson' } }) },
    { status: 400, name: 'refuses format=xml', arrange: async () => ({ as: 'oh.auditor', path: '/audit/export', query: { format: 'xml' } }) },
    { status: 403, name: 'refuses a non-auditor', arrange: async () => ({ as: 'oh.field_officer', path: '/audit/export' }) },
  ],
  'GET /audit/verify': [
    { status: 200, name: 'verifies the chain', arrange: async () => ({ as: 'oh.auditor', path: '/audit/verify' }) },
    {
      status: 400,
      name: 'refuses to before from',
      arrange: async () => ({ as: 'oh.auditor', path: '/audit/verify', query: { from: '5', to: '2' } }),
    },
    { status: 403, name: 'refuses a non-auditor', arrange: async () => ({ as: 'oh.field_officer', path: '/audit/verify' }) },
  ],
  'POST /audit/verify': [
    { status: 200, name: 'verifies the chain', arrange: async () => ({ as: 'oh.auditor', path: '/audit/verify', body: {} }) },
    {
      status: 400,
      name: 'refuses a checkpoint it did not sign',
      arrange: async () => {
        const signed = (await (await t.as('oh.auditor')).post('/audit/checkpoints').expect(201)).body;
        const signature = Buffer.alloc(64, 7).toString('base64');
        return { as: 'oh.auditor', path: '/audit/verify', body: { checkpoint: { ...signed, signature } } };
      },
    },
    { status: 403, name: 'refuses a non-auditor', arrange: async () => ({ as: 'oh.field_officer', path: '/audit/verify', body: {} }) },
  ],
  'GET /audit/checkpoints': [
    { status: 200, name: 'lists checkpoints', arrange: async () => ({ as: 'oh.auditor', path: '/audit/checkpoints' }) },
    { status: 400, name: 'refuses to=0', arrange: async () => ({ as: 'oh.auditor', path: '/audit/checkpoints', query: { to: '0' } }) },
    { status: 403, name: 'refuses a non-auditor', arrange: async () => ({ as: 'oh.field_officer', path: '/audit/checkpoints' }) },
  ],
  'POST /audit/checkpoints': [
    { status: 201, name: 'signs the head', arrange: async () => ({ as: 'oh.auditor', path: '/audit/checkpoints' }) },
    { status: 403, name: 'refuses a non-auditor', arrange: async () => ({ as: 'oh.field_officer', path: '/audit/checkpoints' }) },
  ],
  'GET /audit/public-key': [{ status: 200, name: 'gives the key', arrange: async () => ({ as: 'oh.field_officer', path: '/audit/public-key' }) }],
  'POST /auth/login': [
    { status: 200, name: 'signs in', arrange: async () => ({ path: '/auth/login', body: { username: 'oh.field_officer', password: PASSWORD } }) },
    { status: 400, name: 'refuses an empty body', arrange: async () => ({ path: '/auth/login', body: {} }) },
    {
      status: 401,
      name: 'refuses an unknown user',
      arrange: async () => ({ path: '/auth/login', body: { username: 'nobody.here', password: PASSWORD } }),
    },
    {
      status: 429,
      name: 'slows down an address',
      arrange: async () => ({ onLimited: true, path: '/auth/login', body: { username: 'oh.auditor', password: PASSWORD } }),
    },
  ],
  'POST /auth/refresh': [{ status: 200, name: 'renews the token', arrange: async () => ({ as: 'oh.field_officer', path: '/auth/refresh' }) }],
  'POST /auth/logout': [
    {
      status: 204,
      name: 'ends a session',
      arrange: async () => ({ path: '/auth/logout', headers: { Authorization: `Bearer ${await signIn('oh.supervisor')}` } }),
    },
  ],
  'POST /auth/password-reset/request': [
    {
      status: 202,
      name: 'accepts a request',
      arrange: async () => ({ path: '/auth/password-reset/request', body: { usernameOrEmail: 'nobody.here' } }),
    },
    { status: 400, name: 'refuses an empty body', arrange: async () => ({ path: '/auth/password-reset/request', body: {} }) },
    {
      status: 429,
      name: 'slows down an address',
      arrange: async () => ({ onLimited: true, path: '/auth/password-reset/request', body: { usernameOrEmail: 'x' } }),
    },
  ],
  'POST /auth/password-reset/confirm': [
    {
      status: 204,
      name: 'sets a new password',
      arrange: async () => {
        const user = await ohioAccount();
        const token = `contract-reset-${randomUUID()}`;
        await t.app.get(UnitOfWork).run((m) => t.app.get(ResetTokensService).issue(m, user.id, 'reset', token));
        return { path: '/auth/password-reset/confirm', body: { token, newPassword: 'an entirely new passphrase for the contract' } };
      },
    },
    {
      status: 400,
      name: 'refuses an unknown token',
      arrange: async () => ({ path: '/auth/password-reset/confirm', body: { token: 'no-such-token', newPassword: 'an entirely new passphrase' } }),
    },
    {
      status: 429,
      name: 'slows down an address',
      arrange: async () => ({ onLimited: true, path: '/auth/password-reset/confirm', body: { token: 'x', newPassword: 'an entirely new passphrase' } }),
    },
  ],
  'POST /auth/email-confirmation/confirm': [
    {
      status: 204,
      name: 'confirms a new address',
      arrange: async () => {
        const user = await ohioAccount();
        return { path: '/auth/email-confirmation/confirm', body: { token: await emailChangeToken(user, `${user.username}.new@e2e.example`) } };
      },
    },
    { status: 400, name: 'refuses an unknown token', arrange: async () => ({ path: '/auth/email-confirmation/confirm', body: { token: 'no-such-token' } }) },
    {
      status: 409,
      name: 'refuses an address another account took meanwhile',
      arrange: async () => {
        const user = await ohioAccount();
        const email = `${user.username}.taken@e2e.example`;
        const token = await emailChangeToken(user, email);
        const other = await ohioAccount();
        await t.app.get(UnitOfWork).run((m) => managerOf(m).update(User, { id: other.id }, { email }));
        return { path: '/auth/email-confirmation/confirm', body: { token } };
      },
    },
    {
      status: 429,
      name: 'slows down an address',
      arrange: async () => ({ onLimited: true, path: '/auth/email-confirmation/confirm', body: { token: 'x' } }),
    },
  ],
  'POST /auth/password': [
    {
      status: 204,
      name: 'changes the password',
      arrange: async () => {
        const user = await ohioAccount();
        return {
          path: '/auth/password',
          headers: { Authorization: `Bearer ${await signIn(user.username)}` },
          body: { currentPassword: PASSWORD, newPassword: 'an entirely new passphrase for the contract' },
        };
      },
    },
    {
      status: 400,
      name: 'refuses a wrong current password',
      arrange: async () => {
        const user = await ohioAccount();
        return {
          path: '/auth/password',
          headers: { Authorization: `Bearer ${await signIn(user.username)}` },
          body: { currentPassword: 'not the password at all', newPassword: 'an entirely new passphrase for the contract' },
        };
      },
    },
    {
      status: 403,
      name: 'refuses a locked account',
      arrange: async () => {
        const user = await ohioAccount();
        const bearer = `Bearer ${await signIn(user.username)}`;
        await t.dataSource.getRepository(User).update({ id: user.id }, { lockedUntil: new Date(Date.now() + 3_600_000), failedAttempts: 5 });
        return { path: '/auth/password', headers: { Authorization: bearer }, body: { currentPassword: PASSWORD, newPassword: 'an entirely new passphrase' } };
      },
    },
    {
      status: 429,
      name: 'slows down an address',
      arrange: async () => ({
        onLimited: true,
        path: '/auth/password',
        headers: { Authorization: `Bearer ${limitedToken}` },
        body: { currentPassword: PASSWORD, newPassword: 'an entirely new passphrase' },
      }),
    },
  ],
  'GET /me': [{ status: 200, name: 'shows the signed-in user', arrange: async () => ({ as: 'tx.auditor', path: '/me' }) }],
  'POST /cases': [
    { status: 201, name: 'opens a case', arrange: async () => ({ as: 'oh.field_officer', path: '/cases', body: newCase() }) },
    {
      status: 400,
      name: 'refuses the same state twice',
      arrange: async () => ({ as: 'oh.field_officer', path: '/cases', body: { ...newCase(), receivingState: 'OH' } }),
    },
    { status: 403, name: 'refuses another sending state', arrange: async () => ({ as: 'tx.field_officer', path: '/cases', body: newCase() }) },
  ],
  'GET /cases': [
    { status: 200, name: 'lists cases', arrange: async () => ({ as: 'oh.field_officer', path: '/cases', query: { limit: '3' } }) },
    { status: 400, name: 'refuses an unknown status', arrange: async () => ({ as: 'oh.field_officer', path: '/cases', query: { status: 'lost' } }) },
  ],
  'GET /cases/{id}': [
    {
      status: 200,
      name: 'shows a draft (closureReason null)',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase()}` }),
    },
    { status: 200, name: 'shows a closed case', arrange: async () => ({ as: 'tx.field_officer', path: `/cases/${await ohioCase('closed')}` }) },
    {
      status: 404,
      name: 'hides another state’s case',
      arrange: async () => ({ as: 'ca.field_officer', path: `/cases/${await ohioCase('active')}` }),
    },
  ],
  'POST /cases/{id}/events': [
    ...eventExampleCases(),
    {
      status: 400,
      name: 'refuses a rejection without a reason',
      arrange: async () => ({ as: 'tx.compact_office', path: `/cases/${await ohioCase('transfer_requested')}/events`, body: { type: 'REJECT_TRANSFER' } }),
    },
    {
      status: 403,
      name: 'refuses an auditor',
      arrange: async () => ({ as: 'oh.auditor', path: `/cases/${await ohioCase()}/events`, body: { type: 'SUBMIT_TRANSFER_REQUEST' } }),
    },
    {
      status: 404,
      name: 'hides an unknown case',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${anyId()}/events`, body: { type: 'WITHDRAW', reason: 'x' } }),
    },
    {
      status: 409,
      name: 'refuses an event the status does not allow',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase()}/events`, body: { type: 'NOTICE_OF_DEPARTURE' } }),
    },
    {
      status: 409,
      name: 'refuses a stale expectedVersion',
      arrange: async () => ({
        as: 'oh.field_officer',
        path: `/cases/${await ohioCase('transfer_requested')}/events`,
        body: { type: 'WITHDRAW', reason: 'x', expectedVersion: 1 },
      }),
    },
  ],
  'POST /cases/{id}/assignment': [
    {
      status: 200,
      name: 'hands the sending side to the supervisor',
      arrange: async () => ({ as: 'oh.supervisor', path: `/cases/${await ohioCase()}/assignment`, body: { assigneeId: t.actor('oh.supervisor').id } }),
    },
    {
      status: 400,
      name: 'refuses an assignee of the other state',
      arrange: async () => ({ as: 'oh.supervisor', path: `/cases/${await ohioCase()}/assignment`, body: { assigneeId: t.actor('tx.field_officer').id } }),
    },
    {
      status: 403,
      name: 'refuses a field officer',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase()}/assignment`, body: { assigneeId: t.actor('oh.supervisor').id } }),
    },
    {
      status: 404,
      name: 'hides an unknown case',
      arrange: async () => ({ as: 'oh.supervisor', path: `/cases/${anyId()}/assignment`, body: { assigneeId: t.actor('oh.supervisor').id } }),
    },
    {
      status: 409,
      name: 'waits for the acceptance on the receiving side',
      arrange: async () => ({
        as: 'tx.compact_office',
        path: `/cases/${await ohioCase('transfer_requested')}/assignment`,
        body: { assigneeId: t.actor('tx.field_officer').id },
      }),
    },
  ],
  'GET /workload': [
    {
      status: 200,
      name: "lists the receiving compact office's transfer replies",
      arrange: async () => {
        await ohioCase('transfer_requested');
        return { as: 'tx.compact_office', path: '/workload' };
      },
    },
    { status: 400, name: 'refuses an unknown rule', arrange: async () => ({ as: 'tx.compact_office', path: '/workload', query: { rule: '9.999' } }) },
    { status: 403, name: 'refuses an auditor', arrange: async () => ({ as: 'oh.auditor', path: '/workload' }) },
  ],
  'GET /compliance': [
    {
      status: 200,
      name: 'gives the report',
      arrange: async () => ({ as: 'tx.auditor', path: '/compliance', query: await complianceRange() }),
    },
    {
      status: 200,
      name: 'gives the report as CSV',
      arrange: async () => ({ as: 'tx.compact_office', path: '/compliance', query: await complianceRange({ format: 'csv' }) }),
    },
    {
      status: 400,
      name: 'refuses to before from',
      arrange: async () => ({ as: 'tx.auditor', path: '/compliance', query: { from: '2026-12-31', to: '2026-10-01' } }),
    },
    {
      status: 403,
      name: 'refuses another state’s figures',
      arrange: async () => ({ as: 'tx.auditor', path: '/compliance', query: await complianceRange({ state: 'OH' }) }),
    },
    { status: 403, name: 'refuses a field officer', arrange: async () => ({ as: 'tx.field_officer', path: '/compliance', query: await complianceRange() }) },
  ],
  'GET /compliance/deadlines': [
    {
      status: 200,
      name: 'gives the deadlines behind a count',
      arrange: async () => ({
        as: 'tx.compact_office',
        path: '/compliance/deadlines',
        query: await complianceRange({ measure: 'transfer_reply', limit: '1' }),
      }),
    },
    {
      status: 400,
      name: 'refuses an unknown measure',
      arrange: async () => ({ as: 'tx.compact_office', path: '/compliance/deadlines', query: await complianceRange({ measure: 'speed' }) }),
    },
    {
      status: 403,
      name: 'refuses another state’s deadlines',
      arrange: async () => ({
        as: 'tx.compact_office',
        path: '/compliance/deadlines',
        query: await complianceRange({ measure: 'transfer_reply', state: 'OH' }),
      }),
    },
  ],
  'GET /cases/{id}/history': [
    { status: 200, name: 'gives the history', arrange: async () => ({ as: 'oh.auditor', path: `/cases/${await ohioCase('closed')}/history` }) },
    { status: 404, name: 'hides an unknown case', arrange: async () => ({ as: 'oh.auditor', path: `/cases/${anyId()}/history` }) },
  ],
  'POST /cases/{id}/reopen-requests': [
    {
      status: 201,
      name: 'asks for a reopening',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase('closed')}/reopen-requests`, body: { reason: 'New warrant.' } }),
    },
    {
      status: 400,
      name: 'refuses no reason',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase('closed')}/reopen-requests`, body: {} }),
    },
    {
      status: 403,
      name: 'refuses a compact office',
      arrange: async () => ({ as: 'oh.compact_office', path: `/cases/${await ohioCase('closed')}/reopen-requests`, body: { reason: 'x' } }),
    },
    {
      status: 404,
      name: 'hides an unknown case',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${anyId()}/reopen-requests`, body: { reason: 'x' } }),
    },
    {
      status: 409,
      name: 'refuses a case that is not closed',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase('active')}/reopen-requests`, body: { reason: 'x' } }),
    },
  ],
  'GET /cases/{id}/reopen-requests': [
    {
      status: 200,
      name: 'lists a case’s requests',
      arrange: async () => {
        const request = await t.app.get(ReopenRequestsService).ask(await ohioCase('closed'), 'Why', t.actor('oh.field_officer'), null);
        return { as: 'tx.field_officer', path: `/cases/${request.caseId}/reopen-requests` };
      },
    },
    {
      status: 404,
      name: 'hides another state’s case',
      arrange: async () => ({ as: 'ca.field_officer', path: `/cases/${await ohioCase('closed')}/reopen-requests` }),
    },
  ],
  'GET /reopen-requests': [
    {
      status: 200,
      name: 'lists the queue',
      arrange: async () => ({ as: 'tx.compact_office', path: '/reopen-requests', query: { status: 'pending' } }),
    },
    {
      status: 400,
      name: 'refuses an unknown status',
      arrange: async () => ({ as: 'tx.compact_office', path: '/reopen-requests', query: { status: 'lost' } }),
    },
  ],
  'GET /reopen-requests/{id}': [
    { status: 200, name: 'shows a request', arrange: async () => ({ as: 'tx.compact_office', path: `/reopen-requests/${await pendingRequest()}` }) },
    {
      status: 404,
      name: 'hides it from a third state',
      arrange: async () => ({ as: 'ca.compact_office', path: `/reopen-requests/${await pendingRequest()}` }),
    },
  ],
  'POST /reopen-requests/{id}/approve': decisionCases('approve', 'tx.compact_office', 'oh.compact_office'),
  'POST /reopen-requests/{id}/deny': decisionCases('deny', 'tx.compact_office', 'oh.compact_office'),
  'POST /reopen-requests/{id}/withdraw': decisionCases('withdraw', 'oh.field_officer', 'oh.supervisor'),
  'GET /cases/{id}/activities': [
    { status: 200, name: "lists the case's activities", arrange: async () => ({ as: 'tx.auditor', path: `/cases/${await ohioCase('active')}/activities` }) },
    {
      status: 404,
      name: 'hides the case from a third state',
      arrange: async () => ({ as: 'ca.compact_office', path: `/cases/${await ohioCase('active')}/activities` }),
    },
  ],
  'POST /cases/{id}/activities': [
    {
      status: 201,
      name: 'issues a warrant',
      arrange: async () => ({
        as: 'oh.compact_office',
        path: `/cases/${await ohioCase('active')}/activities`,
        body: { kind: 'warrant', issuedOn: daysAgo(2), reason: 'Absconded from supervision.' },
      }),
    },
    {
      status: 400,
      name: 'refuses a warrant without its date',
      arrange: async () => ({
        as: 'oh.compact_office',
        path: `/cases/${await ohioCase('active')}/activities`,
        body: { kind: 'warrant', reason: 'Absconded.' },
      }),
    },
    {
      status: 403,
      name: 'refuses a warrant from the receiving state',
      arrange: async () => ({
        as: 'tx.compact_office',
        path: `/cases/${await ohioCase('active')}/activities`,
        body: { kind: 'warrant', issuedOn: daysAgo(2), reason: 'Absconded.' },
      }),
    },
    {
      status: 404,
      name: 'hides an unknown case',
      arrange: async () => ({ as: 'oh.compact_office', path: `/cases/${anyId()}/activities`, body: { kind: 'progress_report' } }),
    },
    {
      status: 409,
      name: 'refuses a progress report on a closed case',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase('closed')}/activities`, body: { kind: 'progress_report' } }),
    },
  ],
  'GET /activities': [
    {
      status: 200,
      name: "lists the state's issued warrants",
      arrange: async () => {
        await issuedWarrant();
        return { as: 'tx.compact_office', path: '/activities', query: { kind: 'warrant', status: 'issued' } };
      },
    },
    {
      status: 400,
      name: "refuses a status that is not the kind's",
      arrange: async () => ({ as: 'tx.compact_office', path: '/activities', query: { kind: 'warrant', status: 'open' } }),
    },
  ],
  'GET /activities/{id}': [
    { status: 200, name: 'shows the activity', arrange: async () => ({ as: 'tx.field_officer', path: `/activities/${await issuedWarrant()}` }) },
    { status: 404, name: 'hides it from a third state', arrange: async () => ({ as: 'ca.compact_office', path: `/activities/${await issuedWarrant()}` }) },
  ],
  'GET /activities/{id}/history': [
    { status: 200, name: "gives the activity's history", arrange: async () => ({ as: 'oh.auditor', path: `/activities/${await issuedWarrant()}/history` }) },
    { status: 404, name: 'hides an unknown activity', arrange: async () => ({ as: 'oh.auditor', path: `/activities/${anyId()}/history` }) },
  ],
  'POST /activities/{id}/events': [
    {
      status: 200,
      name: 'reports custody on a warrant',
      arrange: async () => ({
        as: 'tx.field_officer',
        path: `/activities/${await issuedWarrant()}/events`,
        body: { type: 'REPORT_CUSTODY', custodySince: daysAgo(2) },
      }),
    },
    {
      status: 400,
      name: 'refuses custody without its date',
      arrange: async () => ({ as: 'tx.field_officer', path: `/activities/${await issuedWarrant()}/events`, body: { type: 'REPORT_CUSTODY' } }),
    },
    {
      status: 403,
      name: 'refuses an auditor',
      arrange: async () => ({
        as: 'tx.auditor',
        path: `/activities/${await issuedWarrant()}/events`,
        body: { type: 'REPORT_CUSTODY', custodySince: daysAgo(2) },
      }),
    },
    {
      status: 404,
      name: 'hides an unknown activity',
      arrange: async () => ({ as: 'oh.compact_office', path: `/activities/${anyId()}/events`, body: { type: 'RETAKE' } }),
    },
    {
      status: 409,
      name: 'refuses a retaking before custody',
      arrange: async () => ({ as: 'oh.compact_office', path: `/activities/${await issuedWarrant()}/events`, body: { type: 'RETAKE' } }),
    },
  ],
  'GET /health': [
    { status: 200, name: 'is up', arrange: async () => ({ path: '/health' }) },
    { status: 503, name: 'is down without its database', arrange: async () => ({ onLimited: true, path: '/health', breaking: 'database' }) },
  ],
  'GET /health/live': [{ status: 200, name: 'is alive', arrange: async () => ({ path: '/health/live' }) }],
  'GET /health/ready': [
    { status: 200, name: 'is ready', arrange: async () => ({ path: '/health/ready' }) },
    {
      status: 503,
      name: 'is not ready while shutting down',
      arrange: async () => ({ onLimited: true, path: '/health/ready', breaking: 'draining' }),
    },
  ],
  'GET /metrics': [
    { status: 200, name: 'gives the metrics', arrange: async () => ({ path: '/metrics', headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }) },
    {
      status: 401,
      name: 'refuses a wrong token',
      arrange: async () => ({ path: '/metrics', headers: { Authorization: 'Bearer not-the-metrics-token-at-all' } }),
    },
    {
      status: 404,
      name: 'is off without METRICS_TOKEN',
      arrange: async () => ({ onLimited: true, path: '/metrics', headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }),
    },
  ],
};

let accountsInvited = 0;
function newAccount() {
  const username = `oh.invited${++accountsInvited}`;
  return { username, email: `${username}@e2e.example`, displayName: 'Invited', role: 'auditor' };
}

function newCase() {
  return { offenderName: `Contract Opened ${++offenders}`, sendingState: 'OH', receivingState: 'TX' };
}

/** Each request example of POST /cases/{id}/events, sent as given to a case in the status it is for. */
function eventExampleCases(): Case[] {
  const example = (name: string) => document.paths['/cases/{id}/events'].post.requestBody.content['application/json'].examples[name].value;
  return [
    {
      status: 200,
      name: 'takes the transferRequest example',
      arrange: async () => ({ as: 'oh.field_officer', path: `/cases/${await ohioCase()}/events`, body: example('transferRequest') }),
    },
    {
      status: 200,
      name: 'takes the closureNotice example',
      arrange: async () => ({ as: 'tx.field_officer', path: `/cases/${await ohioCase('active')}/events`, body: example('closureNotice') }),
    },
    {
      status: 200,
      name: 'takes the rejectTransfer example',
      arrange: async () => ({ as: 'tx.compact_office', path: `/cases/${await ohioCase('transfer_requested')}/events`, body: example('rejectTransfer') }),
    },
  ];
}

/** approve, deny or withdraw: `who` may, `other` of the same state may not. Approve and withdraw need no body. */
function decisionCases(step: 'approve' | 'deny' | 'withdraw', who: string, other: string): Case[] {
  const okBody = step === 'deny' ? { reason: 'The violation was handled before closure.' } : undefined;
  const path = async (id?: string) => `/reopen-requests/${id ?? (await pendingRequest())}/${step}`;
  return [
    {
      status: 200,
      name: okBody ? 'decides with a reason' : 'decides with no body at all',
      arrange: async () => ({ as: who, path: await path(), body: okBody }),
    },
    {
      status: 400,
      name: step === 'deny' ? 'refuses no reason' : 'refuses a note that is too long',
      arrange: async () => ({ as: who, path: await path(), body: step === 'deny' ? {} : { reason: 'x'.repeat(1001) } }),
    },
    { status: 403, name: 'refuses someone else', arrange: async () => ({ as: other, path: await path(), body: okBody }) },
    { status: 404, name: 'hides an unknown request', arrange: async () => ({ as: who, path: await path(anyId()), body: okBody }) },
    { status: 409, name: 'refuses a decided request', arrange: async () => ({ as: who, path: await path(await decidedRequest()), body: okBody }) },
  ];
}

// ----- the document, and checking an answer against it -----

type Json = any;
let document: Json;
let ajv: Ajv;
let limitedToken: string;
const validators = new Map<string, ValidateFunction>();

interface Operation {
  key: string;
  method: string;
  path: string;
  spec: Json;
}

function operationsOf(doc: Json): Operation[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => ({ key: `${method.toUpperCase()} ${path}`, method, path, spec: item[method] })),
  );
}

/** Objects of the document allow no property they do not name, as the server's own validation does. */
function closed(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function validatorFor(schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...closed(schema), components: closed(document.components) });
    validators.set(key, validate);
  }
  return validate;
}

function expectValid(schema: Json, value: unknown, what: string): void {
  const validate = validatorFor(schema);
  if (!validate(value)) {
    throw new Error(`${what} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 800)}`);
  }
}

const resolve = (node: Json): Json =>
  node?.$ref
    ? node.$ref
        .split('/')
        .slice(1)
        .reduce((at: Json, part: string) => at[part], document)
    : node;

/** Everything the document says about one answer, checked. */
function checkAnswer(op: Operation, res: Response, expected: number, name: string): void {
  const what = `${op.key} (${name})`;
  const declared = op.spec.responses[String(res.status)];
  if (!declared) throw new Error(`${what} answered ${res.status}, which the document does not declare: ${res.text.slice(0, 300)}`);
  if (res.status !== expected) throw new Error(`${what} answered ${res.status}, not ${expected}: ${res.text.slice(0, 300)}`);
  const response = resolve(declared);
  const headers: Record<string, Json> = response.headers ?? {};
  for (const [header, spec] of Object.entries(headers).map(([h, s]) => [h, resolve(s)] as const)) {
    const value = res.headers[header.toLowerCase()];
    if (spec.required && value === undefined) throw new Error(`${what}: the answer has no ${header} header, which the document requires`);
    if (value !== undefined) expectValid(spec.schema, spec.schema.type === 'integer' ? Number(value) : value, `${what}: header ${header}`);
  }
  for (const header of ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed']) {
    if (res.headers[header.toLowerCase()] !== undefined && !headers[header]) {
      throw new Error(`${what}: the answer has a ${header} header, which the document does not declare for ${res.status}`);
    }
  }
  const content: Record<string, Json> | undefined = response.content;
  if (!content) {
    if (res.text) throw new Error(`${what}: the document declares no body for ${res.status}, the answer has one`);
    return;
  }
  const mediaType = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const media = content[mediaType];
  if (!media) throw new Error(`${what}: content type ${mediaType} is not one of ${Object.keys(content).join(', ')}`);
  if (mediaType === 'application/json') {
    expectValid(media.schema, res.body, `${what}: the body`);
    if (res.status >= 400) {
      const { statusCode, reference } = res.body;
      expect({ statusCode, reference }).toEqual({ statusCode: res.status, reference: res.headers['x-request-id'] });
    }
  } else {
    expectValid(media.schema, res.text, `${what}: the body`);
    if (mediaType === 'application/x-ndjson') {
      const lines = res.text.trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expectValid({ $ref: '#/components/schemas/AuditEntryView' }, JSON.parse(line), `${what}: a line`);
    }
  }
}

function expectAllowed(op: Operation, call: Call, name: string): void {
  const what = `${op.key} (${name})`;
  const body = op.spec.requestBody;
  if (call.body === undefined && body?.required) throw new Error(`${what}: the server took no body, but the document requires one`);
  if (call.body !== undefined) expectValid(body.content['application/json'].schema, call.body, `${what}: the request body`);
  for (const [name, value] of Object.entries(call.query ?? {})) {
    const parameter = (op.spec.parameters ?? []).find((p: Json) => p.in === 'query' && p.name === name);
    if (!parameter) throw new Error(`${what}: the query parameter ${name} is not in the document`);
    expectValid(parameter.schema, parameter.schema.type === 'integer' ? Number(value) : value, `${what}: the query parameter ${name}`);
  }
}

async function send(op: Operation, call: Call): Promise<Response> {
  const app = call.onLimited ? limited : t;
  if (call.breaking === 'database') return withoutDatabase(app, () => send(op, { ...call, breaking: undefined }));
  if (call.breaking === 'draining') app.app.get(Draining).start();
  const path = call.query ? `${call.path}?${new URLSearchParams(call.query)}` : call.path;
  let req = app.http[op.method as 'get'](path);
  // Signed in before the chain is broken: a sign-in appends an entry too.
  if (call.as) req = req.set('Authorization', `Bearer ${await app.token(call.as)}`);
  for (const [name, value] of Object.entries(call.headers ?? {})) req = req.set(name, value);
  if (call.raw !== undefined) req = req.set('Content-Type', 'application/json').send(call.raw);
  else if (call.body !== undefined) req = req.send(call.body as object);
  if (call.breaking === 'away') return withDatabaseAway(app, async () => req);
  return call.breaking === 'chain' ? withChainBroken(app, async () => req) : req;
}

/**
 * The answer while the database refuses every statement as a stopped one does: PostgreSQL's pool
 * cannot connect, SQLite's connection reports its file busy. Real outages are in database-outage.*.e2e-spec.ts.
 */
async function withDatabaseAway(app: TestApp, run: () => Promise<Response>): Promise<Response> {
  const driver = app.dataSource.driver as unknown as {
    obtainMasterConnection(): Promise<unknown>;
    createQueryRunner(mode: string): { query(): Promise<unknown> };
  };
  const away =
    app.dataSource.options.type === 'postgres'
      ? jest
          .spyOn(driver, 'obtainMasterConnection')
          .mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
      : jest.spyOn(driver.createQueryRunner('master'), 'query').mockRejectedValue(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
  try {
    const answer = await run();
    // Its status is checked against the case's by the caller; a 503 for the database tells when to come back.
    if (answer.status === 503) expect(answer.headers['retry-after']).toBe('1');
    return answer;
  } finally {
    away.mockRestore();
    await app.app.get(DatabaseOutage).checkBack();
  }
}

/**
 * The answer while an entry forged past the head holds the place of the next one, as someone with
 * the database could write it; the forged entry is removed after, the guard against deletes put back.
 */
async function withChainBroken(app: TestApp, run: () => Promise<Response>): Promise<Response> {
  // A reset request answered before writes its entry after answering: let it, or it takes the forged entry's place.
  await app.app.get(PasswordResetService).settled();
  const [head] = await app.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
  const entries = app.dataSource.getRepository(AuditEntry);
  const last = await entries.findOneByOrFail({ seq: Number(head.last_seq) });
  const forged = last.seq + 1;
  await entries.insert({ ...last, seq: forged, reason: 'forged', prevHash: last.hash });
  try {
    return await run();
  } finally {
    const guard = 'audit_entries_no_delete';
    const onPostgres = app.dataSource.options.type === 'postgres';
    const [{ def }] = onPostgres
      ? await app.query(`SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = '${guard}' AND tgrelid = 'audit_entries'::regclass`)
      : await app.query(`SELECT sql AS def FROM sqlite_master WHERE type = 'trigger' AND name = '${guard}'`);
    await app.query(onPostgres ? `DROP TRIGGER ${guard} ON audit_entries` : `DROP TRIGGER ${guard}`);
    await app.query('DELETE FROM audit_entries WHERE seq = ?', [forged]);
    await app.query(def);
  }
}

/** The answer while the app's database connection is closed; the connection is opened again after. */
async function withoutDatabase(app: TestApp, run: () => Promise<Response>): Promise<Response> {
  await app.dataSource.destroy();
  try {
    return await run();
  } finally {
    await app.dataSource.initialize();
  }
}

/** The calls every operation of a kind gets, from what the document says of it. */
function sharedCases(op: Operation, ok: Case): Case[] {
  const cases: Case[] = [];
  const signedIn = (op.spec.security ?? []).some((s: Json) => 'bearer' in s);
  if (signedIn) cases.push({ status: 401, name: 'signed out', arrange: async () => ({ ...(await ok.arrange()), as: undefined, headers: {} }) });
  // Every operation that appends an audit entry says 503 for a broken chain; one that says nothing must go on answering.
  // With the audit chain broken, what appends an entry answers 503, and what does not goes on answering.
  const audited = op.spec['x-audited'];
  const refusal = CONTRACT[op.key]?.find((c) => c.status === 404) ?? CONTRACT[op.key]?.find((c) => c.status === 403);
  const base = audited === 'refusals' ? refusal : ok;
  if (!base) throw new Error(`${op.key} is audited when it refuses, but has no 403 or 404 case`);
  cases.push({
    status: audited === 'none' ? ok.status : 503,
    name: `with the audit chain broken (audited: ${audited})`,
    arrange: async () => ({ ...(await base.arrange()), breaking: 'chain' }),
  });
  // What the document says answers 503 while the database is away does, with Retry-After.
  if (op.spec.responses['503']?.content?.['application/json']?.examples?.databaseAway) {
    cases.push({ status: 503, name: 'with the database away', arrange: async () => ({ ...(await ok.arrange()), breaking: 'away' }) });
  }
  if (op.spec.requestBody) {
    cases.push({ status: 400, name: 'a body that is not JSON', arrange: async () => ({ ...(await ok.arrange()), raw: '{"unfinished":' }) });
    cases.push({
      status: 413,
      name: 'a body too large',
      arrange: async () => ({ ...(await ok.arrange()), raw: JSON.stringify({ padding: 'x'.repeat(120_000) }) }),
    });
  }
  return cases;
}

/** Idempotency-Key, where the document says it is taken: a bad key, a replay, a key reused, a key still in use. */
async function checkIdempotency(op: Operation, ok: Case): Promise<void> {
  const keyed = async (key: string, change?: (call: Call) => Call): Promise<[Call, Response]> => {
    const call = await ok.arrange();
    const sent = change ? change(call) : call;
    return [sent, await send(op, { ...sent, headers: { ...sent.headers, 'Idempotency-Key': key } })];
  };
  checkAnswer(op, (await keyed('has spaces in it'))[1], 400, 'an Idempotency-Key that is not valid');

  const key = randomUUID();
  const [first, answer] = await keyed(key);
  checkAnswer(op, answer, ok.status, 'first request with a key');
  const replay = await send(op, { ...first, headers: { ...first.headers, 'Idempotency-Key': key } });
  checkAnswer(op, replay, ok.status, 'the same request again');
  expect(replay.headers['idempotent-replayed']).toBe('true');
  const otherBody = { ...(first.body as object), differs: true };
  const reused = await send(op, { ...first, body: otherBody, headers: { ...first.headers, 'Idempotency-Key': key } });
  checkAnswer(op, reused, 422, 'the key again with another body');

  const held = randomUUID();
  const call = await ok.arrange();
  const user = call.as ? t.actor(call.as) : null;
  if (!user) throw new Error(`${op.key}: its first 2xx case must name the user it signs in as`);
  const path = call.query ? `${call.path}?${new URLSearchParams(call.query)}` : call.path;
  const fingerprint = requestFingerprint(op.method, path, call.body);
  await t.app.get(IdempotencyStore).claim({ userId: user.id, key: held }, fingerprint, `${op.method.toUpperCase()} ${path}`);
  const inUse = await send(op, { ...call, headers: { ...call.headers, 'Idempotency-Key': held } });
  checkAnswer(op, inUse, 409, 'a key still in use');
  expect(Number(inUse.headers['retry-after'])).toBeGreaterThan(0);
}

describe('the OpenAPI document, against every answer of the server', () => {
  beforeAll(async () => {
    t = await TestApp.start({ env: { METRICS_TOKEN } });
    limited = await TestApp.start({ env: { AUTH_RATE_LIMIT: '1', AUTH_RATE_LIMIT_WINDOW_SECONDS: '3600' } });
    const oneAccount = await ohioAccount(limited);
    // The one sign-in the limited app allows; every later call of /auth/* there is over the limit.
    limitedToken = await signIn(oneAccount.username, limited);
    document = (await t.http.get('/docs-json').expect(200)).body;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('password', true);
  });
  afterAll(async () => {
    await limited?.close();
    await t?.close();
  });

  it('lists operations, and has a contract case for each of them and for each status each declares', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((op) => !CONTRACT[op.key]).map((op) => op.key);
    expect({ operationsWithoutCases: missing }).toEqual({ operationsWithoutCases: [] });
    const gone = Object.keys(CONTRACT).filter((key) => !operations.some((op) => op.key === key));
    expect({ casesOfNoOperation: gone }).toEqual({ casesOfNoOperation: [] });
    const uncovered = operations.flatMap((op) => {
      const ok = CONTRACT[op.key].find((c) => c.status < 300)!;
      const statuses = new Set([...CONTRACT[op.key], ...sharedCases(op, ok)].map((c) => c.status));
      if (op.spec.parameters?.some((p: Json) => p.name === 'Idempotency-Key')) [400, 409, 422].forEach((s) => statuses.add(s));
      return Object.keys(op.spec.responses)
        .filter((status) => !statuses.has(Number(status)))
        .map((status) => `${op.key} ${status}`);
    });
    expect({ declaredButNeverCalled: uncovered }).toEqual({ declaredButNeverCalled: [] });
  });

  it('gives every example in the document a body valid against its own schema, and error examples their own status', () => {
    let checked = 0;
    for (const op of operationsOf(document)) {
      for (const [status, declared] of Object.entries(op.spec.responses as Record<string, Json>)) {
        for (const media of Object.values((resolve(declared).content ?? {}) as Record<string, Json>)) {
          const named = Object.values(media.examples ?? {}).map((e: Json) => e.value);
          const examples = [...(media.example !== undefined ? [media.example] : []), ...named];
          for (const example of examples) {
            expectValid(media.schema, example, `${op.key} ${status} example`);
            if (Number(status) >= 400) expect({ op: op.key, statusCode: example.statusCode }).toEqual({ op: op.key, statusCode: Number(status) });
            checked++;
          }
        }
      }
      for (const media of Object.values((op.spec.requestBody?.content ?? {}) as Record<string, Json>)) {
        for (const example of Object.values(media.examples ?? {}).map((e: Json) => e.value)) {
          expectValid(media.schema, example, `${op.key} request example`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('says no health check the app does not have', () => {
    const text = JSON.stringify(document.paths['/health/ready']) + JSON.stringify(document.paths['/health']);
    expect(text).toContain('database');
    expect(text).not.toMatch(/redis/i);
  });

  describe.each(Object.keys(CONTRACT))('%s', (key) => {
    it('answers each declared status as declared, and only those', async () => {
      const op = operationsOf(document).find((o) => o.key === key);
      if (!op) throw new Error(`${key} is not in the document`);
      const ok = CONTRACT[key].find((c) => c.status < 300)!;
      for (const c of [...CONTRACT[key], ...sharedCases(op, ok)]) {
        const call = await c.arrange();
        // A request the server takes must be one the document allows: no limit or required field it does not have.
        if (c.status < 300) expectAllowed(op, call, c.name);
        checkAnswer(op, await send(op, call), c.status, c.name);
      }
      if (op.spec.parameters?.some((p: Json) => p.name === 'Idempotency-Key')) await checkIdempotency(op, ok);
    });
  });
});
