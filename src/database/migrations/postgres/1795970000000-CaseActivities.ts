import { MigrationInterface, QueryRunner } from 'typeorm';

// The supervision activities of a case, as the SQLite migration of the same name.

export class CaseActivities1795970000000 implements MigrationInterface {
    name = 'CaseActivities1795970000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_activities" ("id" character varying(36) NOT NULL, "case_id" character varying(36) NOT NULL, "kind" character varying(24) NOT NULL, "sending_state" character varying(2) NOT NULL, "receiving_state" character varying(2) NOT NULL, "status" character varying(16) NOT NULL, "linked_activity_id" character varying(36), "snapshot" jsonb NOT NULL, "machine_version" integer NOT NULL, "version" integer NOT NULL, "started_by" character varying(36) NOT NULL, "started_by_username" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0685ffb4206982b7efabbc8c18d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_case_created" ON "case_activities" ("case_id", "created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_case_activities_case_created"`);
        await queryRunner.query(`DROP TABLE "case_activities"`);
    }
}
