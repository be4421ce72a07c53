import type { DataSource } from 'typeorm';

/** Any fixed number: the PostgreSQL advisory lock that lets one instance at a time migrate. */
const MIGRATION_LOCK = 7_314_150_001;

/**
 * Runs the pending migrations in one transaction. On PostgreSQL, instances starting together
 * queue on an advisory lock: the first migrates, the others then find nothing pending. (TypeORM's
 * own migrationsRun takes no lock, and two instances would both try to create the tables.)
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** Whether every migration this build knows has been applied (for GET /health/ready). */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
