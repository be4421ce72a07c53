import { assign, setup } from 'xstate';
import { isHeldBack, type MoveDates } from './arrival-limits';
import type { CompactDate } from './calendar';
import {
  CASE_EVENT_FIELDS,
  isClosureReason,
  isFieldGiven,
  isInstructionsKind,
  isRejectionKind,
  plannedReleaseProblem,
  type CaseFacts,
  type CaseMachineEvent,
  type CaseStatus,
  type ClosureReason,
  type InstructionsKind,
  type RejectionKind,
} from './case-events';
import { maySendCaseEvent } from './case-permissions';

/** What a sending state's officer or supervisor submits for its compact office to transmit. */
export type ReviewedActivity = 'SUBMIT_TRANSFER_REQUEST' | 'REQUEST_REPORTING_INSTRUCTIONS';

/** The statuses a submission may come from, where a send-back returns it. */
export const REVIEW_RETURNS = ['draft', 'rejected', 'reporting_instructions_granted', 'acceptance_withdrawn'] as const satisfies readonly CaseStatus[];
export type ReviewReturn = (typeof REVIEW_RETURNS)[number];

/** The reporting instructions the sending state asked for. */
export interface ReportingInstructions {
  kind: InstructionsKind;
  sexOffender: boolean;
  /** Rule 3.103's request counts from it; null for an expedited request. */
  sentencingDate: CompactDate | null;
}

export interface CaseContext extends CaseFacts, MoveDates {
  closureReason: ClosureReason | null;
  /** Rule 4.112: where the person was last known to live and work, as the closure notice gave them. */
  lastKnown: { address: string; employment: string } | null;
  /** While the case is in its compact office's review: what waits for transmission, and where a send-back returns it. */
  review: { submitted: ReviewedActivity; returnsTo: ReviewReturn } | null;
  instructions: ReportingInstructions | null;
  /** Set by a rejection of the transfer request; cleared when another is submitted. */
  rejectionKind: RejectionKind | null;
}

/** What a case keeps in version 2 beyond its states and closure reason, before any step sets it. */
export const CASE_CONTEXT_ADDED_IN_V2 = {
  acceptedOn: null,
  departedOn: null,
  lastKnown: null,
  review: null,
  instructions: null,
  rejectionKind: null,
} as const satisfies Omit<CaseContext, keyof CaseFacts | 'closureReason'>;

/** What a transition checks beyond who sends it and the fields it needs (CASE_EVENT_FIELDS). */
interface Checks {
  /** Sent by the compact office itself (a transmission), or by anyone else its rule names (a submission for review). */
  byCompactOffice?: boolean;
  /** Rule 3.105's window for a planned release. */
  release?: boolean;
  /** Held back in this status until a limit has passed (heldBackUntil). */
  limitIn?: CaseStatus;
  reviewing?: ReviewedActivity;
  returnsTo?: ReviewReturn;
  /** The sending state has retaken the person on a warrant of the case (CaseEventInput.retakenOn). */
  retaken?: boolean;
}

const allowed = (params: Checks = {}) => ({ type: 'allowed' as const, params });

/** A submission by the sending state: its compact office transmits it at once; anyone else's goes to that office's review. */
const submitted = (submitted: ReviewedActivity, transmittedTo: CaseStatus, returnsTo: ReviewReturn) => {
  const release = submitted === 'SUBMIT_TRANSFER_REQUEST';
  const record = { type: 'recordSubmission' as const, params: { submitted } };
  return [
    { target: transmittedTo, guard: allowed({ byCompactOffice: true, release }), actions: record },
    {
      target: 'compact_office_review' as const,
      guard: allowed({ byCompactOffice: false, release }),
      actions: [record, { type: 'startReview' as const, params: { submitted, returnsTo } }],
    },
  ];
};

const withdraw = { target: 'withdrawn' as const, guard: allowed() };

/**
 * The lifecycle of one supervision case under the compact, version 2. Every transition is guarded
 * by who sends it (CASE_EVENT_SENDERS), by the fields it needs (CASE_EVENT_FIELDS) and by the limits
 * some steps wait for (heldBackUntil), so the machine alone refuses what the rules refuse;
 * case-lifecycle.ts only adds the words that say why, from the same tables. Nothing leaves the
 * sending state without its compact office: an officer's or supervisor's submission waits in
 * compact_office_review until that office transmits it or sends it back.
 */
export const caseLifecycleMachine = setup({
  types: {} as { context: CaseContext; events: CaseMachineEvent; input: CaseFacts },
  guards: {
    allowed: ({ context, event }, checks: Checks) =>
      maySendCaseEvent(event.type, event.actor, context) &&
      CASE_EVENT_FIELDS[event.type].every((field) => isFieldGiven(field, event)) &&
      (checks.byCompactOffice === undefined || checks.byCompactOffice === (event.actor.role === 'compact_office')) &&
      (!checks.release || plannedReleaseProblem(event) === null) &&
      (checks.limitIn === undefined || !isHeldBack(event.type, checks.limitIn, context, event.on)) &&
      (checks.reviewing === undefined || context.review?.submitted === checks.reviewing) &&
      (checks.returnsTo === undefined || context.review?.returnsTo === checks.returnsTo) &&
      (!checks.retaken || Boolean(event.retakenOn)),
  },
  actions: {
    recordSubmission: assign(({ event }, params: { submitted: ReviewedActivity }) =>
      params.submitted === 'SUBMIT_TRANSFER_REQUEST'
        ? { rejectionKind: null }
        : {
            instructions: {
              kind: isInstructionsKind(event.instructionsKind) ? event.instructionsKind : 'expedited',
              sexOffender: event.sexOffender === true,
              sentencingDate: event.instructionsKind === 'living_in_receiving_state' ? (event.sentencingDate ?? null) : null,
            },
          },
    ),
    startReview: assign((_, review: { submitted: ReviewedActivity; returnsTo: ReviewReturn }) => ({ review })),
    endReview: assign({ review: null }),
    recordRejection: assign({ rejectionKind: ({ event }) => (isRejectionKind(event.rejectionKind) ? event.rejectionKind : null) }),
    recordAcceptance: assign({ acceptedOn: ({ event }) => event.on ?? null, departedOn: null }),
    recordDeparture: assign({ departedOn: ({ event }) => event.on ?? null }),
    recordClosureNotice: assign({
      closureReason: ({ event }) => (isClosureReason(event.closureReason) ? event.closureReason : null),
      lastKnown: ({ event }) => ({ address: event.lastKnownAddress?.trim() ?? '', employment: event.lastKnownEmployment?.trim() ?? '' }),
    }),
    clearClosureNotice: assign({ closureReason: null, lastKnown: null }),
    recordReturn: assign({ closureReason: 'returned_to_sending_state' as const, lastKnown: null }),
  },
}).createMachine({
  id: 'case',
  initial: 'draft',
  // transition() on a restored snapshot builds its actor without input and never uses this
  // context; reading input safely spares a thrown TypeError on every decision.
  context: ({ input }) =>
    ({
      sendingState: input?.sendingState,
      receivingState: input?.receivingState,
      closureReason: null,
      ...CASE_CONTEXT_ADDED_IN_V2,
    }) as CaseContext,
  states: {
    draft: {
      on: {
        REQUEST_REPORTING_INSTRUCTIONS: submitted('REQUEST_REPORTING_INSTRUCTIONS', 'reporting_instructions_requested', 'draft'),
        SUBMIT_TRANSFER_REQUEST: submitted('SUBMIT_TRANSFER_REQUEST', 'transfer_requested', 'draft'),
        WITHDRAW: withdraw,
      },
    },
    compact_office_review: {
      on: {
        TRANSMIT: [
          { target: 'transfer_requested', guard: allowed({ reviewing: 'SUBMIT_TRANSFER_REQUEST' }), actions: 'endReview' },
          { target: 'reporting_instructions_requested', guard: allowed({ reviewing: 'REQUEST_REPORTING_INSTRUCTIONS' }), actions: 'endReview' },
        ],
        SEND_BACK: REVIEW_RETURNS.map((returnsTo) => ({ target: returnsTo, guard: allowed({ returnsTo }), actions: 'endReview' as const })),
        WITHDRAW: { ...withdraw, actions: 'endReview' },
      },
    },
    reporting_instructions_requested: {
      on: {
        GRANT_REPORTING_INSTRUCTIONS: { target: 'reporting_instructions_granted', guard: allowed() },
        DENY_REPORTING_INSTRUCTIONS: { target: 'reporting_instructions_denied', guard: allowed() },
        WITHDRAW: withdraw,
      },
    },
    reporting_instructions_granted: {
      on: {
        SUBMIT_TRANSFER_REQUEST: submitted('SUBMIT_TRANSFER_REQUEST', 'transfer_requested', 'reporting_instructions_granted'),
        WITHDRAW: withdraw,
      },
    },
    reporting_instructions_denied: { on: { WITHDRAW: withdraw } },
    transfer_requested: {
      on: {
        ACCEPT_TRANSFER: { target: 'accepted', guard: allowed(), actions: 'recordAcceptance' },
        REJECT_TRANSFER: { target: 'rejected', guard: allowed(), actions: 'recordRejection' },
        WITHDRAW: withdraw,
      },
    },
    rejected: {
      on: {
        SUBMIT_TRANSFER_REQUEST: submitted('SUBMIT_TRANSFER_REQUEST', 'transfer_requested', 'rejected'),
        WITHDRAW: withdraw,
      },
    },
    accepted: {
      on: {
        NOTICE_OF_DEPARTURE: { target: 'departed', guard: allowed(), actions: 'recordDeparture' },
        WITHDRAW_ACCEPTANCE: { target: 'acceptance_withdrawn', guard: allowed({ limitIn: 'accepted' }) },
        WITHDRAW: withdraw,
      },
    },
    acceptance_withdrawn: {
      on: {
        SUBMIT_TRANSFER_REQUEST: submitted('SUBMIT_TRANSFER_REQUEST', 'transfer_requested', 'acceptance_withdrawn'),
        WITHDRAW: withdraw,
      },
    },
    departed: {
      on: {
        NOTICE_OF_ARRIVAL: { target: 'active', guard: allowed() },
        NOTICE_OF_FAILURE_TO_ARRIVE: { target: 'failed_to_arrive', guard: allowed({ limitIn: 'departed' }) },
        WITHDRAW_ACCEPTANCE: { target: 'acceptance_withdrawn', guard: allowed({ limitIn: 'departed' }) },
        WITHDRAW: withdraw,
      },
    },
    failed_to_arrive: {
      on: {
        NOTICE_OF_ARRIVAL: { target: 'active', guard: allowed() },
        WITHDRAW: withdraw,
      },
    },
    active: {
      on: {
        SUBMIT_CLOSURE_NOTICE: { target: 'closure_pending', guard: allowed(), actions: 'recordClosureNotice' },
        CLOSE_AFTER_RETAKING: { target: 'closed', guard: allowed({ retaken: true }), actions: 'recordReturn' },
      },
    },
    closure_pending: {
      on: {
        CONFIRM_CLOSURE: { target: 'closed', guard: allowed() },
        REJECT_CLOSURE: { target: 'active', guard: allowed(), actions: 'clearClosureNotice' },
      },
    },
    closed: {
      on: {
        REOPEN: { target: 'active', guard: allowed(), actions: 'clearClosureNotice' },
      },
    },
    withdrawn: { type: 'final' },
  },
});
