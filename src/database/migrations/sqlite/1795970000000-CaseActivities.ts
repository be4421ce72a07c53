import { MigrationInterface, QueryRunner } from 'typeorm';

// The supervision activities of a case: progress and violation reports, warrants, return requests, action requests.

export class CaseActivities1795970000000 implements MigrationInterface {
    name = 'CaseActivities1795970000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "case_id" varchar(36) NOT NULL, "kind" varchar(24) NOT NULL, "sending_state" varchar(2) NOT NULL, "receiving_state" varchar(2) NOT NULL, "status" varchar(16) NOT NULL, "linked_activity_id" varchar(36), "snapshot" text NOT NULL, "machine_version" integer NOT NULL, "version" integer NOT NULL, "started_by" varchar(36) NOT NULL, "started_by_username" varchar(64) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_case_created" ON "case_activities" ("case_id", "created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_case_activities_case_created"`);
        await queryRunner.query(`DROP TABLE "case_activities"`);
    }
}
