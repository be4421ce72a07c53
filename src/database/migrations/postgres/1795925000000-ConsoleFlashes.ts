import { MigrationInterface, QueryRunner } from 'typeorm';

// The console's one-time banners, kept on the server (see src/console/console-flash.entity.ts).

export class ConsoleFlashes1795925000000 implements MigrationInterface {
    name = 'ConsoleFlashes1795925000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "console_flashes" ("owner" character varying(64) NOT NULL, "path" character varying(300) NOT NULL, "message" character varying(500) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d5871ed65d6314199f550875bcd" PRIMARY KEY ("owner"))`);
        await queryRunner.query(`CREATE INDEX "idx_console_flashes_created" ON "console_flashes" ("created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_console_flashes_created"`);
        await queryRunner.query(`DROP TABLE "console_flashes"`);
    }

}
