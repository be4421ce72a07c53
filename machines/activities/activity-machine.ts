import { assign, setup } from 'xstate';
import type { CompactDate } from '../calendar';
import type { Actor } from '../roles';
import type { ActivityContext, ActivityFields, ActivityRules } from './activity-rules';
import { isSentBy, missingFields, sideOfActor } from './activity-senders';

/** An event of an activity's machine: who sent it, on which Eastern day, with which fields. */
export interface ActivityMachineEvent {
  type: string;
  actor: Actor;
  on: CompactDate;
  fields: ActivityFields;
}

/**
 * The XState machine of an activity kind, built from its rule table: one state per status, final
 * ones final, and each declared event a transition whose one guard asks the table who may send it
 * and what it needs. The step is logged with its fields, and the fields' latest values kept.
 */
export function activityMachine<S extends string, E extends string>(rules: ActivityRules<S, E>) {
  const events = Object.entries(rules.events) as [E, ActivityRules<S, E>['events'][E]][];
  const states = Object.fromEntries(
    rules.statuses.map((status) => [
      status,
      rules.finals.includes(status)
        ? { type: 'final' as const }
        : {
            on: Object.fromEntries(
              events
                .filter(([, rule]) => rule.from.includes(status))
                .map(([type, rule]) => [type, { target: rule.to, guard: 'allowed' as const, actions: 'record' as const }]),
            ),
          },
    ]),
  );
  return setup({
    types: {} as { context: ActivityContext; events: ActivityMachineEvent; input: ActivityContext },
    guards: {
      allowed: ({ context, event }) => {
        const rule = rules.events[event.type as E];
        return rule !== undefined && isSentBy(rule.by, event.actor, context) && missingFields(rule.requires, event.fields).length === 0;
      },
    },
    actions: {
      record: assign(({ context, event }) => ({
        fields: { ...context.fields, ...event.fields },
        log: [...context.log, { step: event.type, side: sideOfActor(event.actor, context)!, byId: event.actor.id, on: event.on, fields: event.fields }],
      })),
    },
  }).createMachine({
    id: rules.kind,
    initial: rules.starts[0].to,
    // Restored snapshots come without input: a started activity is resolved at its first status.
    context: ({ input }) => ({ ...input }),
    states,
  });
}
