import { MigrationInterface, QueryRunner } from 'typeorm';

// The case list by due date (sort=due): each case keeps its earliest open deadline (soonest due, then
// by id), its due date and its id, in columns of its own, kept in step with the deadlines by triggers,
// so in the transaction of every deadline write; and the indexes that walk them on each side of a
// state's cases, with the status filter too. A case with no open deadline keeps the date after every
// Eastern date (NO_DUE_DATE of case.repository.ts), so that it comes last.

/** The columns of the case `row` set to its earliest open deadline, read from the deadlines. */
const nextDueOf = (row: string) => {
    const next = (column: string) => `(SELECT d."${column}" FROM "deadlines" d WHERE d."case_id" = ${row}."id" AND d."status" = 'open' ORDER BY d."due_on", d."id" LIMIT 1)`;
    return `"next_due_on" = COALESCE(${next('due_on')}, '9999-12-31'), "next_due_id" = ${next('id')}`;
};

/**
 * The triggers write the case row only when what falls due next changes (each write of it costs
 * about as much as the step's own write of the case): they keep it the earliest open deadline, so
 * a deadline that opens replaces it only if sooner, and one that ends, moves or goes is looked for
 * again only if it was the one kept.
 */
const keptIs = (row: string) => `"next_due_id" = ${row}."id"`;
const soonerThanKept = (row: string) =>
    `("next_due_id" IS NULL OR ${row}."due_on" < "next_due_on" OR (${row}."due_on" = "next_due_on" AND ${row}."id" < "next_due_id"))`;

export class CaseNextDue1796010000000 implements MigrationInterface {
    name = 'CaseNextDue1796010000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "next_due_on" varchar(10) NOT NULL DEFAULT ('9999-12-31')`);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "next_due_id" varchar(36)`);
        await queryRunner.query(`UPDATE "cases" SET ${nextDueOf('"cases"')} WHERE "id" IN (SELECT "case_id" FROM "deadlines" WHERE "status" = 'open')`);
        // Only a write that opens, ends, moves or deletes an open deadline can change what falls due next.
        await queryRunner.query(`CREATE TRIGGER "case_next_due_insert" AFTER INSERT ON "deadlines" WHEN new."status" = 'open' BEGIN
            UPDATE "cases" SET "next_due_on" = new."due_on", "next_due_id" = new."id" WHERE "id" = new."case_id" AND ${soonerThanKept('new')};
        END`);
        await queryRunner.query(`CREATE TRIGGER "case_next_due_update" AFTER UPDATE OF "status", "due_on", "case_id", "id" ON "deadlines"
            WHEN (old."status" = 'open' OR new."status" = 'open') AND (old."status" IS NOT new."status" OR old."due_on" IS NOT new."due_on" OR old."case_id" IS NOT new."case_id" OR old."id" IS NOT new."id") BEGIN
            UPDATE "cases" SET ${nextDueOf('"cases"')} WHERE "id" = old."case_id" AND ${keptIs('old')};
            UPDATE "cases" SET "next_due_on" = new."due_on", "next_due_id" = new."id" WHERE "id" = new."case_id" AND new."status" = 'open' AND ${soonerThanKept('new')};
        END`);
        await queryRunner.query(`CREATE TRIGGER "case_next_due_delete" AFTER DELETE ON "deadlines" WHEN old."status" = 'open' BEGIN
            UPDATE "cases" SET ${nextDueOf('"cases"')} WHERE "id" = old."case_id" AND ${keptIs('old')};
        END`);
        await queryRunner.query(`CREATE INDEX "idx_cases_sending_due" ON "cases" ("sending_state", "next_due_on", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_due" ON "cases" ("receiving_state", "next_due_on", "id") WHERE "transmitted_at" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_cases_sending_status_due" ON "cases" ("sending_state", "status", "next_due_on", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_status_due" ON "cases" ("receiving_state", "status", "next_due_on", "id") WHERE "transmitted_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_status_due"`);
        await queryRunner.query(`DROP INDEX "idx_cases_sending_status_due"`);
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_due"`);
        await queryRunner.query(`DROP INDEX "idx_cases_sending_due"`);
        await queryRunner.query(`DROP TRIGGER "case_next_due_delete"`);
        await queryRunner.query(`DROP TRIGGER "case_next_due_update"`);
        await queryRunner.query(`DROP TRIGGER "case_next_due_insert"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "next_due_id"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "next_due_on"`);
    }
}
