import type { EntitySubscriberInterface } from 'typeorm';
import type { PersistedSnapshot } from '../../machines/snapshot-json';

/** A row that holds a machine's snapshot beside the version of the machine that wrote it. */
export interface MachineSnapshotRow {
  snapshot: PersistedSnapshot;
  machineVersion: number;
}

/**
 * Reads each loaded row as the current machine would have stored it: an older version's snapshot is
 * migrated in memory, so the rules only ever restore the current shape. The row keeps the version
 * that wrote it (and shows it) until its next write, which stores the current version.
 */
export abstract class SnapshotMigrationOnLoad<T extends MachineSnapshotRow> implements EntitySubscriberInterface<T> {
  protected abstract readonly entity: new () => T;
  protected abstract migrate(stored: PersistedSnapshot, storedVersion: number): PersistedSnapshot;

  listenTo(): new () => T {
    return this.entity;
  }

  afterLoad(row: T): void {
    this.apply(row);
  }

  /** The same step for a row hydrated by hand (a prepared statement), which TypeORM never sees. */
  apply(row: T): T {
    // A query that selected other columns only has no snapshot to read.
    if (row.snapshot !== undefined) row.snapshot = this.migrate(row.snapshot, row.machineVersion);
    return row;
  }
}
