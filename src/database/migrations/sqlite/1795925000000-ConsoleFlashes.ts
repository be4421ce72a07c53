import { MigrationInterface, QueryRunner } from 'typeorm';

// The console's one-time banners, kept on the server (see src/console/console-flash.entity.ts).

export class ConsoleFlashes1795925000000 implements MigrationInterface {
    name = 'ConsoleFlashes1795925000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "console_flashes" ("owner" varchar(64) PRIMARY KEY NOT NULL, "path" varchar(300) NOT NULL, "message" varchar(500) NOT NULL, "created_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_console_flashes_created" ON "console_flashes" ("created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_console_flashes_created"`);
        await queryRunner.query(`DROP TABLE "console_flashes"`);
    }

}
