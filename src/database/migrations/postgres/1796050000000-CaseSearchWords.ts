import { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillSearchColumns } from '../../../cases/case-search-backfill';

// Each case keeps its name's and numbers' words as the search compares them (searchColumnsOf of
// case-search.ts), so that a search many cases match walks the list in its order and tests each row
// (the index's matches are all read and sorted otherwise). And indexes of the numbers in lower case,
// for the search's exact number, which comes first.

export class CaseSearchWords1796050000000 implements MigrationInterface {
    name = 'CaseSearchWords1796050000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD "search_name" text NOT NULL DEFAULT ''`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "search_numbers" text NOT NULL DEFAULT ''`);
        await backfillSearchColumns(queryRunner, '$1', async ({ ids, names, numbers }) => {
            await queryRunner.query(
                `UPDATE "cases" c SET "search_name" = w.name, "search_numbers" = w.numbers
                 FROM unnest($1::varchar[], $2::text[], $3::text[]) AS w(id, name, numbers) WHERE c."id" = w.id`,
                [ids, names, numbers],
            );
        });
        await queryRunner.query(`CREATE INDEX "idx_cases_case_number_lower" ON "cases" (LOWER("case_number"))`);
        await queryRunner.query(`CREATE INDEX "idx_cases_offender_id_lower" ON "cases" (LOWER("offender_id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_offender_id_lower"`);
        await queryRunner.query(`DROP INDEX "idx_cases_case_number_lower"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "search_numbers"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "search_name"`);
    }
}
