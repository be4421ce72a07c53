import { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillSearchColumns } from '../../../cases/case-search-backfill';

// Each case keeps its name's and numbers' words as the search compares them (searchColumnsOf of
// case-search.ts), so that a search many cases match walks the list in its order and tests each row
// (the full-text index's matches are all read and sorted otherwise: tens of milliseconds at a million
// cases); the FTS5 index is rebuilt from those words, so that both read the same ones. And indexes of
// the numbers in lower case, for the search's exact number, which comes first.

const SEARCH_TRIGGERS = ['case_search_insert', 'case_search_update', 'case_search_delete'];
const numbers = (row: string) =>
    ['case_number', 'offender_id'].map((c) => `replace(replace(replace(replace(COALESCE(${row}"${c}", ''), '-', ''), '.', ''), '/', ''), '_', '')`).join(` || ' ' || `);

export class CaseSearchWords1796050000000 implements MigrationInterface {
    name = 'CaseSearchWords1796050000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "search_name" text NOT NULL DEFAULT ('')`);
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "search_numbers" text NOT NULL DEFAULT ('')`);
        await backfillSearchColumns(queryRunner, '?', async ({ ids, names, numbers: nums }) => {
            for (let i = 0; i < ids.length; i++) await queryRunner.query(`UPDATE "cases" SET "search_name" = ?, "search_numbers" = ? WHERE "id" = ?`, [names[i], nums[i], ids[i]]);
        });
        for (const t of SEARCH_TRIGGERS) await queryRunner.query(`DROP TRIGGER "${t}"`);
        await queryRunner.query(`DROP TABLE "case_search"`);
        // The ascii tokenizer splits at ASCII marks and spaces only: the stored words are letters and
        // digits one space apart, so its words are theirs (unicode61 folded and split some scripts otherwise).
        await queryRunner.query(`CREATE VIRTUAL TABLE "case_search" USING fts5("name", "numbers", "case_id" UNINDEXED, tokenize = "ascii")`);
        await queryRunner.query(`INSERT INTO "case_search" ("name", "numbers", "case_id") SELECT "search_name", "search_numbers", "id" FROM "cases"`);
        await queryRunner.query(`CREATE TRIGGER "case_search_insert" AFTER INSERT ON "cases" BEGIN
            INSERT INTO "case_search" ("name", "numbers", "case_id") VALUES (new."search_name", new."search_numbers", new."id");
        END`);
        // Nothing changes these columns after the insert; should anything, its row is found by case id (a scan of the index's rows).
        await queryRunner.query(`CREATE TRIGGER "case_search_update" AFTER UPDATE OF "search_name", "search_numbers", "id" ON "cases"
            WHEN old."search_name" IS NOT new."search_name" OR old."search_numbers" IS NOT new."search_numbers" OR old."id" IS NOT new."id" BEGIN
            DELETE FROM "case_search" WHERE "case_id" = old."id";
            INSERT INTO "case_search" ("name", "numbers", "case_id") VALUES (new."search_name", new."search_numbers", new."id");
        END`);
        await queryRunner.query(`CREATE TRIGGER "case_search_delete" AFTER DELETE ON "cases" BEGIN
            DELETE FROM "case_search" WHERE "case_id" = old."id";
        END`);
        await queryRunner.query(`CREATE INDEX "idx_cases_case_number_lower" ON "cases" (LOWER("case_number"))`);
        await queryRunner.query(`CREATE INDEX "idx_cases_offender_id_lower" ON "cases" (LOWER("offender_id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_offender_id_lower"`);
        await queryRunner.query(`DROP INDEX "idx_cases_case_number_lower"`);
        for (const t of SEARCH_TRIGGERS) await queryRunner.query(`DROP TRIGGER "${t}"`);
        await queryRunner.query(`DROP TABLE "case_search"`);
        await queryRunner.query(`CREATE VIRTUAL TABLE "case_search" USING fts5("name", "numbers", "case_id" UNINDEXED, tokenize = "unicode61 remove_diacritics 2")`);
        await queryRunner.query(`INSERT INTO "case_search" ("name", "numbers", "case_id") SELECT "offender_name", ${numbers('')}, "id" FROM "cases"`);
        await queryRunner.query(`CREATE TRIGGER "case_search_insert" AFTER INSERT ON "cases" BEGIN
            INSERT INTO "case_search" ("name", "numbers", "case_id") VALUES (new."offender_name", ${numbers('new.')}, new."id");
        END`);
        await queryRunner.query(`CREATE TRIGGER "case_search_update" AFTER UPDATE OF "offender_name", "case_number", "offender_id", "id" ON "cases"
            WHEN old."offender_name" IS NOT new."offender_name" OR old."case_number" IS NOT new."case_number" OR old."offender_id" IS NOT new."offender_id" OR old."id" IS NOT new."id" BEGIN
            DELETE FROM "case_search" WHERE "case_id" = old."id";
            INSERT INTO "case_search" ("name", "numbers", "case_id") VALUES (new."offender_name", ${numbers('new.')}, new."id");
        END`);
        await queryRunner.query(`CREATE TRIGGER "case_search_delete" AFTER DELETE ON "cases" BEGIN
            DELETE FROM "case_search" WHERE "case_id" = old."id";
        END`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "search_numbers"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "search_name"`);
    }
}
