import { MigrationInterface, QueryRunner } from 'typeorm';

// A change of email address waits here for the owner of the new address to confirm it; the
// account's confirmed address stays in users.email until then.

export class EmailConfirmations1795921000000 implements MigrationInterface {
    name = 'EmailConfirmations1795921000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_confirmations" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "token_hash" varchar(64) NOT NULL, "requested_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL, "expires_at" datetime NOT NULL, "used_at" datetime)`);
        await queryRunner.query(`CREATE INDEX "idx_email_confirmations_unused_by_user" ON "email_confirmations" ("user_id") WHERE "used_at" IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_email_confirmations_hash" ON "email_confirmations" ("token_hash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_email_confirmations_hash"`);
        await queryRunner.query(`DROP INDEX "idx_email_confirmations_unused_by_user"`);
        await queryRunner.query(`DROP TABLE "email_confirmations"`);
    }

}
