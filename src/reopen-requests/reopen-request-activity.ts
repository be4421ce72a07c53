import type { ReopenRequestEventType } from '../../machines';
import type { ActivityKind } from '../engine/activity';

/** Not a case event: asking is POST /cases/:id/reopen-requests, but the case lists it among what the user may do. */
export const REQUEST_REOPEN = 'REQUEST_REOPEN';

/** Every step of a reopen request: asking, the machine's events, and the supersede no person takes. */
export type ReopenRequestStep = 'ASK' | ReopenRequestEventType | 'SUPERSEDE';

/** The reopen request as an activity; asking has the audit name cases offer it by. */
export const REOPEN_REQUEST_ACTIVITY: ActivityKind<ReopenRequestStep> = {
  entityType: 'reopen_request',
  title: 'reopen request',
  steps: {
    ASK: {
      action: REQUEST_REOPEN,
      label: 'Ask for a reopen',
      requires: ['reason'],
      grave: false,
      done: 'Your reopen request is sent to the compact office of the receiving state.',
    },
    APPROVE: {
      action: 'APPROVE_REOPEN',
      label: 'Approve: reopen the case',
      requires: [],
      grave: false,
      done: 'Approved: the case is reopened, and the requester is told by mail.',
    },
    DENY: {
      action: 'DENY_REOPEN',
      label: 'Deny',
      requires: ['reason'],
      grave: true,
      done: 'Denied: the requester is told by mail, with your reason.',
    },
    WITHDRAW: { action: 'WITHDRAW_REOPEN_REQUEST', label: 'Withdraw my request', requires: [], grave: false, done: 'Your reopen request is withdrawn.' },
    /** Not a person's step: the case left closed by another path while the request was pending. */
    SUPERSEDE: { action: 'SUPERSEDE_REOPEN_REQUEST', label: 'Supersede', requires: [], grave: false, done: 'The reopen request is superseded.' },
  },
};

/** The audit history's name of each step. */
export const REOPEN_REQUEST_ACTIONS = Object.fromEntries(Object.entries(REOPEN_REQUEST_ACTIVITY.steps).map(([step, { action }]) => [step, action])) as Readonly<
  Record<ReopenRequestStep, string>
>;
