import type { ActivityStep } from '../engine/activity';

/** What a form posts to confirm a grave step: the confirmation page's "Confirm" button. */
export const CONFIRMED = 'yes';

/** A step the console takes at once, or only once its consequence is confirmed (a grave step posted without `confirmed=yes`). */
export const awaitsConfirmation = (step: ActivityStep | undefined, confirmed: string | undefined): step is ActivityStep =>
  step !== undefined && step.grave && confirmed !== CONFIRMED;

/**
 * What a confirmation page draws (views/confirm-step.eta): what the step will do, in words, and a
 * form that posts the same fields again, as the user typed them, with `confirmed=yes`; "Cancel"
 * goes back to the page. No script: the confirmation is the server's, under the console's strict CSP.
 */
export function confirmationOf(
  step: Pick<ActivityStep, 'label' | 'consequence'>,
  posted: unknown,
  action: string,
  back: string,
  of: string,
  /** The posted fields that are the form's machinery, not what the user typed: posted again, not repeated on the page. */
  unshown: readonly string[] = ['type', 'expectedVersion', 'back'],
) {
  const fields = Object.entries(typeof posted === 'object' && posted !== null ? posted : {})
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf' && e[0] !== 'confirmed')
    .map(([name, value]) => ({ name, value }));
  return {
    label: step.label,
    consequence: step.consequence ?? `${step.label}: this cannot be undone.`,
    of,
    action,
    back,
    fields,
    unshown,
    confirmed: CONFIRMED,
  };
}
