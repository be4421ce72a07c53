import type { CompactDate } from '../calendar';
import type { CaseStatus } from '../case-events';
import { refusal, type Refusal } from '../refusal';
import { CASE_WORKER_ROLES, ROLE_TITLES, type Actor } from '../roles';
import { capitalized, inWords, withArticle } from '../wording';
import { ACTIVITY_FIELD_CHOICES, SUPERVISION_ACTIVITY_KINDS, type ActivityField, type ActivitySenders, type AnyActivityRules } from './activity-rules';

export function unknownActivityKind(kind: unknown): Refusal {
  return refusal('activity.unknown_kind', `Unknown activity kind ${JSON.stringify(kind)}; the kinds are ${inWords(SUPERVISION_ACTIVITY_KINDS)}.`);
}

export function unknownActivityEvent(rules: AnyActivityRules, type: unknown): Refusal {
  return refusal(
    'activity.unknown_event',
    `Unknown event ${JSON.stringify(type)} for ${withArticle(rules.title)}; its events are ${inWords(Object.keys(rules.events))}.`,
  );
}

function whoIn(by: ActivitySenders): string {
  const roles = by.roles.length === 1 ? `the ${ROLE_TITLES[by.roles[0]]}` : `a ${inWords(by.roles.map((r) => ROLE_TITLES[r]))}`;
  switch (by.side) {
    case 'either':
      return `${roles} of either state`;
    case 'addressee':
      return `${roles} of the state it was sent to`;
    default:
      return `${roles} of the ${by.side} state`;
  }
}

export function forbiddenActivityStep(rules: AnyActivityRules, what: string, actor: Actor, allowed: readonly ActivitySenders[]): Refusal {
  if (!CASE_WORKER_ROLES.includes(actor.role))
    return refusal('activity.not_case_worker', `Auditors and state administrators cannot ${what} ${withArticle(rules.title)}.`);
  return refusal('activity.not_sender', `Only ${inWords(allowed.map(whoIn))} may ${what} ${withArticle(rules.title)} (rule ${rules.rule}).`);
}

export function caseNotOpenForActivity(rules: AnyActivityRules, status: CaseStatus): Refusal {
  return refusal(
    'activity.case_not_open',
    `${capitalized(withArticle(rules.title))} can only be started on a case that is ${inWords(rules.startsOn)}; this case is ${status}.`,
  );
}

/** An activity is between the two states: a case withdrawn before it was ever sent exists for the sending state alone. */
export function caseNeverSent(rules: AnyActivityRules, status: CaseStatus): Refusal {
  return refusal(
    'activity.case_not_sent',
    `${capitalized(withArticle(rules.title))} can only be started on a case the receiving state has received; this case is ${status} and was never sent to it.`,
  );
}

export function activityEnded(rules: AnyActivityRules, status: string): Refusal {
  return refusal('activity.final', `This ${rules.title} is ${status} and cannot change.`);
}

export function activityNotInStatus(rules: AnyActivityRules, type: string, from: readonly string[], status: string): Refusal {
  return refusal('activity.not_in_status', `${type} is possible only while the ${rules.title} is ${inWords(from)}; it is ${status}.`);
}

export function activityFieldsMissing(rules: AnyActivityRules, step: string, missing: readonly ActivityField[]): Refusal {
  const fields = inWords(
    missing.map((f) => `"${f}"`),
    'and',
  );
  return refusal('activity.field_missing', `${step} of ${withArticle(rules.title)} needs ${fields}, not blank.`);
}

export function activityFieldNotTaken(rules: AnyActivityRules, step: string, field: string, taken: readonly ActivityField[]): Refusal {
  const takes =
    taken.length > 0
      ? `it takes ${inWords(
          taken.map((f) => `"${f}"`),
          'and',
        )}`
      : 'it takes no fields';
  return refusal('activity.field_not_taken', `${step} of ${withArticle(rules.title)} does not take "${field}": ${takes}.`);
}

export function activityFieldInvalid(field: ActivityField, value: string, today: CompactDate): Refusal {
  const choices = ACTIVITY_FIELD_CHOICES[field];
  if (choices) return refusal('activity.field_invalid', `${field} must be one of: ${choices.join(', ')}; it is ${JSON.stringify(value)}.`);
  return refusal('activity.field_invalid', `${field} must be a date (YYYY-MM-DD) no later than today (${today}); it is ${JSON.stringify(value)}.`);
}
