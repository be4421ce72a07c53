import type { CaseEventField } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { StepRoute } from './step-routes';

/** Who is told of a step by mail: the compact office of one side of the case, or the user who started the activity. */
export type Audience = 'receiving_compact_office' | 'sending_compact_office' | 'starter';

/** One step of an activity, as the engine's parts need it: the audit history, the console, the API, the mails. */
export interface ActivityStep {
  /** The audit history's name for the step. */
  action: string;
  /** Its button, in the compact's words. */
  label: string;
  /** The fields the rules refuse it without (an audited 400), so that its form asks for them. */
  requires: readonly CaseEventField[];
  /** Fields it may carry, which its form offers without asking for them. */
  offers?: ReadonlyArray<'plannedReleaseDate' | 'sexOffender'>;
  /** It ends or turns back the activity: drawn as such, so nobody presses it in passing. */
  grave: boolean;
  /** The banner shown once after the step went through. */
  done: string;
  /** Who is mailed once it is done (StepNotices), in the step's own transaction; nobody when empty. */
  tells: readonly Audience[];
  /** Its API route, when the engine gives it one (StepRoutes). */
  route?: StepRoute;
}

/**
 * An activity kind, declared once: its steps, keyed by its machine's event types, with what each
 * is called and needs. Who may send each step, and when, is its machine's rule table (machines/);
 * its input DTO and its view are in its feature's dto/ folder; its use cases run through StateChanges.
 */
export interface ActivityKind<TStep extends string> {
  entityType: AuditDraft['entityType'];
  /** In words: "case", "reopen request". */
  title: string;
  steps: Readonly<Record<TStep, ActivityStep>>;
}

/** A step the user may take now, as a console page draws its button and form. */
export interface StepButton<TStep extends string> {
  type: TStep;
  label: string;
  needsReason: boolean;
  needsClosureReason: boolean;
  offersPlannedRelease: boolean;
  danger: boolean;
}

/** The buttons of a page, one per step the user may take now (`allowed`: the view's allowedEvents), in the declared order. */
export function stepButtons<TStep extends string>(kind: ActivityKind<TStep>, allowed: readonly string[]): StepButton<TStep>[] {
  return (Object.keys(kind.steps) as TStep[])
    .filter((type) => allowed.includes(type))
    .map((type) => {
      const step = kind.steps[type];
      return {
        type,
        label: step.label,
        needsReason: step.requires.includes('reason'),
        needsClosureReason: step.requires.includes('closureReason'),
        offersPlannedRelease: step.offers?.includes('plannedReleaseDate') ?? false,
        danger: step.grave,
      };
    });
}
