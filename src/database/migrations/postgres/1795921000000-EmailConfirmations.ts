import { MigrationInterface, QueryRunner } from 'typeorm';

// The twin of the SQLite migration of the same name: changes of email address waiting for the
// owner of the new address.

export class EmailConfirmations1795921000000 implements MigrationInterface {
    name = 'EmailConfirmations1795921000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_confirmations" ("id" character varying(36) NOT NULL, "user_id" character varying(36) NOT NULL, "email" character varying(254) NOT NULL, "token_hash" character varying(64) NOT NULL, "requested_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_178b5599cd7e3ec9cfdfb144b50" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_email_confirmations_unused_by_user" ON "email_confirmations" ("user_id") WHERE "used_at" IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_email_confirmations_hash" ON "email_confirmations" ("token_hash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_email_confirmations_hash"`);
        await queryRunner.query(`DROP INDEX "idx_email_confirmations_unused_by_user"`);
        await queryRunner.query(`DROP TABLE "email_confirmations"`);
    }

}
