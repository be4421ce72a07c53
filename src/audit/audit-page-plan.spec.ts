import { planAuditPage, walkStatement } from './audit-page-plan';
import { AuditSql } from './audit-sql';

describe('the plan of a filtered audit page', () => {
  const indexes = (f: Parameters<typeof planAuditPage>[0]) => planAuditPage(f, 'OH').map((w) => w.index);

  it('walks the index that narrows most: case, then actor, then a rare outcome, then action, then the state', () => {
    expect(indexes({ caseId: 'c', actor: 'a', action: 'X', outcome: 'denied' })).toEqual(['idx_audit_case_seq']);
    expect(indexes({ actor: 'a', action: 'X', outcome: 'denied' })).toEqual(['idx_audit_actor_seq']);
    expect(indexes({ action: 'X', outcome: 'error' })).toEqual(['idx_audit_primary_state_outcome_seq', 'idx_audit_secondary_state_outcome_seq']);
    expect(indexes({ action: 'X', outcome: 'allowed' })).toEqual(['idx_audit_primary_state_action_seq', 'idx_audit_secondary_state_action_seq']);
    expect(indexes({ outcome: 'allowed', from: 'x' })).toEqual(['idx_audit_primary_state_seq', 'idx_audit_secondary_state_seq']);
  });

  it('checks the state row by row on a case or actor walk, and repeats the partial index condition', () => {
    const sql = new AuditSql('sqlite');
    const [walk] = planAuditPage({ caseId: 'c', outcome: 'denied' }, 'OH');
    const statement = walkStatement(sql, walk, { caseId: 'c', outcome: 'denied' }, { after: 5, through: null }, 101);
    expect(statement).toBe(
      'SELECT "seq" FROM "audit_entries" INDEXED BY "idx_audit_case_seq" WHERE "case_id" = ? AND "seq" > ? AND ' +
        `(COALESCE("primary_state", '') = ? OR COALESCE("secondary_state", '') = ?) AND "outcome" = ? AND "outcome" <> 'allowed' ORDER BY "seq" ASC LIMIT ?`,
    );
    expect(sql.parameters).toEqual(['c', 5, 'OH', 'OH', 'denied', 101]);
  });

  it('on PostgreSQL, orders an open range by (key, seq) so that only the intended index serves it', () => {
    const open = new AuditSql('postgres');
    const [walk] = planAuditPage({ action: 'REOPEN' }, 'OH');
    expect(walkStatement(open, walk, { action: 'REOPEN' }, { after: 9, through: null }, 11)).toBe(
      'SELECT "seq" FROM "audit_entries" WHERE "primary_state" = $1 AND ("action", "seq") > ($2, $3) AND ("action", "seq") <= ($4, 2147483647) ' +
        'ORDER BY "action" ASC, "seq" ASC LIMIT $5',
    );
    expect(open.parameters).toEqual(['OH', 'REOPEN', 9, 'REOPEN', 11]);
    const bounded = new AuditSql('postgres');
    expect(walkStatement(bounded, walk, { action: 'REOPEN', from: 't0' }, { after: 9, through: 20 }, 11)).toBe(
      'SELECT "seq" FROM "audit_entries" WHERE "primary_state" = $1 AND "action" = $2 AND "seq" > $3 AND "seq" <= $4 AND "occurred_at" >= $5 ' +
        'ORDER BY "seq" ASC LIMIT $6',
    );
  });

  it('for every state (a national auditor), walks a case or an actor unchecked, and otherwise the primary key in seq order', () => {
    expect(planAuditPage({ caseId: 'c' }, null)).toEqual([{ index: 'idx_audit_case_seq', keys: [['case_id', 'c']], scope: undefined }]);
    expect(planAuditPage({ actor: 'a' }, null)).toEqual([{ index: 'idx_audit_actor_seq', keys: [['actor_username', 'a']], scope: undefined }]);
    const [walk] = planAuditPage({ action: 'SIGN_IN' }, null);
    const sql = new AuditSql('postgres');
    expect(walkStatement(sql, walk, { action: 'SIGN_IN' }, { after: 3, through: null }, 11)).toBe(
      'SELECT "seq" FROM "audit_entries" WHERE "seq" > $1 AND "action" = $2 ORDER BY "seq" ASC LIMIT $3',
    );
    expect(walkStatement(new AuditSql('sqlite'), walk, {}, { after: 0, through: null }, 11)).toBe(
      'SELECT "seq" FROM "audit_entries" NOT INDEXED WHERE "seq" > ? ORDER BY "seq" ASC LIMIT ?',
    );
  });
});
