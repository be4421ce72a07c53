import { MigrationInterface, QueryRunner } from 'typeorm';

// The compact's clock (src/deadlines/deadline.entity.ts): a deadline per obligation and a row per
// reminder sent. Cases gain the supervision end date the closure notice counts from, and the user
// each side assigned them to; a case already open stays with the officer who opened it.

export class Deadlines1795940000000 implements MigrationInterface {
    name = 'Deadlines1795940000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deadlines" ("id" varchar(36) PRIMARY KEY NOT NULL, "case_id" varchar(36) NOT NULL, "time_limit" varchar(16) NOT NULL, "rule_version" varchar(40) NOT NULL, "rule" varchar(40) NOT NULL, "limit_days" integer NOT NULL, "limit_unit" varchar(8) NOT NULL, "measure" varchar(24), "responsible_side" varchar(9) NOT NULL, "responsible_state" varchar(2) NOT NULL, "assignee_id" varchar(36), "started_by" varchar(32) NOT NULL, "transmitted_at" datetime, "received_at" datetime, "start_on" varchar(10) NOT NULL, "started_at" datetime NOT NULL, "due_on" varchar(10) NOT NULL, "due_at" datetime NOT NULL, "status" varchar(9) NOT NULL, "ended_at" datetime, "ended_by" varchar(32), "on_time" boolean, "next_notice_at" datetime, "created_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_case" ON "deadlines" ("case_id", "started_at") `);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_state_open" ON "deadlines" ("responsible_state", "due_at", "id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_assignee_open" ON "deadlines" ("assignee_id", "due_at", "id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_measure_due" ON "deadlines" ("measure", "due_on", "responsible_state") `);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_next_notice" ON "deadlines" ("next_notice_at") WHERE "next_notice_at" IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "deadline_notices" ("id" varchar(36) PRIMARY KEY NOT NULL, "deadline_id" varchar(36) NOT NULL, "notice_index" integer NOT NULL, "kind" varchar(9) NOT NULL, "outcome" varchar(10) NOT NULL, "recipients" integer NOT NULL, "due_at" datetime NOT NULL, "created_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_deadline_notices_once" ON "deadline_notices" ("deadline_id", "notice_index") `);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "supervision_ends_on" varchar(10)`);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "sending_assignee_id" varchar(36)`);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "receiving_assignee_id" varchar(36)`);
        await queryRunner.query(`UPDATE "cases" SET "sending_assignee_id" = "created_by"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "receiving_assignee_id"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "sending_assignee_id"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "supervision_ends_on"`);
        await queryRunner.query(`DROP INDEX "idx_deadline_notices_once"`);
        await queryRunner.query(`DROP TABLE "deadline_notices"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_next_notice"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_measure_due"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_assignee_open"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_state_open"`);
        await queryRunner.query(`DROP INDEX "idx_deadlines_case"`);
        await queryRunner.query(`DROP TABLE "deadlines"`);
    }

}
