import { MigrationInterface, QueryRunner } from 'typeorm';

// A state's activities across its cases (GET /activities), the last changed first or the longest
// unchanged first, walked in an index of each side: of every kind and status, or of one kind in one
// status. The indexes of (state, kind, status) they extend served the action requests addressed to a
// state; these serve them the same way.

export class ActivityLists1796060000000 implements MigrationInterface {
    name = 'ActivityLists1796060000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_case_activities_sending_kind_status"`);
        await queryRunner.query(`DROP INDEX "idx_case_activities_receiving_kind_status"`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_sending_updated" ON "case_activities" ("sending_state", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_receiving_updated" ON "case_activities" ("receiving_state", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_sending_kind_status_updated" ON "case_activities" ("sending_state", "kind", "status", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_receiving_kind_status_updated" ON "case_activities" ("receiving_state", "kind", "status", "updated_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_case_activities_receiving_kind_status_updated"`);
        await queryRunner.query(`DROP INDEX "idx_case_activities_sending_kind_status_updated"`);
        await queryRunner.query(`DROP INDEX "idx_case_activities_receiving_updated"`);
        await queryRunner.query(`DROP INDEX "idx_case_activities_sending_updated"`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_receiving_kind_status" ON "case_activities" ("receiving_state", "kind", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_sending_kind_status" ON "case_activities" ("sending_state", "kind", "status") `);
    }
}
