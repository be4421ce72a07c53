import { MigrationInterface, QueryRunner } from 'typeorm';

// The deadlines of a case's supervision activities (progress reports, violation reports, warrants,
// return requests): each names its activity; a case's own deadlines name none.

export class ActivityDeadlines1795960000000 implements MigrationInterface {
    name = 'ActivityDeadlines1795960000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deadlines" ADD COLUMN "activity_id" character varying(36)`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_activity" ON "deadlines" ("activity_id", "started_at") WHERE "activity_id" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_deadlines_activity"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP COLUMN "activity_id"`);
    }
}
