import { MigrationInterface, QueryRunner } from 'typeorm';

// The case list's default order, the last changed first, on each side of a state's cases.

export class CaseListByChange1795990000000 implements MigrationInterface {
    name = 'CaseListByChange1795990000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_cases_sending_updated" ON "cases" ("sending_state", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_updated" ON "cases" ("receiving_state", "updated_at", "id") WHERE "transmitted_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_updated"`);
        await queryRunner.query(`DROP INDEX "idx_cases_sending_updated"`);
    }
}
