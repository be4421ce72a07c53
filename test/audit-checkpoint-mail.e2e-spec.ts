import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { appendSyntheticHistory, dropAuditGuards, rewriteHistoryFrom } from './support/audit-fixtures';
import { mailsDelivered, type DeliveredMail } from './support/outbox';
import { CAST, TestApp } from './support/test-app';

const run = promisify(execFile);
const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');
const AUDITORS = CAST.filter((m) => m.role === 'auditor')
  .map((m) => `${m.username}@e2e.example`)
  .sort();

/** The values of a checkpoint mail, read as a person reads them, by their labels. */
function valuesOf(mail: DeliveredMail) {
  const value = (label: string) => mail.body.match(new RegExp(`^${label}:\\s+(\\S+)$`, 'm'))?.[1];
  const seq = value('Sequence number');
  return {
    seq: seq === undefined ? undefined : Number(seq),
    hash: value('Head hash'),
    signedAt: value('Signed at'),
    keyId: value('Key id'),
    signature: value('Signature'),
  };
}

/** The mails of checkpoint `seq`, by recipient. */
async function checkpointMails(t: TestApp, seq: number): Promise<DeliveredMail[]> {
  const mails = (await mailsDelivered(t)).filter((m) => m.subject === `Audit checkpoint ${seq}: keep this mail`);
  return mails.sort((a, b) => a.to.localeCompare(b.to));
}

/** What a command that exited non-zero left. */
const failed = (err: { code: number; stderr: string }) => err;

/** A failed sign-in: an audited action that needs no account. */
const appendOne = (t: TestApp) => t.http.post('/auth/login').send({ username: 'nobody.at.all', password: 'not the password' });

describe('checkpoints mailed to the auditors, witnesses outside the database', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ withCast: true });
  });
  afterEach(() => t.close());

  it('mails a signed checkpoint to every auditor of every state, once each, with all its values', async () => {
    const signed = (await (await t.as('oh.auditor')).post('/audit/checkpoints').expect(201)).body;
    const mails = await checkpointMails(t, signed.seq);
    expect(mails.map((m) => m.to)).toEqual(AUDITORS);
    const { seq, hash, signedAt, keyId, signature } = signed;
    for (const mail of mails) expect(valuesOf(mail)).toEqual({ seq, hash, signedAt, keyId, signature });
  });

  it('lets the holder of a mail find a rewritten past once the stored checkpoints are gone, by API and on the command line', async () => {
    await appendSyntheticHistory(t, 40);
    const auditor = await t.as('oh.auditor');
    const signed = (await auditor.post('/audit/checkpoints').expect(201)).body;
    const [mail] = await checkpointMails(t, signed.seq);
    // The request the mail gives, as it is written there.
    const body = JSON.parse(mail.body.match(/-d '(.+)'$/m)![1]);
    expect((await auditor.post('/audit/verify').send(body).expect(200)).body).toMatchObject({ ok: true });
    const v = valuesOf(mail);
    const flags = ['--seq', String(v.seq), '--hash', v.hash!, '--signed-at', v.signedAt!, '--key-id', v.keyId!, '--signature', v.signature!];
    const env = { ...process.env, LOG_LEVEL: 'silent' };
    const intact = await run(process.execPath, [cli, 'audit:verify-checkpoint', ...flags], { env });
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true });

    // Everything from `target` on rewritten with fresh hashes, the head moved, the stored checkpoints removed.
    await dropAuditGuards(t);
    const target = signed.seq - 20;
    await rewriteHistoryFrom(t, target);
    await t.query('DELETE FROM audit_checkpoints');
    expect((await auditor.get('/audit/verify').expect(200)).body).toMatchObject({ ok: true });

    const found = (await auditor.post('/audit/verify').send(body).expect(200)).body;
    expect(found).toMatchObject({ ok: false, firstInvalidSeq: signed.seq, problem: expect.stringMatching(/rewritten/) });
    const caught = await run(process.execPath, [cli, 'audit:verify-checkpoint', ...flags], { env }).catch(failed);
    expect(caught).toMatchObject({ code: 1 });
    expect((caught as { stderr: string }).stderr).toContain(`broken at entry ${signed.seq}`);
  });

  it('audit:verify-checkpoint names what is missing or malformed before it starts', async () => {
    const missing = await run(process.execPath, [cli, 'audit:verify-checkpoint', '--seq', '3']).catch(failed);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('needs --hash, --signed-at, --key-id, --signature') });
    const values = ['--seq', 'three', '--hash', 'x', '--signed-at', 'y', '--key-id', 'z', '--signature', 's'];
    const malformed = await run(process.execPath, [cli, 'audit:verify-checkpoint', ...values]).catch(failed);
    expect(malformed).toMatchObject({ code: 1, stderr: expect.stringContaining('The values given are not a checkpoint') });
  });
});

describe('checkpoints signed every few entries', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ withCast: true, env: { AUDIT_CHECKPOINT_EVERY: '5' } });
  });
  afterEach(() => t.close());

  const storedSeqs = async () => (await t.query('SELECT seq FROM audit_checkpoints ORDER BY seq')).map((r: { seq: unknown }) => Number(r.seq));

  it('mails each to the auditors there are when it is signed', async () => {
    await appendOne(t).expect(401);
    const seqs = await storedSeqs();
    expect(seqs.length).toBeGreaterThan(0);
    // The cast opened the last state's auditor before the newest checkpoint: all three are there by then.
    const newest = seqs[seqs.length - 1];
    expect((await checkpointMails(t, newest)).map((m) => m.to)).toEqual(AUDITORS);
  });

  it('refuses with 503 an append that reaches a stored checkpoint of a chain since cut off', async () => {
    await dropAuditGuards(t);
    const seqs = await storedSeqs();
    const stale = seqs[seqs.length - 1];
    const kept = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ seq: stale - 3 });
    await t.query('DELETE FROM audit_entries WHERE seq > ?', [kept.seq]);
    await t.query('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1', [kept.seq, kept.hash]);
    const mailsBefore = (await checkpointMails(t, stale)).length;

    for (let seq = kept.seq + 1; seq < stale; seq++) await appendOne(t).expect(401);
    const refused = await appendOne(t).expect(503);
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', reference: expect.stringMatching(/\S/) });
    const [head] = await t.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
    expect(Number(head.last_seq)).toBe(stale - 1);
    expect(await checkpointMails(t, stale)).toHaveLength(mailsBefore);
  });
});
