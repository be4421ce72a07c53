import { transition, type AnyStateMachine } from 'xstate';
import { isCompactDate, type CompactDate } from '../calendar';
import type { CaseEventType, CaseFacts, CaseStatus } from '../case-events';
import type { CaseSide } from '../case-permissions';
import { refusal, type Refusal } from '../refusal';
import type { Actor } from '../roles';
import { inWords, withArticle } from '../wording';
import { persistSnapshot, readPersisted, type PersistedSnapshot } from '../snapshot-json';
import { ACTION_REQUEST_RULES, actionRequestMachine } from './action-request';
import {
  ACTIVITY_DATE_FIELDS,
  ACTIVITY_FIELD_CHOICES,
  ACTIVITY_FIELDS,
  SUPERVISION_ACTIVITY_KINDS,
  type ActivityContext,
  type ActivityField,
  type ActivityFields,
  type AnyActivityRules,
  type SupervisionActivityKind,
} from './activity-rules';
import {
  activityEnded,
  activityFieldInvalid,
  activityFieldNotTaken,
  activityFieldsMissing,
  activityNotInStatus,
  caseNeverSent,
  caseNotOpenForActivity,
  forbiddenActivityStep,
  unknownActivityEvent,
  unknownActivityKind,
} from './activity-refusals';
import { isSentBy, missingFields, sideOfActor } from './activity-senders';
import { PROGRESS_REPORT_RULES, progressReportMachine } from './progress-report';
import { RETURN_REQUEST_RULES, returnRequestMachine } from './return-request';
import { VIOLATION_REPORT_RULES, violationReportMachine } from './violation-report';
import { RETAKING_PENDING, WARRANT_RULES, warrantMachine } from './warrant';

export type PersistedActivitySnapshot = PersistedSnapshot;

/** Stored with each activity: which machine wrote its snapshot. */
export const SUPERVISION_ACTIVITY_MACHINE_VERSION = 1;

/** Every kind's rule table, by kind. */
export const SUPERVISION_ACTIVITY_RULES: Readonly<Record<SupervisionActivityKind, AnyActivityRules>> = {
  progress_report: PROGRESS_REPORT_RULES,
  violation_report: VIOLATION_REPORT_RULES,
  warrant: WARRANT_RULES,
  return_request: RETURN_REQUEST_RULES,
  action_request: ACTION_REQUEST_RULES,
};

/** Every status some kind has, in the order of the kinds and of their statuses. */
export const ACTIVITY_STATUSES: readonly string[] = [...new Set(SUPERVISION_ACTIVITY_KINDS.flatMap((k) => SUPERVISION_ACTIVITY_RULES[k].statuses))];

export function isActivityStatus(value: unknown): value is string {
  return ACTIVITY_STATUSES.includes(value as string);
}

/** What a list of activities may ask for: one kind, one status, those still open (or ended). */
export interface ActivityListFilter {
  kind?: SupervisionActivityKind;
  status?: string;
  open?: boolean;
}

/** A kind in one of its statuses: the unit a list of activities is made of. */
export interface KindInStatus {
  kind: SupervisionActivityKind;
  status: string;
}

/** Whether an activity of `kind` in `status` is ended: in one of its kind's finals. */
function isFinalActivityStatus(kind: SupervisionActivityKind, status: string): boolean {
  return (SUPERVISION_ACTIVITY_RULES[kind].finals as readonly string[]).includes(status);
}

/**
 * The kinds in statuses a filter names, in the order of the kinds and their statuses; null when it
 * names none of them (every activity). A status no kind of the filter has is the caller's to refuse
 * (activityFilterProblem); an open filter and a final status together name nothing.
 */
export function kindsInStatusOf(filter: ActivityListFilter): KindInStatus[] | null {
  if (!filter.kind && filter.status === undefined && filter.open === undefined) return null;
  return (filter.kind ? [filter.kind] : SUPERVISION_ACTIVITY_KINDS).flatMap((kind) =>
    (SUPERVISION_ACTIVITY_RULES[kind].statuses as readonly string[])
      .filter(
        (status) =>
          (filter.status === undefined || status === filter.status) && (filter.open === undefined || filter.open !== isFinalActivityStatus(kind, status)),
      )
      .map((status) => ({ kind, status })),
  );
}

/** Why a filter names a status its kind does not have, or null. */
export function activityFilterProblem(filter: ActivityListFilter): string | null {
  if (filter.status === undefined || !filter.kind) return null;
  const statuses = SUPERVISION_ACTIVITY_RULES[filter.kind].statuses as readonly string[];
  if (statuses.includes(filter.status)) return null;
  return `status ${filter.status} is not a status of ${withArticle(SUPERVISION_ACTIVITY_RULES[filter.kind].title)}; its statuses are ${inWords(statuses)}.`;
}

const MACHINES: Readonly<Record<SupervisionActivityKind, AnyStateMachine>> = {
  progress_report: progressReportMachine,
  violation_report: violationReportMachine,
  warrant: warrantMachine,
  return_request: returnRequestMachine,
  action_request: actionRequestMachine,
};

export function isSupervisionActivityKind(value: unknown): value is SupervisionActivityKind {
  return typeof value === 'string' && (SUPERVISION_ACTIVITY_KINDS as readonly string[]).includes(value);
}

/** The name the engine gives the step that ends an activity with its case. */
export const END_WITH_CASE = 'CANCEL';

export type ActivityOpening =
  { allowed: true; step: string; status: string; snapshot: PersistedSnapshot; fields: ActivityFields; side: CaseSide } | ({ allowed: false } & Refusal);

export type ActivityDecision =
  { allowed: true; from: string; to: string; snapshot: PersistedSnapshot; fields: ActivityFields } | ({ allowed: false; from: string } & Refusal);

function isActivityContext(v: unknown): v is ActivityContext {
  const c = v as Partial<ActivityContext> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    isSupervisionActivityKind(c.kind) &&
    typeof c.caseId === 'string' &&
    typeof c.startedById === 'string' &&
    (c.startedBySide === 'sending' || c.startedBySide === 'receiving') &&
    typeof c.fields === 'object' &&
    Array.isArray(c.log)
  );
}

function read(persisted: PersistedSnapshot): { value: string; context: ActivityContext; rules: AnyActivityRules } {
  const kind = (persisted as { context?: { kind?: unknown } }).context?.kind;
  const rules = isSupervisionActivityKind(kind) ? SUPERVISION_ACTIVITY_RULES[kind] : null;
  const isStatus = (v: unknown): v is string => typeof v === 'string' && (rules?.statuses ?? []).includes(v);
  const { value, context } = readPersisted(persisted, isStatus, isActivityContext, 'activity');
  return { value, context, rules: SUPERVISION_ACTIVITY_RULES[context.kind] };
}

function restore(persisted: PersistedSnapshot) {
  const { value, context } = read(persisted);
  return MACHINES[context.kind].resolveState({ value, context, historyValue: {} });
}

/** The fields a step gives, trimmed, its blank ones left out, checked against what it takes. */
function checkedFields(
  rules: AnyActivityRules,
  step: string,
  declared: { requires: readonly ActivityField[]; offers?: readonly ActivityField[] },
  given: Readonly<Record<string, unknown>>,
  today: CompactDate,
): { fields: ActivityFields } | Refusal {
  const taken = [...declared.requires, ...(declared.offers ?? [])];
  const fields: ActivityFields = {};
  for (const [name, raw] of Object.entries(given)) {
    if (raw === undefined || raw === null) continue;
    if (!(taken as readonly string[]).includes(name)) return activityFieldNotTaken(rules, step, name, taken);
    const value = String(raw).trim();
    if (value !== '') fields[name as ActivityField] = value;
  }
  const missing = missingFields(declared.requires, fields);
  if (missing.length > 0) return activityFieldsMissing(rules, step, missing);
  for (const name of ACTIVITY_FIELDS) {
    const value = fields[name];
    if (value === undefined) continue;
    const choices = ACTIVITY_FIELD_CHOICES[name];
    if (choices && !choices.includes(value)) return activityFieldInvalid(name, value, today);
    if (ACTIVITY_DATE_FIELDS.includes(name) && (!isCompactDate(value) || value > today)) return activityFieldInvalid(name, value, today);
  }
  return { fields };
}

/**
 * Starts an activity of a case: who, then when (the case's status), then what is missing. The way
 * it starts is the one declared for the actor's side (a progress report asked for by the sending
 * state, or sent unasked by the receiving one).
 */
export function startActivity(
  kind: unknown,
  c: { caseId: string } & CaseForActivities,
  given: Readonly<Record<string, unknown>>,
  actor: Actor,
  today: CompactDate,
): ActivityOpening {
  if (!isSupervisionActivityKind(kind)) return { allowed: false, ...unknownActivityKind(kind) };
  const rules = SUPERVISION_ACTIVITY_RULES[kind];
  const side = sideOfActor(actor, c);
  const start = rules.starts.find((s) => side !== null && isSentBy(s.by, actor, { ...c, startedBySide: side }));
  if (!start || !side)
    return {
      allowed: false,
      ...forbiddenActivityStep(
        rules,
        'start',
        actor,
        rules.starts.map((s) => s.by),
      ),
    };
  if (!rules.startsOn.includes(c.status)) return { allowed: false, ...caseNotOpenForActivity(rules, c.status) };
  if (c.transmittedAt === null) return { allowed: false, ...caseNeverSent(rules, c.status) };
  const checked = checkedFields(rules, start.step, start, given, today);
  if ('code' in checked) return { allowed: false, ...checked };
  const context: ActivityContext = {
    kind,
    caseId: c.caseId,
    sendingState: c.sendingState,
    receivingState: c.receivingState,
    startedById: actor.id,
    startedBySide: side,
    fields: checked.fields,
    log: [{ step: start.step, side, byId: actor.id, on: today, fields: checked.fields }],
  };
  const machine = MACHINES[kind];
  const snapshot = machine.resolveState({ value: start.to, context, historyValue: {} });
  return { allowed: true, step: start.step, status: start.to, snapshot: persistSnapshot(machine, snapshot), fields: checked.fields, side };
}

/** The activities the actor may start on a case now, each by the way its side starts it. */
export function activityStartsOf(c: CaseForActivities, actor: Actor): { kind: SupervisionActivityKind; step: string }[] {
  const side = sideOfActor(actor, c);
  if (!side || c.transmittedAt === null) return [];
  const started = { sendingState: c.sendingState, receivingState: c.receivingState, startedBySide: side };
  return SUPERVISION_ACTIVITY_KINDS.flatMap((kind) => {
    const rules = SUPERVISION_ACTIVITY_RULES[kind];
    if (!rules.startsOn.includes(c.status)) return [];
    const start = rules.starts.find((s) => isSentBy(s.by, actor, started));
    return start ? [{ kind, step: start.step }] : [];
  });
}

/**
 * What the starts read of a case: its status, its states, and when the transfer request or request for
 * reporting instructions left the sending state (null: never; the receiving state has no such case).
 */
export type CaseForActivities = { status: CaseStatus; transmittedAt: Date | null } & CaseFacts;

/** Same order of refusals as for a case: who, then when, then what is missing. */
export function decideActivityEvent(
  persisted: PersistedSnapshot,
  type: unknown,
  given: Readonly<Record<string, unknown>>,
  actor: Actor,
  today: CompactDate,
): ActivityDecision {
  const snapshot = restore(persisted);
  const { rules, context } = read(persisted);
  const from = snapshot.value as string;
  const refuse = (r: Refusal): ActivityDecision => ({ allowed: false, from, ...r });
  const rule = typeof type === 'string' && Object.hasOwn(rules.events, type) ? rules.events[type] : undefined;
  if (!rule) return refuse(unknownActivityEvent(rules, type));
  const name = type as string;
  if (!isSentBy(rule.by, actor, context)) return refuse(forbiddenActivityStep(rules, `send ${name} on`, actor, [rule.by]));
  if (rules.finals.includes(from)) return refuse(activityEnded(rules, from));
  if (!rule.from.includes(from)) return refuse(activityNotInStatus(rules, name, rule.from, from));
  const checked = checkedFields(rules, name, rule, given, today);
  if ('code' in checked) return refuse(checked);
  const machine = MACHINES[context.kind];
  const [next] = transition(machine, snapshot, { type: name, actor, on: today, fields: checked.fields });
  if (next === snapshot) throw new Error(`The ${rules.title} machine refused ${name} from ${from} although every check passed.`);
  return { allowed: true, from, to: next.value as string, snapshot: persistSnapshot(machine, next), fields: checked.fields };
}

/** The events the actor may send on the activity now. */
export function allowedActivityEvents(persisted: PersistedSnapshot, actor: Actor, today: CompactDate): string[] {
  const snapshot = restore(persisted);
  const { rules } = read(persisted);
  const filled = Object.fromEntries(ACTIVITY_FIELDS.map((f) => [f, 'given'])) as ActivityFields;
  return Object.keys(rules.events).filter((type) => snapshot.can({ type, actor, on: today, fields: filled }));
}

/**
 * Ends an open activity whose case was closed or withdrawn, in the case's own transaction: null when
 * it has ended already, or outlives its case (a message between offices).
 */
export function endActivityWithCase(persisted: PersistedSnapshot, actor: Actor, today: CompactDate): Extract<ActivityDecision, { allowed: true }> | null {
  const { value, context, rules } = read(persisted);
  const kind: SupervisionActivityKind = context.kind;
  if (rules.endsWithCase === null || rules.finals.includes(value)) return null;
  const machine = MACHINES[kind];
  const ended = machine.resolveState({
    value: rules.endsWithCase,
    context: {
      ...context,
      log: [...context.log, { step: END_WITH_CASE, side: sideOfActor(actor, context) ?? context.startedBySide, byId: actor.id, on: today, fields: {} }],
    },
    historyValue: {},
  });
  return { allowed: true, from: value, to: rules.endsWithCase, snapshot: persistSnapshot(machine, ended), fields: {} };
}

export function activityStatusOf(persisted: PersistedSnapshot): string {
  return read(persisted).value;
}

export function activityRecordOf(persisted: PersistedSnapshot): ActivityContext {
  return read(persisted).context;
}

/** The Eastern date the latest of a case's warrants was retaken on (its RETAKE step), or null when none was. */
export function retakenOn(warrants: readonly { kind: string; status: string; log: readonly { step: string; on: CompactDate }[] }[]): CompactDate | null {
  const dates = warrants
    .filter((w) => w.kind === 'warrant' && w.status === 'retaken')
    .flatMap((w) => w.log.filter((l) => l.step === 'RETAKE').map((l) => l.on))
    .sort();
  return dates.length > 0 ? dates[dates.length - 1] : null;
}

/**
 * The case step an activity holds back, if any: rule 4.112(b), no closure notice while the sending
 * state is retaking the person on a warrant.
 */
export function heldByActivities(type: CaseEventType, activities: readonly { kind: string; status: string; fields: ActivityFields }[]): Refusal | null {
  if (type !== 'SUBMIT_CLOSURE_NOTICE') return null;
  const retaking = activities.find((a) => a.kind === 'warrant' && (RETAKING_PENDING as readonly string[]).includes(a.status));
  if (!retaking) return null;
  return refusal(
    'case.retaking_pending',
    `Rule 4.112(b): the case cannot be closed while the sending state is retaking the person (a warrant issued on ${retaking.fields.issuedOn ?? 'an earlier date'} is ${retaking.status.replace('_', ' ')}). It can close once the person is retaken or the warrant withdrawn.`,
  );
}
