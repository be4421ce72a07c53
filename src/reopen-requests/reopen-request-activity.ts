import type { ReopenRequestEventType } from '../../machines';
import type { ErrorDoc } from '../common/api-errors';
import type { ActivityKind } from '../engine/activity';
import { ReopenReasonDto } from './dto/reopen-reason.dto';
import { REQUEST_NOT_FOUND } from './reopen-request-errors';

const NO_SUCH_REQUEST: ErrorDoc = { description: 'No such reopen request among those your state may see', examples: { notFound: REQUEST_NOT_FOUND } };
const ALREADY_DECIDED = { alreadyDecided: 'This reopen request was already approved and cannot change.' };
const NOTE_TOO_LONG: ErrorDoc = {
  description: 'The note is not valid',
  examples: {
    tooLong: {
      message: 'The request is not valid: reason must be shorter than or equal to 1000 characters.',
      fields: [{ field: 'reason', problems: ['reason must be shorter than or equal to 1000 characters'] }],
    },
  },
};
const ONLY_THE_COMPACT_OFFICE = (verb: string): ErrorDoc => ({
  description: 'Only the compact office of the receiving state decides',
  examples: { notReceivingCompactOffice: `Only the compact office of the receiving state (TX) may ${verb} a reopen request.` },
});

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
      tells: ['receiving_compact_office'],
    },
    APPROVE: {
      action: 'APPROVE_REOPEN',
      label: 'Approve: reopen the case',
      requires: [],
      grave: false,
      done: 'Approved: the case is reopened, and the requester is told by mail.',
      tells: ['starter'],
      route: {
        path: 'approve',
        summary: 'Approve: the case is reopened at once (compact office of the receiving state)',
        body: { type: ReopenReasonDto, required: false, description: 'Optional: a note for the history and the requester' },
        errors: {
          400: NOTE_TOO_LONG,
          403: ONLY_THE_COMPACT_OFFICE('approve'),
          404: NO_SUCH_REQUEST,
          409: {
            description: 'Already decided, or the case is no longer closed',
            examples: {
              ...ALREADY_DECIDED,
              caseNoLongerClosed:
                'This case is no longer closed (it is active): it was reopened or changed after the request was made, ' +
                'so the request cannot be approved. Deny or withdraw it instead.',
            },
          },
        },
      },
    },
    DENY: {
      action: 'DENY_REOPEN',
      label: 'Deny',
      requires: ['reason'],
      grave: true,
      consequence: 'Deny the reopen request: the case stays closed, and the requester is told by mail, with your reason.',
      done: 'Denied: the requester is told by mail, with your reason.',
      tells: ['starter'],
      route: {
        path: 'deny',
        summary: 'Deny with a reason: the case stays closed (compact office of the receiving state)',
        body: { type: ReopenReasonDto, required: true, description: 'Why the case stays closed: required, and the requester receives it' },
        errors: {
          400: {
            description: 'The reason is missing or blank, or longer than 1000 characters',
            examples: { reasonMissing: 'The field "reason" is required to deny a reopen request and must not be blank.' },
          },
          403: ONLY_THE_COMPACT_OFFICE('deny'),
          404: NO_SUCH_REQUEST,
          409: { description: 'Already decided', examples: ALREADY_DECIDED },
        },
      },
    },
    WITHDRAW: {
      action: 'WITHDRAW_REOPEN_REQUEST',
      label: 'Withdraw my request',
      requires: [],
      grave: true,
      consequence: 'Withdraw your reopen request: it ends unanswered, and the case stays closed; only a new request can ask again.',
      done: 'Your reopen request is withdrawn.',
      tells: ['starter'],
      route: {
        path: 'withdraw',
        summary: 'Withdraw a pending request (the requester only)',
        body: { type: ReopenReasonDto, required: false, description: 'Optional: a note for the history' },
        errors: {
          400: NOTE_TOO_LONG,
          403: { description: 'Only the requester withdraws', examples: { notRequester: 'Only the person who made this reopen request may withdraw it.' } },
          404: NO_SUCH_REQUEST,
          409: { description: 'Already decided', examples: ALREADY_DECIDED },
        },
      },
    },
    /** Not a person's step: the case left closed by another path while the request was pending. */
    SUPERSEDE: {
      action: 'SUPERSEDE_REOPEN_REQUEST',
      label: 'Supersede',
      requires: [],
      grave: false,
      done: 'The reopen request is superseded.',
      tells: ['starter'],
    },
  },
};

/** The audit history's name of each step. */
export const REOPEN_REQUEST_ACTIONS = Object.fromEntries(Object.entries(REOPEN_REQUEST_ACTIVITY.steps).map(([step, { action }]) => [step, action])) as Readonly<
  Record<ReopenRequestStep, string>
>;
