import { and, setup } from 'xstate';
import type { CaseFacts } from './case-events';
import type { ReopenRequestMachineEvent } from './reopen-request-events';
import { maySendReopenRequestEvent } from './case-permissions';
import { isGivenReason } from './wording';

export interface ReopenRequestContext extends CaseFacts {
  caseId: string;
  requestedById: string;
}

/** A field officer's or supervisor's request that the compact office reopen a closed case. */
export const reopenRequestMachine = setup({
  types: {} as { context: ReopenRequestContext; events: ReopenRequestMachineEvent; input: ReopenRequestContext },
  guards: {
    sentByPermittedActor: ({ context, event }) => event.type !== 'SUPERSEDE' && maySendReopenRequestEvent(event.type, event.actor, context),
    hasReason: ({ event }) => event.type !== 'SUPERSEDE' && isGivenReason(event.reason),
    // Whoever moved the case was allowed to by the case's own machine; what counts here is where it went.
    caseLeftClosed: ({ event }) => event.type === 'SUPERSEDE' && event.caseStatus !== 'closed',
  },
}).createMachine({
  id: 'reopenRequest',
  initial: 'pending',
  // Restored snapshots come without input (see the case machine): nothing to copy then.
  context: ({ input }) => ({ ...input }) as ReopenRequestContext,
  states: {
    pending: {
      on: {
        APPROVE: { target: 'approved', guard: 'sentByPermittedActor' },
        DENY: { target: 'denied', guard: and(['sentByPermittedActor', 'hasReason']) },
        WITHDRAW: { target: 'withdrawn', guard: 'sentByPermittedActor' },
        SUPERSEDE: { target: 'superseded', guard: 'caseLeftClosed' },
      },
    },
    approved: { type: 'final' },
    denied: { type: 'final' },
    withdrawn: { type: 'final' },
    superseded: { type: 'final' },
  },
});
