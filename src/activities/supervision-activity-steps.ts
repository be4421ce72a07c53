import { END_WITH_CASE, SUPERVISION_ACTIVITY_RULES, type SupervisionActivityKind } from '../../machines';
import type { ActivityKind, ActivityStep } from '../engine/activity';

/** What a step is called, in the history and on its button, and what its banner says once it is done. */
interface StepWording {
  action: string;
  label: string;
  done: string;
  /** A grave step's consequence (ActivityStep.consequence): the console asks the user to confirm it. */
  grave?: string;
}

/** Each kind's steps in the compact's words: its ways to start, its events, and its end with the case. */
const WORDING: Readonly<Record<SupervisionActivityKind, Readonly<Record<string, StepWording>>>> = {
  progress_report: {
    REQUEST: {
      action: 'REQUEST_PROGRESS_REPORT',
      label: 'Ask for a progress report',
      done: 'The receiving state is asked for a progress report (rule 4.106).',
    },
    REPORT: { action: 'SEND_PROGRESS_REPORT', label: 'Send a progress report', done: 'The progress report is sent to the sending state.' },
    SUBMIT_REPORT: { action: 'SUBMIT_PROGRESS_REPORT', label: 'Send the progress report', done: 'The progress report is sent to the sending state.' },
    [END_WITH_CASE]: { action: 'CANCEL_PROGRESS_REPORT', label: 'Cancel', done: 'The progress report ended with its case.' },
  },
  violation_report: {
    REPORT: { action: 'REPORT_VIOLATION', label: 'Report a violation', done: 'The violation report is sent to the sending state (rule 4.109).' },
    RESPOND: { action: 'RESPOND_TO_VIOLATION', label: 'Respond', done: 'Your response is sent to the receiving state.' },
    [END_WITH_CASE]: { action: 'CANCEL_VIOLATION_REPORT', label: 'Cancel', done: 'The violation report ended with its case.' },
  },
  warrant: {
    ISSUE: { action: 'ISSUE_WARRANT', label: 'Issue a warrant', done: 'The warrant is recorded and the receiving state told (rule 5.103).' },
    REPORT_CUSTODY: {
      action: 'REPORT_CUSTODY',
      label: 'Report custody on the warrant',
      done: 'The sending state is told; it retakes within 30 days (rule 5.105).',
    },
    RETAKE: { action: 'RETAKE', label: 'Retaken', done: 'The retaking is recorded; the case may now close.' },
    WITHDRAW_WARRANT: {
      action: 'WITHDRAW_WARRANT',
      label: 'Withdraw the warrant',
      done: 'The warrant is withdrawn.',
      grave: 'Withdraw the warrant: the person is no longer to be held on it, and the receiving state is told.',
    },
    [END_WITH_CASE]: { action: 'CANCEL_WARRANT', label: 'Cancel', done: 'The warrant ended with its case.' },
  },
  return_request: {
    REQUEST: {
      action: 'REQUEST_RETURN',
      label: 'Ask for return instructions',
      done: 'The sending state is asked for return reporting instructions (rule 4.111).',
    },
    GRANT: { action: 'GRANT_RETURN', label: 'Grant the return', done: 'Return instructions granted; the receiving state is told.' },
    DENY: {
      action: 'DENY_RETURN',
      label: 'Deny',
      done: 'The return is denied; the receiving state is told.',
      grave: 'Deny the return: the person may not return to the sending state on this request, and the receiving state is told.',
    },
    [END_WITH_CASE]: { action: 'CANCEL_RETURN_REQUEST', label: 'Cancel', done: 'The return request ended with its case.' },
  },
  action_request: {
    SEND: { action: 'SEND_ACTION_REQUEST', label: 'Send an action request', done: 'Your action request is sent to the other state’s compact office.' },
    REPLY: { action: 'REPLY_TO_ACTION_REQUEST', label: 'Reply', done: 'Your reply is sent.' },
    CLOSE: { action: 'CLOSE_ACTION_REQUEST', label: 'Close', done: 'The action request is closed.' },
  },
};

/**
 * Each kind as an activity of the engine: its steps' names, buttons and fields, taken from the
 * kind's rule table in machines/ (what each step requires and offers). Every step a person takes
 * is mailed to the other state's compact office; the end with the case is the case's own news.
 */
function declared(kind: SupervisionActivityKind): ActivityKind<string> {
  const rules = SUPERVISION_ACTIVITY_RULES[kind];
  const shapes: Record<string, { requires: ActivityStep['requires']; offers?: ActivityStep['offers'] }> = {
    ...Object.fromEntries(rules.starts.map((s) => [s.step, s])),
    ...rules.events,
    ...(rules.endsWithCase ? { [END_WITH_CASE]: { requires: [] } } : {}),
  };
  const steps = Object.fromEntries(
    Object.entries(shapes).map(([step, shape]): [string, ActivityStep] => {
      const words = WORDING[kind][step];
      if (!words) throw new Error(`The ${rules.title}'s step ${step} has no wording.`);
      return [
        step,
        {
          action: words.action,
          label: words.label,
          requires: shape.requires,
          offers: shape.offers,
          grave: words.grave !== undefined,
          consequence: words.grave,
          done: words.done,
          tells: step === END_WITH_CASE ? [] : ['other_compact_office'],
        },
      ];
    }),
  );
  return { entityType: 'activity', title: rules.title, steps };
}

export const SUPERVISION_ACTIVITIES: Readonly<Record<SupervisionActivityKind, ActivityKind<string>>> = {
  progress_report: declared('progress_report'),
  violation_report: declared('violation_report'),
  warrant: declared('warrant'),
  return_request: declared('return_request'),
  action_request: declared('action_request'),
};
