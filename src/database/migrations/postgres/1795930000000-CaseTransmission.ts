import { MigrationInterface, QueryRunner } from 'typeorm';

// When a case left its sending state (src/cases/case-visibility.ts): until then it does not exist for
// the receiving state. Backfilled from the first transfer request the history holds; a case past the
// draft whose history has none was sent at least when it was opened. A case withdrawn as a draft was
// never sent and stays the sending state's alone. The receiving state's index leaves drafts out.

export class CaseTransmission1795930000000 implements MigrationInterface {
    name = 'CaseTransmission1795930000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "transmitted_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE "cases" SET "transmitted_at" = (SELECT MIN("a"."occurred_at") FROM "audit_entries" "a" WHERE "a"."case_id" = "cases"."id" AND "a"."action" = 'SUBMIT_TRANSFER_REQUEST' AND "a"."outcome" = 'allowed')`);
        await queryRunner.query(`UPDATE "cases" SET "transmitted_at" = "created_at" WHERE "transmitted_at" IS NULL AND "status" NOT IN ('draft', 'withdrawn')`);
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_created"`);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_created" ON "cases" ("receiving_state", "created_at", "id") WHERE "transmitted_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_created"`);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_created" ON "cases" ("receiving_state", "created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "transmitted_at"`);
    }

}
