import { MigrationInterface, QueryRunner } from 'typeorm';

// The indexes a filtered page of GET /audit walks (see src/audit/audit-page-plan.ts): a state's
// entries of one action; its refused and failed attempts (partial: an allowed entry, the common
// append, writes nothing there); and the time index with seq beside the time, so that a time window
// becomes a seq range from the index alone. Then ANALYZE, so the planner knows how selective each is.

export class AuditPageIndexes1795919420485 implements MigrationInterface {
    name = 'AuditPageIndexes1795919420485'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_audit_occurred_at"`);
        await queryRunner.query(`CREATE INDEX "idx_audit_primary_state_action_seq" ON "audit_entries" ("primary_state", "action", "seq") `);
        await queryRunner.query(`CREATE INDEX "idx_audit_secondary_state_action_seq" ON "audit_entries" ("secondary_state", "action", "seq") `);
        await queryRunner.query(`CREATE INDEX "idx_audit_primary_state_outcome_seq" ON "audit_entries" ("primary_state", "outcome", "seq") WHERE "outcome" <> 'allowed'`);
        await queryRunner.query(`CREATE INDEX "idx_audit_secondary_state_outcome_seq" ON "audit_entries" ("secondary_state", "outcome", "seq") WHERE "outcome" <> 'allowed'`);
        await queryRunner.query(`CREATE INDEX "idx_audit_occurred_at_seq" ON "audit_entries" ("occurred_at", "seq") `);
        await queryRunner.query(`ANALYZE "audit_entries"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_audit_occurred_at_seq"`);
        await queryRunner.query(`DROP INDEX "idx_audit_secondary_state_outcome_seq"`);
        await queryRunner.query(`DROP INDEX "idx_audit_primary_state_outcome_seq"`);
        await queryRunner.query(`DROP INDEX "idx_audit_secondary_state_action_seq"`);
        await queryRunner.query(`DROP INDEX "idx_audit_primary_state_action_seq"`);
        await queryRunner.query(`CREATE INDEX "idx_audit_occurred_at" ON "audit_entries" ("occurred_at") `);
    }

}
