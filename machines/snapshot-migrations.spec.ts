import { CASE_MACHINE_VERSIONS, allowedCaseEvents, caseStatusOf, decideCaseEvent, migrateCaseSnapshot } from './case-lifecycle';
import { CASE_EVENT_TYPES, CASE_STATUSES } from './case-events';
import {
  REOPEN_REQUEST_MACHINE_VERSIONS,
  allowedReopenRequestEvents,
  decideReopenRequestEvent,
  migrateReopenRequestSnapshot,
  reopenRequestStatusOf,
  supersedeReopenRequest,
} from './reopen-request';
import { CorruptSnapshotError, type PersistedSnapshot } from './snapshot-json';
import { migrateSnapshot, versionsWithoutMigration, type MachineVersions } from './snapshot-migrations';
import { EVERY_ACTOR, LATER, actorOf, caseIn } from './testing/case-actors';
import { eventOf, rolesOf, rowOf } from './testing/case-table';
import { RECEIVING_OFFICE, REQUESTER, pendingRequest } from './testing/reopen-requests';
import caseV1 from './testing/stored-snapshots/case.v1.json';
import caseV2 from './testing/stored-snapshots/case.v2.json';
import reopenRequestV1 from './testing/stored-snapshots/reopen-request.v1.json';

/**
 * Snapshots exactly as each version stored them, one per status of that version, keyed by the
 * version. A machine that changes keeps the fixtures of the version it leaves, and adds its own.
 */
const STORED: Record<string, { versions: MachineVersions; stored: Record<number, Record<string, PersistedSnapshot>> }> = {
  case: { versions: CASE_MACHINE_VERSIONS, stored: { 1: caseV1, 2: caseV2 } },
  'reopen request': { versions: REOPEN_REQUEST_MACHINE_VERSIONS, stored: { 1: reopenRequestV1 } },
};
const MACHINES = Object.entries(STORED).map(([kind, { versions }]) => [kind, versions] as const);
const ACTORS = [...EVERY_ACTOR.map((a) => a.actor), REQUESTER];

describe.each(MACHINES)('the %s machine', (kind, versions) => {
  test('names itself in its errors', () => {
    expect(versions.kind).toBe(kind);
  });

  test('declares a migration from every version below its own', () => {
    expect(versionsWithoutMigration(versions)).toEqual([]);
  });

  test('declares none from its own version or later', () => {
    expect(
      Object.keys(versions.migrations)
        .map(Number)
        .filter((v) => v >= versions.current),
    ).toEqual([]);
  });

  test('has stored snapshots of every version below its own', () => {
    const older = Array.from({ length: versions.current - 1 }, (_, i) => i + 1);
    expect(older.filter((version) => !(version in STORED[kind].stored))).toEqual([]);
  });

  test('refuses a snapshot of a version newer than its own, naming kind and version', () => {
    const newer = versions.current + 1;
    expect(() => migrateSnapshot(versions, {}, newer)).toThrow(CorruptSnapshotError);
    expect(() => migrateSnapshot(versions, {}, newer)).toThrow(
      `The stored ${kind} snapshot is of ${kind} machine version ${newer}, newer than this machine's version ${versions.current}.`,
    );
  });
});

describe('cases stored by version 1 (before reporting instructions, review and arrival control)', () => {
  /** Version 1's statuses, typed here by hand: the machine's own list has grown since. */
  const VERSION_1_STATUSES = ['draft', 'transfer_requested', 'rejected', 'accepted', 'departed', 'active', 'closure_pending', 'closed', 'withdrawn'];
  const stored = Object.entries(caseV1) as [keyof typeof caseV1, PersistedSnapshot][];

  test('one fixture per status of version 1', () => {
    expect(Object.keys(caseV1).sort()).toEqual([...VERSION_1_STATUSES].sort());
  });

  test.each(stored)('%s reads as the same status of version 2, with nothing recorded yet', (status, snapshot) => {
    const migrated = migrateCaseSnapshot(snapshot, 1);
    expect(caseStatusOf(migrated)).toBe(status);
    expect(migrated.context).toMatchObject({ acceptedOn: null, departedOn: null, review: null, instructions: null, rejectionKind: null, lastKnown: null });
  });

  // Every version 2 event, by each actor who may send it and by one who may not, on the migrated
  // case and on a case that reached the same status under version 2: the same answer, step for step.
  const attempts = stored.flatMap(([status]) =>
    CASE_EVENT_TYPES.flatMap((type) =>
      ACTORS.filter((a) => rolesOf(type).includes(a.role) || a.role === 'auditor').map((actor) => [status, type, actor.id, actor] as const),
    ),
  );
  test('there are attempts of every event on every status', () => {
    expect(new Set(attempts.map(([status, type]) => `${status} ${type}`)).size).toBe(VERSION_1_STATUSES.length * CASE_EVENT_TYPES.length);
  });
  test.each(attempts)('%s: %s by %s is decided as on a version 2 case', (status, type, _id, actor) => {
    const event = { ...eventOf(type), on: LATER };
    const strip = (d: ReturnType<typeof decideCaseEvent>) => (d.allowed ? { allowed: true, to: d.to, transmits: d.transmits } : d);
    expect(strip(decideCaseEvent(migrateCaseSnapshot(caseV1[status], 1), event, actor))).toEqual(strip(decideCaseEvent(caseIn(status), event, actor)));
  });

  test('a closed case of version 1 is reopened by the receiving compact office', () => {
    const decision = decideCaseEvent(migrateCaseSnapshot(caseV1.closed, 1), { type: 'REOPEN', reason: 'Discharged in error.' }, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: true, from: 'closed', to: 'active' });
  });

  test('a transfer request of version 1 that waits for its reply is accepted, and the acceptance dated', () => {
    const decision = decideCaseEvent(migrateCaseSnapshot(caseV1.transfer_requested, 1), { type: 'ACCEPT_TRANSFER', on: '2026-12-03' }, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: true, to: 'accepted' });
    if (decision.allowed) expect(decision.snapshot.context).toMatchObject({ acceptedOn: '2026-12-03' });
  });
});

describe('cases stored by version 2 (the current version)', () => {
  test('one fixture per status of the machine', () => {
    expect(Object.keys(caseV2).sort()).toEqual([...CASE_STATUSES].sort());
  });

  test.each(Object.entries(caseV2))('%s reads unchanged, and allows what a case in it allows today', (status, snapshot) => {
    expect(migrateCaseSnapshot(snapshot, 2)).toBe(snapshot);
    expect(caseStatusOf(snapshot)).toBe(status);
    for (const actor of ACTORS) {
      expect({ actor: actor.id, events: allowedCaseEvents(snapshot, actor, LATER) }).toEqual({
        actor: actor.id,
        events: allowedCaseEvents(caseIn(status as keyof typeof caseV2), actor, LATER),
      });
    }
  });

  test('the review fixture still sends back where its request came from', () => {
    expect(rowOf('SEND_BACK').from).toEqual(['compact_office_review']);
    expect(decideCaseEvent(caseV2.compact_office_review, { type: 'SEND_BACK', reason: 'Forms unsigned.' }, actorOf('compact_office', 'sending'))).toMatchObject(
      {
        allowed: true,
        to: 'draft',
      },
    );
  });
});

describe('reopen requests stored by version 1 (before `superseded`)', () => {
  /** Version 1's statuses, typed here by hand: the machine's own list has grown since. */
  const VERSION_1_STATUSES = ['pending', 'approved', 'denied', 'withdrawn'];

  test('one fixture per status of version 1', () => {
    expect(Object.keys(reopenRequestV1).sort()).toEqual([...VERSION_1_STATUSES].sort());
  });

  test.each(Object.entries(reopenRequestV1))('%s reads, and allows what a request in it allows today', (status, stored) => {
    const migrated = migrateReopenRequestSnapshot(stored, 1);
    expect(reopenRequestStatusOf(migrated)).toBe(status);
    const expected = status === 'pending' ? { [RECEIVING_OFFICE.id]: ['APPROVE', 'DENY'], [REQUESTER.id]: ['WITHDRAW'] } : {};
    const allowed = Object.fromEntries(
      ACTORS.map((actor) => [actor.id, allowedReopenRequestEvents(migrated, actor)] as const).filter(([, events]) => events.length > 0),
    );
    expect(allowed).toEqual(expected);
  });

  test('a pending request of version 1 is approved by the receiving compact office', () => {
    const decision = decideReopenRequestEvent(migrateReopenRequestSnapshot(reopenRequestV1.pending, 1), { type: 'APPROVE' }, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: true, from: 'pending', to: 'approved' });
    if (decision.allowed) expect(reopenRequestStatusOf(decision.snapshot)).toBe('approved');
  });

  test('a pending request of version 1 can be superseded, which version 1 did not know', () => {
    const decision = supersedeReopenRequest(migrateReopenRequestSnapshot(reopenRequestV1.pending, 1), 'active', RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: true, from: 'pending', to: 'superseded' });
  });

  test('a denied request of version 1 stays denied', () => {
    const decision = decideReopenRequestEvent(migrateReopenRequestSnapshot(reopenRequestV1.denied, 1), { type: 'APPROVE' }, RECEIVING_OFFICE);
    expect(decision).toEqual({
      allowed: false,
      from: 'denied',
      code: 'reopen.already_decided',
      refusal: 'invalid',
      message: 'This reopen request was already denied and cannot change.',
    });
  });

  test('a row labelled version 1 in `superseded`, written before the version was raised, reads as superseded', () => {
    const superseding = supersedeReopenRequest(pendingRequest(), 'active', RECEIVING_OFFICE);
    if (!superseding.allowed) throw new Error(superseding.message);
    expect(reopenRequestStatusOf(migrateReopenRequestSnapshot(superseding.snapshot, 1))).toBe('superseded');
  });
});

/**
 * A made-up machine of three versions, for the mechanism alone: version 2 renamed the context's
 * `officer` to `officerId`, version 3 added `notes`.
 */
const FIXTURE_VERSIONS: MachineVersions = {
  kind: 'fixture',
  current: 3,
  migrations: {
    1: ({ context, ...rest }) => {
      const { officer, ...others } = context as Record<string, unknown>;
      return { ...rest, context: { ...others, officerId: officer } };
    },
    2: (stored) => ({ ...stored, context: { ...(stored.context as object), notes: [] } }),
  },
};

describe('migrating a stored snapshot (a fixture machine)', () => {
  const version1 = { value: 'open', context: { officer: 'officer-17' } };

  test('applies every migration from the stored version to the current one, in order', () => {
    expect(migrateSnapshot(FIXTURE_VERSIONS, version1, 1)).toEqual({ value: 'open', context: { officerId: 'officer-17', notes: [] } });
    expect(migrateSnapshot(FIXTURE_VERSIONS, { value: 'open', context: { officerId: 'x' } }, 2)).toEqual({
      value: 'open',
      context: { officerId: 'x', notes: [] },
    });
  });

  test('leaves the stored snapshot as it was', () => {
    const stored = structuredClone(version1);
    migrateSnapshot(FIXTURE_VERSIONS, stored, 1);
    expect(stored).toEqual(version1);
  });

  test('gives a snapshot of the current version back as it is', () => {
    const current = { value: 'open', context: { officerId: 'x', notes: [] } };
    expect(migrateSnapshot(FIXTURE_VERSIONS, current, 3)).toBe(current);
  });

  test('refuses a version with no declared migration, naming kind and versions', () => {
    const gap: MachineVersions = { ...FIXTURE_VERSIONS, migrations: { 2: FIXTURE_VERSIONS.migrations[2] } };
    expect(versionsWithoutMigration(gap)).toEqual([1]);
    expect(() => migrateSnapshot(gap, version1, 1)).toThrow(
      new CorruptSnapshotError('The stored fixture snapshot is of fixture machine version 1, and no migration from version 1 is declared.'),
    );
  });

  test('refuses a version newer than the machine', () => {
    expect(() => migrateSnapshot(FIXTURE_VERSIONS, version1, 4)).toThrow(
      new CorruptSnapshotError("The stored fixture snapshot is of fixture machine version 4, newer than this machine's version 3."),
    );
  });

  test.each([0, -1, 1.5, Number.NaN])('refuses a machine version that is no version: %p', (version) => {
    expect(() => migrateSnapshot(FIXTURE_VERSIONS, version1, version)).toThrow(CorruptSnapshotError);
  });

  test('finds no gap in a complete table', () => {
    expect(versionsWithoutMigration(FIXTURE_VERSIONS)).toEqual([]);
  });
});
