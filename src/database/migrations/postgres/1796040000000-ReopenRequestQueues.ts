import { MigrationInterface, QueryRunner } from 'typeorm';

// A state's reopen requests of one status (the compact office's queue: the pending ones it receives),
// oldest first, walked in an index of that status on each side: decided requests stay for the record,
// and the side's index alone had a queue page walk every one of them to find the few still pending.

export class ReopenRequestQueues1796040000000 implements MigrationInterface {
    name = 'ReopenRequestQueues1796040000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_reopen_requests_receiving_status_created" ON "reopen_requests" ("receiving_state", "status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_reopen_requests_sending_status_created" ON "reopen_requests" ("sending_state", "status", "created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_reopen_requests_sending_status_created"`);
        await queryRunner.query(`DROP INDEX "idx_reopen_requests_receiving_status_created"`);
    }
}
