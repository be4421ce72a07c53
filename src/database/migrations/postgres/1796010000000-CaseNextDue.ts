import { MigrationInterface, QueryRunner } from 'typeorm';

// The case list by due date (sort=due): each case keeps its earliest open deadline (soonest due, then
// by id), its due date and its id, in columns of its own, kept in step with the deadlines by a
// trigger, so in the transaction of every deadline write; and the indexes that walk them on each side
// of a state's cases, with the status filter too. A case with no open deadline keeps the date after
// every Eastern date (NO_DUE_DATE of case.repository.ts), so that it comes last.
//
// Names are left to the search path, as in CaseSearch: a deployment (and each test suite) lives in a
// schema of its own.

/** The columns of the case `row` set to its earliest open deadline, read from the deadlines. */
const nextDueOf = (row: string) => {
    const next = (column: string) => `(SELECT d."${column}" FROM "deadlines" d WHERE d."case_id" = ${row}."id" AND d."status" = 'open' ORDER BY d."due_on", d."id" LIMIT 1)`;
    return `"next_due_on" = COALESCE(${next('due_on')}, '9999-12-31'), "next_due_id" = ${next('id')}`;
};

/**
 * The trigger writes the case row only when what falls due next changes (each write of it costs
 * about as much as the step's own write of the case): it keeps it the earliest open deadline, so a
 * deadline that opens replaces it only if sooner, and one that ends, moves or goes is looked for
 * again only if it was the one kept.
 */
const soonerThanKept = (row: string) =>
    `(c."next_due_id" IS NULL OR ${row}."due_on" < c."next_due_on" OR (${row}."due_on" = c."next_due_on" AND ${row}."id" < c."next_due_id"))`;

/**
 * The case `caseId` locked, by a statement of its own, before the UPDATE that follows reads it and
 * the deadlines: that UPDATE's snapshot is then taken once the lock is held, and sees what each
 * transaction that held the lock before committed (each took it here, after its deadline writes).
 * An UPDATE that waited for the lock itself would read the deadlines as they were when it began
 * waiting (READ COMMITTED), and could write back a deadline another transaction had just ended.
 */
const locked = (caseId: string) => `PERFORM 1 FROM "cases" WHERE "id" = ${caseId} FOR NO KEY UPDATE;`;

export class CaseNextDue1796010000000 implements MigrationInterface {
    name = 'CaseNextDue1796010000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD "next_due_on" character varying(10) NOT NULL DEFAULT '9999-12-31'`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "next_due_id" character varying(36)`);
        await queryRunner.query(`UPDATE "cases" c SET ${nextDueOf('c')} WHERE c."id" IN (SELECT "case_id" FROM "deadlines" WHERE "status" = 'open')`);
        await queryRunner.query(`CREATE FUNCTION "case_next_due_sync"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF TG_OP <> 'INSERT' THEN
                ${locked('OLD."case_id"')}
                UPDATE "cases" c SET ${nextDueOf('c')} WHERE c."id" = OLD."case_id" AND c."next_due_id" = OLD."id";
            END IF;
            IF TG_OP <> 'DELETE' THEN
                IF NEW."status" = 'open' THEN
                    ${locked('NEW."case_id"')}
                    UPDATE "cases" c SET "next_due_on" = NEW."due_on", "next_due_id" = NEW."id" WHERE c."id" = NEW."case_id" AND ${soonerThanKept('NEW')};
                END IF;
            END IF;
            RETURN NULL;
        END $$`);
        // Only a write that opens, ends, moves or deletes an open deadline can change what falls due next.
        await queryRunner.query(`CREATE TRIGGER "case_next_due_insert" AFTER INSERT ON "deadlines" FOR EACH ROW WHEN (NEW."status" = 'open') EXECUTE FUNCTION "case_next_due_sync"()`);
        await queryRunner.query(`CREATE TRIGGER "case_next_due_update" AFTER UPDATE OF "status", "due_on", "case_id", "id" ON "deadlines" FOR EACH ROW
            WHEN ((OLD."status" = 'open' OR NEW."status" = 'open') AND (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."due_on" IS DISTINCT FROM NEW."due_on" OR OLD."case_id" IS DISTINCT FROM NEW."case_id" OR OLD."id" IS DISTINCT FROM NEW."id"))
            EXECUTE FUNCTION "case_next_due_sync"()`);
        await queryRunner.query(`CREATE TRIGGER "case_next_due_delete" AFTER DELETE ON "deadlines" FOR EACH ROW WHEN (OLD."status" = 'open') EXECUTE FUNCTION "case_next_due_sync"()`);
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
        await queryRunner.query(`DROP TRIGGER "case_next_due_delete" ON "deadlines"`);
        await queryRunner.query(`DROP TRIGGER "case_next_due_update" ON "deadlines"`);
        await queryRunner.query(`DROP TRIGGER "case_next_due_insert" ON "deadlines"`);
        await queryRunner.query(`DROP FUNCTION "case_next_due_sync"()`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "next_due_id"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "next_due_on"`);
    }
}
