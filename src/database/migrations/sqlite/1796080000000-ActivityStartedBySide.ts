import { MigrationInterface, QueryRunner } from 'typeorm';

// Which side of the case started each activity, as a column of its own (its snapshot says it too),
// so that the open action requests addressed to a state (sent by the other side of its cases) are
// each a range of an index, oldest first: read from the snapshots, a state that sent many
// itself had My work read and sort all of its open requests. SQLite adds a NOT NULL column without a
// default by making the table again; the existing rows take the side from their snapshots.

const COLUMNS =
  '"id", "case_id", "kind", "sending_state", "receiving_state", "status", "linked_activity_id", "snapshot", "machine_version", "version", "started_by", "started_by_username", "created_at", "updated_at"';
const INDEXES = [
  `CREATE INDEX "idx_case_activities_case_created" ON "case_activities" ("case_id", "created_at", "id") `,
  `CREATE INDEX "idx_case_activities_sending_updated" ON "case_activities" ("sending_state", "updated_at", "id") `,
  `CREATE INDEX "idx_case_activities_receiving_updated" ON "case_activities" ("receiving_state", "updated_at", "id") `,
  `CREATE INDEX "idx_case_activities_sending_kind_status_updated" ON "case_activities" ("sending_state", "kind", "status", "updated_at", "id") `,
  `CREATE INDEX "idx_case_activities_receiving_kind_status_updated" ON "case_activities" ("receiving_state", "kind", "status", "updated_at", "id") `,
];

export class ActivityStartedBySide1796080000000 implements MigrationInterface {
    name = 'ActivityStartedBySide1796080000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "temporary_case_activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "case_id" varchar(36) NOT NULL, "kind" varchar(24) NOT NULL, "sending_state" varchar(2) NOT NULL, "receiving_state" varchar(2) NOT NULL, "status" varchar(16) NOT NULL, "linked_activity_id" varchar(36), "snapshot" text NOT NULL, "machine_version" integer NOT NULL, "version" integer NOT NULL, "started_by" varchar(36) NOT NULL, "started_by_username" varchar(64) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "started_by_side" varchar(9) NOT NULL)`);
        await queryRunner.query(`INSERT INTO "temporary_case_activities" (${COLUMNS}, "started_by_side") SELECT ${COLUMNS}, json_extract("snapshot", '$.context.startedBySide') FROM "case_activities"`);
        await queryRunner.query(`DROP TABLE "case_activities"`);
        await queryRunner.query(`ALTER TABLE "temporary_case_activities" RENAME TO "case_activities"`);
        for (const index of INDEXES) await queryRunner.query(index);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_open_requests_receiving" ON "case_activities" ("receiving_state", "kind", "status", "started_by_side", "updated_at", "id") WHERE "kind" = 'action_request' AND "status" = 'open'`);
        await queryRunner.query(`CREATE INDEX "idx_case_activities_open_requests_sending" ON "case_activities" ("sending_state", "kind", "status", "started_by_side", "updated_at", "id") WHERE "kind" = 'action_request' AND "status" = 'open'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "temporary_case_activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "case_id" varchar(36) NOT NULL, "kind" varchar(24) NOT NULL, "sending_state" varchar(2) NOT NULL, "receiving_state" varchar(2) NOT NULL, "status" varchar(16) NOT NULL, "linked_activity_id" varchar(36), "snapshot" text NOT NULL, "machine_version" integer NOT NULL, "version" integer NOT NULL, "started_by" varchar(36) NOT NULL, "started_by_username" varchar(64) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`);
        await queryRunner.query(`INSERT INTO "temporary_case_activities" (${COLUMNS}) SELECT ${COLUMNS} FROM "case_activities"`);
        await queryRunner.query(`DROP TABLE "case_activities"`);
        await queryRunner.query(`ALTER TABLE "temporary_case_activities" RENAME TO "case_activities"`);
        for (const index of INDEXES) await queryRunner.query(index);
    }
}
