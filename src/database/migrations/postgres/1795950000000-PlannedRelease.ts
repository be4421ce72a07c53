import { MigrationInterface, QueryRunner } from 'typeorm';

// Rule 3.105: a transfer request sent before release records the planned release date it gives.

export class PlannedRelease1795950000000 implements MigrationInterface {
    name = 'PlannedRelease1795950000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD COLUMN "planned_release_date" character varying(10)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "planned_release_date"`);
    }
}
