import { MigrationInterface, QueryRunner } from 'typeorm';

// The workload and the deadlines behind a compliance count, each walked in its own order within the
// state it is asked for: a user's open deadlines (or nobody's) and one time limit's, of a state, by
// due instant; a measure's, of a state, by due date. The indexes they replace led with the user or
// the measure, so that a page walked every state's rows, or the whole state's, to find its own.

export class DeadlineListIndexes1796030000000 implements MigrationInterface {
    name = 'DeadlineListIndexes1796030000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_deadlines_assignee_open"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_measure_due"`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_state_assignee_open" ON "deadlines" ("responsible_state", "assignee_id", "due_at", "id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_state_limit_open" ON "deadlines" ("responsible_state", "time_limit", "due_at", "id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_state_measure_due" ON "deadlines" ("responsible_state", "measure", "due_on", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_deadlines_state_measure_due"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_state_limit_open"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_state_assignee_open"`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_measure_due" ON "deadlines" ("measure", "due_on", "responsible_state") `);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_assignee_open" ON "deadlines" ("assignee_id", "due_at", "id") WHERE "status" = 'open'`);
    }
}
