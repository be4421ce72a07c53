import { MigrationInterface, QueryRunner } from 'typeorm';

// The compliance report's counts, kept as they go: each write of a deadline that a measure judges
// appends what it changed (a deadline less under its old state, measure, due date and ending, one
// more under its new) to deadline_tally_changes, by triggers, so in the transaction of the write;
// a fold (deadline-tally.repository.ts) moves those into the tallies, each state's and every state's
// pooled (state ''), by day and by month (a report reads its whole months by month). Only the fold
// writes the tallies, so no two steps ever wait on one count. The report adds the changes not
// folded yet to the tallies.

/** The ending a deadline `row` is counted under: met on time, late (met late or missed), open, or cancelled. */
const endingOf = (row: string) =>
    `CASE WHEN ${row}."status" = 'cancelled' THEN 'cancelled' WHEN ${row}."status" = 'open' THEN 'open' WHEN ${row}."status" = 'met' AND ${row}."on_time" = 1 THEN 'on_time' ELSE 'late' END`;
const change = (row: string, delta: number) =>
    `INSERT INTO "deadline_tally_changes" ("state", "measure", "due_on", "ending", "delta") SELECT ${row}."responsible_state", ${row}."measure", ${row}."due_on", ${endingOf(row)}, ${delta} WHERE ${row}."measure" IS NOT NULL;`;
/** Whether an update changed what the deadline is counted under. */
const moved = `old."measure" IS NOT new."measure" OR old."responsible_state" IS NOT new."responsible_state" OR old."due_on" IS NOT new."due_on" OR old."status" IS NOT new."status" OR old."on_time" IS NOT new."on_time"`;

export class ComplianceTallies1796020000000 implements MigrationInterface {
    name = 'ComplianceTallies1796020000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deadline_tally_changes" ("id" integer PRIMARY KEY, "state" varchar(2) NOT NULL, "measure" varchar(24) NOT NULL, "due_on" varchar(10) NOT NULL, "ending" varchar(9) NOT NULL, "delta" integer NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "deadline_tallies" ("state" varchar(2) NOT NULL, "measure" varchar(24) NOT NULL, "due_on" varchar(10) NOT NULL, "ending" varchar(9) NOT NULL, "count" integer NOT NULL, PRIMARY KEY ("state", "due_on", "measure", "ending")) WITHOUT ROWID`);
        await queryRunner.query(`CREATE TABLE "deadline_month_tallies" ("state" varchar(2) NOT NULL, "month" varchar(7) NOT NULL, "measure" varchar(24) NOT NULL, "ending" varchar(9) NOT NULL, "count" integer NOT NULL, PRIMARY KEY ("state", "month", "measure", "ending")) WITHOUT ROWID`);
        for (const state of ['d."responsible_state"', `''`])
            await queryRunner.query(`INSERT INTO "deadline_tallies" ("state", "measure", "due_on", "ending", "count")
                SELECT ${state}, d."measure", d."due_on", ${endingOf('d')}, COUNT(*) FROM "deadlines" d WHERE d."measure" IS NOT NULL GROUP BY 1, 2, 3, 4`);
        await queryRunner.query(`INSERT INTO "deadline_month_tallies" ("state", "month", "measure", "ending", "count")
            SELECT "state", substr("due_on", 1, 7), "measure", "ending", SUM("count") FROM "deadline_tallies" GROUP BY 1, 2, 3, 4`);
        await queryRunner.query(`CREATE TRIGGER "deadline_tally_insert" AFTER INSERT ON "deadlines" WHEN new."measure" IS NOT NULL BEGIN ${change('new', 1)} END`);
        await queryRunner.query(`CREATE TRIGGER "deadline_tally_update" AFTER UPDATE OF "measure", "responsible_state", "due_on", "status", "on_time" ON "deadlines"
            WHEN (old."measure" IS NOT NULL OR new."measure" IS NOT NULL) AND (${moved}) BEGIN ${change('old', -1)} ${change('new', 1)} END`);
        await queryRunner.query(`CREATE TRIGGER "deadline_tally_delete" AFTER DELETE ON "deadlines" WHEN old."measure" IS NOT NULL BEGIN ${change('old', -1)} END`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "deadline_tally_delete"`);
        await queryRunner.query(`DROP TRIGGER "deadline_tally_update"`);
        await queryRunner.query(`DROP TRIGGER "deadline_tally_insert"`);
        await queryRunner.query(`DROP TABLE "deadline_month_tallies"`);
        await queryRunner.query(`DROP TABLE "deadline_tallies"`);
        await queryRunner.query(`DROP TABLE "deadline_tally_changes"`);
    }
}
