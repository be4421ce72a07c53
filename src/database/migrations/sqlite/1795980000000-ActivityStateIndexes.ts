import { MigrationInterface, QueryRunner } from 'typeorm';

// A state's open activities of a kind, on either side of its cases: the action requests addressed to it, for "My work".

export class ActivityStateIndexes1795980000000 implements MigrationInterface {
    name = 'ActivityStateIndexes1795980000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_case_activities_sending_kind_status" ON "case_activities" ("sending_state", "kind", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_receiving_kind_status" ON "case_activities" ("receiving_state", "kind", "status") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_case_activities_receiving_kind_status"`);
        await queryRunner.query(`DROP INDEX "idx_case_activities_sending_kind_status"`);
    }
}
