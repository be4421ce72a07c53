import { MigrationInterface, QueryRunner } from 'typeorm';

// The case list's search: an FTS5 index of each case's offender name and numbers, kept in step with
// the cases by triggers, so in the transaction of every write; and the status filter's indexes, on
// each side of a state's cases, in the list's default order.

/**
 * A row's case number and offender number, each as one word without the separators it may be
 * written with (NUMBER_SEPARATORS of case-search.ts).
 */
const numbers = (row: string) =>
    ['case_number', 'offender_id'].map((c) => `replace(replace(replace(replace(COALESCE(${row}"${c}", ''), '-', ''), '.', ''), '/', ''), '_', '')`).join(` || ' ' || `);

export class CaseSearch1796000000000 implements MigrationInterface {
    name = 'CaseSearch1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // unicode61 with remove_diacritics 2 folds case and accents ("José" is found by "jose"). The
        // case id is carried, not indexed: a rowid shared with the cases would not survive a VACUUM.
        await queryRunner.query(`CREATE VIRTUAL TABLE "case_search" USING fts5("name", "numbers", "case_id" UNINDEXED, tokenize = "unicode61 remove_diacritics 2")`);
        await queryRunner.query(`INSERT INTO "case_search" ("name", "numbers", "case_id") SELECT "offender_name", ${numbers('')}, "id" FROM "cases"`);
        await queryRunner.query(`CREATE TRIGGER "case_search_insert" AFTER INSERT ON "cases" BEGIN
            INSERT INTO "case_search" ("name", "numbers", "case_id") VALUES (new."offender_name", ${numbers('new.')}, new."id");
        END`);
        // No transition changes these columns; should anything else, its row is found by case id (a scan of the index's rows).
        await queryRunner.query(`CREATE TRIGGER "case_search_update" AFTER UPDATE OF "offender_name", "case_number", "offender_id", "id" ON "cases"
            WHEN old."offender_name" IS NOT new."offender_name" OR old."case_number" IS NOT new."case_number" OR old."offender_id" IS NOT new."offender_id" OR old."id" IS NOT new."id" BEGIN
            DELETE FROM "case_search" WHERE "case_id" = old."id";
            INSERT INTO "case_search" ("name", "numbers", "case_id") VALUES (new."offender_name", ${numbers('new.')}, new."id");
        END`);
        await queryRunner.query(`CREATE TRIGGER "case_search_delete" AFTER DELETE ON "cases" BEGIN
            DELETE FROM "case_search" WHERE "case_id" = old."id";
        END`);
        await queryRunner.query(`CREATE INDEX "idx_cases_sending_status_updated" ON "cases" ("sending_state", "status", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_status_updated" ON "cases" ("receiving_state", "status", "updated_at", "id") WHERE "transmitted_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_status_updated"`);
        await queryRunner.query(`DROP INDEX "idx_cases_sending_status_updated"`);
        await queryRunner.query(`DROP TRIGGER "case_search_delete"`);
        await queryRunner.query(`DROP TRIGGER "case_search_update"`);
        await queryRunner.query(`DROP TRIGGER "case_search_insert"`);
        await queryRunner.query(`DROP TABLE "case_search"`);
    }
}
