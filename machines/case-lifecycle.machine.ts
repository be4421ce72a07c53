import { and, assign, setup } from 'xstate';
import {
  CASE_EVENT_FIELDS,
  isClosureReason,
  isFieldGiven,
  plannedReleaseProblem,
  type CaseFacts,
  type CaseMachineEvent,
  type ClosureReason,
} from './case-events';
import { maySendCaseEvent } from './case-permissions';

export interface CaseContext extends CaseFacts {
  closureReason: ClosureReason | null;
}

/**
 * The lifecycle of one supervision case under the compact. Every transition is guarded by who
 * sends it (CASE_EVENT_SENDERS) and by the fields it needs (CASE_EVENT_FIELDS), so the machine alone
 * refuses what the rules refuse; case-lifecycle.ts only adds the words that say why, from the same tables.
 */
export const caseLifecycleMachine = setup({
  types: {} as { context: CaseContext; events: CaseMachineEvent; input: CaseFacts },
  guards: {
    sentByPermittedActor: ({ context, event }) => maySendCaseEvent(event.type, event.actor, context),
    plannedReleaseAllowed: ({ event }) => plannedReleaseProblem(event) === null,
    carriesRequiredFields: ({ event }) => CASE_EVENT_FIELDS[event.type].every((field) => isFieldGiven(field, event)),
  },
  actions: {
    recordClosureReason: assign({
      closureReason: ({ event }) => (isClosureReason(event.closureReason) ? event.closureReason : null),
    }),
    clearClosureReason: assign({ closureReason: null }),
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
    }) as CaseContext,
  states: {
    draft: {
      on: {
        SUBMIT_TRANSFER_REQUEST: { target: 'transfer_requested', guard: and(['sentByPermittedActor', 'plannedReleaseAllowed']) },
        WITHDRAW: { target: 'withdrawn', guard: and(['sentByPermittedActor', 'carriesRequiredFields']) },
      },
    },
    transfer_requested: {
      on: {
        ACCEPT_TRANSFER: { target: 'accepted', guard: 'sentByPermittedActor' },
        REJECT_TRANSFER: { target: 'rejected', guard: and(['sentByPermittedActor', 'carriesRequiredFields']) },
        WITHDRAW: { target: 'withdrawn', guard: and(['sentByPermittedActor', 'carriesRequiredFields']) },
      },
    },
    rejected: {
      on: {
        SUBMIT_TRANSFER_REQUEST: { target: 'transfer_requested', guard: and(['sentByPermittedActor', 'plannedReleaseAllowed']) },
        WITHDRAW: { target: 'withdrawn', guard: and(['sentByPermittedActor', 'carriesRequiredFields']) },
      },
    },
    accepted: {
      on: {
        NOTICE_OF_DEPARTURE: { target: 'departed', guard: 'sentByPermittedActor' },
        WITHDRAW: { target: 'withdrawn', guard: and(['sentByPermittedActor', 'carriesRequiredFields']) },
      },
    },
    departed: {
      on: {
        NOTICE_OF_ARRIVAL: { target: 'active', guard: 'sentByPermittedActor' },
        WITHDRAW: { target: 'withdrawn', guard: and(['sentByPermittedActor', 'carriesRequiredFields']) },
      },
    },
    active: {
      on: {
        SUBMIT_CLOSURE_NOTICE: {
          target: 'closure_pending',
          guard: and(['sentByPermittedActor', 'carriesRequiredFields']),
          actions: 'recordClosureReason',
        },
      },
    },
    closure_pending: {
      on: {
        CONFIRM_CLOSURE: { target: 'closed', guard: 'sentByPermittedActor' },
        REJECT_CLOSURE: {
          target: 'active',
          guard: and(['sentByPermittedActor', 'carriesRequiredFields']),
          actions: 'clearClosureReason',
        },
      },
    },
    closed: {
      on: {
        REOPEN: {
          target: 'active',
          guard: and(['sentByPermittedActor', 'carriesRequiredFields']),
          actions: 'clearClosureReason',
        },
      },
    },
    withdrawn: { type: 'final' },
  },
});
