import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';

/** A machine snapshot as the database stores it: plain JSON. */
export type PersistedSnapshot = Record<string, unknown>;

/** A stored snapshot the rules cannot read: a bug or a tampered row, never a user's mistake. */
export class CorruptSnapshotError extends Error {
  override name = 'CorruptSnapshotError';
}

/**
 * Drops what JSON cannot hold (xstate leaves `output: undefined` and the like), so that what the
 * database gives back equals what was written, key for key.
 */
export function persistSnapshot(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): PersistedSnapshot {
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as PersistedSnapshot;
}

/**
 * Reads status and context from a stored snapshot and checks them against what the machine knows,
 * so a snapshot from another machine version fails loudly instead of being misread.
 */
export function readPersisted<TStatus extends string, TContext>(
  persisted: unknown,
  isStatus: (v: unknown) => v is TStatus,
  isContext: (v: unknown) => v is TContext,
  what: string,
): { value: TStatus; context: TContext } {
  if (typeof persisted !== 'object' || persisted === null) {
    throw new CorruptSnapshotError(`The stored ${what} snapshot is not an object.`);
  }
  const { value, context } = persisted as { value?: unknown; context?: unknown };
  if (!isStatus(value)) {
    throw new CorruptSnapshotError(`The stored ${what} snapshot has an unknown status: ${JSON.stringify(value)}.`);
  }
  if (!isContext(context)) {
    throw new CorruptSnapshotError(`The stored ${what} snapshot has an unreadable context.`);
  }
  return { value, context };
}
