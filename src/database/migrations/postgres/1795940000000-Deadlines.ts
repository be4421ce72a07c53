import { MigrationInterface, QueryRunner } from 'typeorm';

// The compact's clock (src/deadlines/deadline.entity.ts): a deadline per obligation and a row per
// reminder sent. Cases gain the supervision end date the closure notice counts from, and the user
// each side assigned them to; a case already open stays with the officer who opened it.

export class Deadlines1795940000000 implements MigrationInterface {
    name = 'Deadlines1795940000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deadlines" ("id" character varying(36) NOT NULL, "case_id" character varying(36) NOT NULL, "time_limit" character varying(16) NOT NULL, "rule_version" character varying(40) NOT NULL, "rule" character varying(40) NOT NULL, "limit_days" integer NOT NULL, "limit_unit" character varying(8) NOT NULL, "measure" character varying(24), "responsible_side" character varying(9) NOT NULL, "responsible_state" character varying(2) NOT NULL, "assignee_id" character varying(36), "started_by" character varying(32) NOT NULL, "transmitted_at" TIMESTAMP WITH TIME ZONE, "received_at" TIMESTAMP WITH TIME ZONE, "start_on" character varying(10) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_on" character varying(10) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(9) NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by" character varying(32), "on_time" boolean, "next_notice_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a9b8551c028a78298641a8e3470" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_case" ON "deadlines" ("case_id", "started_at") `);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_state_open" ON "deadlines" ("responsible_state", "due_at", "id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_assignee_open" ON "deadlines" ("assignee_id", "due_at", "id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_measure_due" ON "deadlines" ("measure", "due_on", "responsible_state") `);
        await queryRunner.query(`CREATE INDEX "idx_deadlines_next_notice" ON "deadlines" ("next_notice_at") WHERE "next_notice_at" IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "deadline_notices" ("id" character varying(36) NOT NULL, "deadline_id" character varying(36) NOT NULL, "notice_index" integer NOT NULL, "kind" character varying(9) NOT NULL, "outcome" character varying(10) NOT NULL, "recipients" integer NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_eeccc2ef48f897246556110ad4b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_deadline_notices_once" ON "deadline_notices" ("deadline_id", "notice_index") `);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "supervision_ends_on" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "sending_assignee_id" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "receiving_assignee_id" character varying(36)`);
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
