import { MigrationInterface, QueryRunner } from 'typeorm';

// Which side of the case started each activity, as a column of its own (its snapshot says it too),
// so that the open action requests addressed to a state (sent by the other side of its cases) are
// each a range of an index, oldest first: read from the snapshots, a state that sent many
// itself had My work read and sort all of its open requests. The existing rows take the side from
// their snapshots.

export class ActivityStartedBySide1796080000000 implements MigrationInterface {
    name = 'ActivityStartedBySide1796080000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_activities" ADD "started_by_side" character varying(9)`);
        await queryRunner.query(`UPDATE "case_activities" SET "started_by_side" = "snapshot" -> 'context' ->> 'startedBySide'`);
        await queryRunner.query(`ALTER TABLE "case_activities" ALTER COLUMN "started_by_side" SET NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_open_requests_receiving" ON "case_activities" ("receiving_state", "kind", "status", "started_by_side", "updated_at", "id") WHERE "kind" = 'action_request' AND "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_open_requests_sending" ON "case_activities" ("sending_state", "kind", "status", "started_by_side", "updated_at", "id") WHERE "kind" = 'action_request' AND "status" = 'open'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_case_activities_open_requests_sending"`);
        await queryRunner.query(`DROP INDEX "idx_case_activities_open_requests_receiving"`);
        await queryRunner.query(`ALTER TABLE "case_activities" DROP COLUMN "started_by_side"`);
    }
}
