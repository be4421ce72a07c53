import { MigrationInterface, QueryRunner } from 'typeorm';

// The compliance report's counts, kept as they go: each write of a deadline that a measure judges
// appends what it changed (a deadline less under its old state, measure, due date and ending, one
// more under its new) to deadline_tally_changes, by a trigger, so in the transaction of the write;
// a fold (deadline-tally.repository.ts) moves those into the tallies, each state's and every state's
// pooled (state ''), by day and by month (a report reads its whole months by month). Only the fold
// writes the tallies, so no two steps ever wait on one count. The report adds the changes not
// folded yet to the tallies.
//
// Names are left to the search path, as in CaseSearch: a deployment (and each test suite) lives in a
// schema of its own.

/** The ending a deadline `row` is counted under: met on time, late (met late or missed), open, or cancelled. */
const endingOf = (row: string) =>
    `CASE WHEN ${row}."status" = 'cancelled' THEN 'cancelled' WHEN ${row}."status" = 'open' THEN 'open' WHEN ${row}."status" = 'met' AND ${row}."on_time" THEN 'on_time' ELSE 'late' END`;
const change = (row: string, delta: number) =>
    `IF ${row}."measure" IS NOT NULL THEN
        INSERT INTO "deadline_tally_changes" ("state", "measure", "due_on", "ending", "delta") VALUES (${row}."responsible_state", ${row}."measure", ${row}."due_on", ${endingOf(row)}, ${delta});
    END IF;`;
/** Whether an update changed what the deadline is counted under. */
const moved = ['measure', 'responsible_state', 'due_on', 'status', 'on_time'].map((c) => `OLD."${c}" IS DISTINCT FROM NEW."${c}"`).join(' OR ');

export class ComplianceTallies1796020000000 implements MigrationInterface {
    name = 'ComplianceTallies1796020000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deadline_tally_changes" ("id" bigserial PRIMARY KEY, "state" character varying(2) NOT NULL, "measure" character varying(24) NOT NULL, "due_on" character varying(10) NOT NULL, "ending" character varying(9) NOT NULL, "delta" integer NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "deadline_tallies" ("state" character varying(2) NOT NULL, "measure" character varying(24) NOT NULL, "due_on" character varying(10) NOT NULL, "ending" character varying(9) NOT NULL, "count" integer NOT NULL, PRIMARY KEY ("state", "due_on", "measure", "ending"))`);
        await queryRunner.query(`CREATE TABLE "deadline_month_tallies" ("state" character varying(2) NOT NULL, "month" character varying(7) NOT NULL, "measure" character varying(24) NOT NULL, "ending" character varying(9) NOT NULL, "count" integer NOT NULL, PRIMARY KEY ("state", "month", "measure", "ending"))`);
        for (const state of ['d."responsible_state"', `''`])
            await queryRunner.query(`INSERT INTO "deadline_tallies" ("state", "measure", "due_on", "ending", "count")
                SELECT ${state}, d."measure", d."due_on", ${endingOf('d')}, COUNT(*) FROM "deadlines" d WHERE d."measure" IS NOT NULL GROUP BY 1, 2, 3, 4`);
        await queryRunner.query(`INSERT INTO "deadline_month_tallies" ("state", "month", "measure", "ending", "count")
            SELECT "state", substr("due_on", 1, 7), "measure", "ending", SUM("count") FROM "deadline_tallies" GROUP BY 1, 2, 3, 4`);
        await queryRunner.query(`CREATE FUNCTION "deadline_tally_change"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF TG_OP <> 'INSERT' THEN ${change('OLD', -1)} END IF;
            IF TG_OP <> 'DELETE' THEN ${change('NEW', 1)} END IF;
            RETURN NULL;
        END $$`);
        await queryRunner.query(`CREATE TRIGGER "deadline_tally_insert" AFTER INSERT ON "deadlines" FOR EACH ROW WHEN (NEW."measure" IS NOT NULL) EXECUTE FUNCTION "deadline_tally_change"()`);
        await queryRunner.query(`CREATE TRIGGER "deadline_tally_update" AFTER UPDATE OF "measure", "responsible_state", "due_on", "status", "on_time" ON "deadlines" FOR EACH ROW
            WHEN ((OLD."measure" IS NOT NULL OR NEW."measure" IS NOT NULL) AND (${moved})) EXECUTE FUNCTION "deadline_tally_change"()`);
        await queryRunner.query(`CREATE TRIGGER "deadline_tally_delete" AFTER DELETE ON "deadlines" FOR EACH ROW WHEN (OLD."measure" IS NOT NULL) EXECUTE FUNCTION "deadline_tally_change"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "deadline_tally_delete" ON "deadlines"`);
        await queryRunner.query(`DROP TRIGGER "deadline_tally_update" ON "deadlines"`);
        await queryRunner.query(`DROP TRIGGER "deadline_tally_insert" ON "deadlines"`);
        await queryRunner.query(`DROP FUNCTION "deadline_tally_change"()`);
        await queryRunner.query(`DROP TABLE "deadline_month_tallies"`);
        await queryRunner.query(`DROP TABLE "deadline_tallies"`);
        await queryRunner.query(`DROP TABLE "deadline_tally_changes"`);
    }
}
