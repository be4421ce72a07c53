import type { PersistedSnapshot } from '../snapshot-json';
import { EVERY_ACTOR } from '../testing/case-actors';
import { KINDS, ROUTES, TODAY, activityIn, eventsOf, kindRow, tableAllows, type Kind, type Route } from '../testing/activity-table';
import actionRequestV1 from '../testing/stored-snapshots/action-request.v1.json';
import progressReportV1 from '../testing/stored-snapshots/progress-report.v1.json';
import returnRequestV1 from '../testing/stored-snapshots/return-request.v1.json';
import violationReportV1 from '../testing/stored-snapshots/violation-report.v1.json';
import warrantV1 from '../testing/stored-snapshots/warrant.v1.json';
import { SUPERVISION_ACTIVITY_MACHINE_VERSION, activityRecordOf, activityStatusOf, allowedActivityEvents } from './supervision-activities';

/**
 * Activities exactly as machine version 1 stored them, one per route of the table (keyed by its
 * status, and by who started it where a status has more than one). A machine that changes what it
 * stores takes a version of its own, keeps these fixtures and adds its own beside them.
 */
const STORED_V1: Record<Kind, Record<string, PersistedSnapshot>> = {
  progress_report: progressReportV1,
  violation_report: violationReportV1,
  warrant: warrantV1,
  return_request: returnRequestV1,
  action_request: actionRequestV1,
};

const keyOf = (route: Route) =>
  ROUTES.filter((r) => r.kind === route.kind && r.status === route.status).length > 1 ? `${route.status}/started_by_${route.startedBy}` : route.status;
const STORED = ROUTES.map((route) => [`${route.kind} ${keyOf(route)}`, route, STORED_V1[route.kind][keyOf(route)]] as const);

test('the fixtures are of the current machine version', () => {
  expect(SUPERVISION_ACTIVITY_MACHINE_VERSION).toBe(1);
});

test.each(KINDS.map((k) => [k.kind, k] as const))('the %s fixture has a snapshot of every status, and nothing else', (kind, row) => {
  const keys = Object.keys(STORED_V1[kind]);
  expect(keys.length).toBeGreaterThan(0);
  expect([...new Set(keys.map((k) => k.replace(/\/.*/, '')))].sort()).toEqual([...row.statuses].sort());
  expect(keys.sort()).toEqual(
    ROUTES.filter((r) => r.kind === kind)
      .map(keyOf)
      .sort(),
  );
});

describe.each(STORED)('a stored %s', (_name, route, stored) => {
  test('restores in its status, with its record', () => {
    expect(stored).toBeDefined();
    expect(activityStatusOf(stored)).toBe(route.status);
    expect(activityRecordOf(stored)).toMatchObject({ kind: route.kind, caseId: 'case-7', startedBySide: route.startedBy });
  });

  test('is what the machine stores today (else: a new machine version)', () => {
    expect(activityIn(route)).toStrictEqual(stored);
  });

  test('takes the events the table allows from its status', () => {
    const final = kindRow(route.kind).finals.includes(route.status);
    const want = EVERY_ACTOR.map(({ role, where }) =>
      final
        ? ''
        : eventsOf(route.kind)
            .filter((row) => row.from.includes(route.status) && tableAllows(row, role, where, route.startedBy))
            .map((row) => row.type)
            .sort()
            .join(' '),
    );
    expect(want.some((events) => events !== '')).toBe(!final);
    expect(EVERY_ACTOR.map(({ actor }) => allowedActivityEvents(stored, actor, TODAY).sort().join(' '))).toEqual(want);
  });
});
