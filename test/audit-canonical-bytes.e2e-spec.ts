import { canonicalBytesOrNull, type ChainRow } from '../src/audit/audit-chain';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash, canonicalAuditBytes, sha256Hex } from '../src/audit/audit-hash';
import { AuditReader } from '../src/audit/audit-reader.service';
import { dropAuditGuards } from './support/audit-fixtures';
import { onPostgres, TestApp } from './support/test-app';

/** A small deterministic generator (mulberry32), so a failure names entries that can be made again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Every character JSON treats apart (quotes, backslash, all controls but NUL, which PostgreSQL text
// cannot hold), and the ones serialisers tend to disagree on: DEL, U+2028/9, a BOM, astral characters.
const CONTROLS = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('');
const SPECIAL = `"\\/'=+-@,;${CONTROLS}\u007f\u0080\u00e9\u2028\u2029\ufeff\u4e2d\u{1F600}\u{10FFFF}`;
const PLAIN = 'abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789.:_';

function text(pick: () => number, maxLength: number): string {
  const length = Math.floor(pick() * maxLength);
  let s = '';
  for (let i = 0; i < length; i++) {
    const pool = pick() < 0.3 ? SPECIAL : PLAIN;
    s += [...pool][Math.floor(pick() * [...pool].length)];
  }
  return [...s].slice(0, maxLength).join('');
}

/** Entries unlike the engine's usual ones in every field, with their hashes made as the engine makes them. */
function variedEntries(count: number, firstSeq: number): AuditEntry[] {
  const pick = random(20261129);
  const maybe = (value: string) => (pick() < 0.25 ? null : value);
  return Array.from({ length: count }, (_, i) => {
    const e = Object.assign(new AuditEntry(), {
      seq: firstSeq + i,
      // 1900 to 2200, any millisecond, and the edges of a second.
      occurredAt: new Date(Date.UTC(1900, 0, 1) + Math.floor(pick() * 300 * 365.25 * 86_400_000) + (i % 3 === 0 ? 0 : i % 3 === 1 ? 999 : 0)),
      actorId: maybe(text(pick, 36)),
      actorUsername: maybe(text(pick, 64)),
      actorRole: maybe(text(pick, 32)),
      actorState: maybe(text(pick, 2)),
      action: text(pick, 64),
      entityType: text(pick, 32),
      entityId: maybe(text(pick, 64)),
      caseId: maybe(text(pick, 36)),
      primaryState: maybe(text(pick, 2)),
      secondaryState: maybe(text(pick, 2)),
      fromState: maybe(text(pick, 32)),
      toState: maybe(text(pick, 32)),
      outcome: (['allowed', 'denied', 'error'] as const)[i % 3],
      reason: maybe(text(pick, 1000)),
      requestId: maybe(text(pick, 64)),
      clientAddress: maybe(text(pick, 64)),
      hashFormat: AUDIT_HASH_FORMAT,
      prevHash: text(pick, 64),
    });
    e.hash = auditHash(e);
    return e;
  });
}

/**
 * The verifier reads the chain without entities, and on SQLite has the database write each entry's
 * canonical bytes. Those bytes must be the very bytes canonicalAuditBytes() gave the hash when the
 * entry was written, for any content: else an intact history would look edited.
 */
describe('the canonical bytes of entries as the verifier reads them', () => {
  let t: TestApp;
  let rows: () => Promise<Map<number, ChainRow>>;
  let first: number;
  const COUNT = 2000;

  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
    const [head] = await t.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
    first = Number(head.last_seq) + 1;
    rows = async () => {
      const found = new Map<number, ChainRow>();
      // Small batches, so that batch boundaries are crossed too.
      for await (const batch of t.app.get(AuditReader).chain(first, first + COUNT - 1, 700)) for (const row of batch) found.set(row[0], row);
      return found;
    };
  });
  afterAll(() => t.close());

  it('are the bytes the entry was hashed over, for entries of every kind', async () => {
    const entries = variedEntries(COUNT, first);
    const repository = t.dataSource.getRepository(AuditEntry);
    for (let i = 0; i < entries.length; i += 1000) await repository.insert(entries.slice(i, i + 1000));
    const read = await rows();
    expect(read.size).toBe(COUNT);
    const differing = entries.filter((e) => read.get(e.seq)?.[3] !== canonicalAuditBytes(e)).map((e) => e.seq);
    expect(differing).toEqual([]);
    for (const e of entries) expect(read.get(e.seq)!.slice(0, 3)).toEqual([e.seq, e.prevHash, e.hash]);
  });

  it('are, for a row edited into a shape the engine never writes, the bytes of the entity as TypeORM reads it', async () => {
    await dropAuditGuards(t);
    const [a, b, c, d] = [first + 10, first + 11, first + 12, first + 13];
    // The same instant in another spelling, no date at all, a value of another type.
    const edits: Array<[number, string, unknown]> = onPostgres
      ? [
          [a, 'occurred_at', '2026-11-29 04:26:20.269+02'],
          [b, 'occurred_at', '2026-11-29 02:26:20.269123+00'],
          [c, 'reason', ''],
          [d, 'occurred_at', '1999-12-31 23:59:59.999+00'],
        ]
      : [
          [a, 'occurred_at', '2026-11-29T02:26:20.269Z'],
          [b, 'occurred_at', '2026-11-29 02:26:20'],
          [c, 'occurred_at', 'not a date'],
          [d, 'occurred_at', 946684799999],
        ];
    for (const [seq, column, value] of edits)
      await t.query(`UPDATE audit_entries SET ${column} = ${onPostgres ? '$1' : '?'} WHERE seq = ${onPostgres ? '$2' : '?'}`, [value, seq]);
    const read = await rows();
    const repository = t.dataSource.getRepository(AuditEntry);
    for (const [seq] of edits) {
      const entity = await repository.findOneByOrFail({ seq });
      expect([seq, read.get(seq)?.[3]]).toEqual([seq, canonicalBytesOrNull(entity)]);
    }
    if (!onPostgres) {
      expect(read.get(c)?.[3]).toBeNull();
      // A date that does not exist, in the stored shape: a Date would roll it over to March 3rd, the bytes keep it as written.
      const e = first + 14;
      await t.query("UPDATE audit_entries SET occurred_at = '2026-02-31 10:00:00.000' WHERE seq = ?", [e]);
      const edited = (await rows()).get(e)![3];
      expect(edited).toContain('"2026-02-31T10:00:00.000Z"');
      expect(sha256Hex(edited!)).not.toBe(read.get(e)![2]);
      // A BLOB where text belongs: SQLite will not serialise the row, so the range is read through entities.
      await t.query('UPDATE audit_entries SET reason = ? WHERE seq = ?', [Buffer.from([0, 255]), first + 20]);
      const again = await rows();
      expect(again.size).toBe(COUNT);
      expect(again.get(first + 20)?.[3]).toEqual(canonicalBytesOrNull(await repository.findOneByOrFail({ seq: first + 20 })));
      expect(again.get(first + 21)?.[3]).toEqual(read.get(first + 21)?.[3]);
    }
  });
});
