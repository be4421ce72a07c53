import { CorruptSnapshotError, type PersistedSnapshot } from './snapshot-json';

/**
 * Turns a snapshot stored by one version of a machine into the snapshot the next version would have
 * stored for the same request or case. Pure: the stored snapshot is left as it was.
 */
type SnapshotMigration = (stored: PersistedSnapshot) => PersistedSnapshot;

/**
 * A machine's versions: the one it is now, and for every older version the migration to the version
 * after it, keyed by the version it reads (`1` turns a version 1 snapshot into a version 2 one).
 */
export interface MachineVersions {
  /** What the machine runs, in the words of an error message: `case`, `reopen request`. */
  kind: string;
  current: number;
  migrations: Readonly<Record<number, SnapshotMigration>>;
}

/**
 * A snapshot stored by version `storedVersion`, brought to the current version one migration at a
 * time. A version newer than the machine, or one with no declared migration, cannot be read safely:
 * it fails loudly instead of being misread.
 */
export function migrateSnapshot(versions: MachineVersions, stored: PersistedSnapshot, storedVersion: number): PersistedSnapshot {
  const { kind, current } = versions;
  if (!Number.isInteger(storedVersion) || storedVersion < 1) {
    throw new CorruptSnapshotError(`The stored ${kind} snapshot has no machine version: ${JSON.stringify(storedVersion)}.`);
  }
  if (storedVersion > current) {
    throw new CorruptSnapshotError(`The stored ${kind} snapshot is of ${kind} machine version ${storedVersion}, newer than this machine's version ${current}.`);
  }
  let snapshot = stored;
  for (let version = storedVersion; version < current; version++) {
    const migration = migrationFrom(versions, version);
    if (!migration) {
      throw new CorruptSnapshotError(
        `The stored ${kind} snapshot is of ${kind} machine version ${storedVersion}, and no migration from version ${version} is declared.`,
      );
    }
    snapshot = migration(snapshot);
  }
  return snapshot;
}

/** The versions below the current one that declare no migration; a spec holds it empty for every machine. */
export function versionsWithoutMigration(versions: MachineVersions): number[] {
  const missing: number[] = [];
  for (let version = 1; version < versions.current; version++) {
    if (!migrationFrom(versions, version)) missing.push(version);
  }
  return missing;
}

function migrationFrom(versions: MachineVersions, version: number): SnapshotMigration | undefined {
  return Object.hasOwn(versions.migrations, version) ? versions.migrations[version] : undefined;
}
