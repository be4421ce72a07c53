import {
  CLOSURE_REASONS,
  COMPLIANCE_STATUSES,
  INSTRUCTIONS_KINDS,
  REJECTION_KINDS,
  VIOLATION_KINDS,
  VIOLATION_RESPONSES,
  type ActivityField,
  type CaseEventField,
} from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { StepRoute } from './step-routes';

/**
 * Who is told of a step by mail: the compact office of one side of the case, that of the side the
 * step's sender is not on, or the user who started the activity.
 */
export type Audience = 'receiving_compact_office' | 'sending_compact_office' | 'other_compact_office' | 'starter';

/** One step of an activity, as the engine's parts need it: the audit history, the console, the API, the mails. */
export interface ActivityStep {
  /** The audit history's name for the step. */
  action: string;
  /** Its button, in the compact's words. */
  label: string;
  /** The fields the rules refuse it without (an audited 400), so that its form asks for them. */
  requires: readonly StepFieldName[];
  /** Fields it may carry, which its form offers without asking for them. */
  offers?: readonly StepFieldName[];
  /** It ends or turns back the activity: drawn as such, last, and confirmed first, so nobody presses it in passing. */
  grave: boolean;
  /**
   * What a grave step will do, in words, for the console to ask the user to confirm it:
   * "Withdraw the case: it ends for both states and cannot be undone." Every grave step has one.
   */
  consequence?: string;
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
  /**
   * The order of its buttons where the declared order of its steps would not put the usual next
   * step first: the steps named come first, in this order, the others after them as declared.
   */
  buttonOrder?: readonly TStep[];
}

/** A field a step may carry without the rules asking for it. */
type OfferedField = 'plannedReleaseDate' | 'sexOffender';

/** A field of a step's form: one the step requires or offers, of a case or of a supervision activity. */
type StepFieldName = CaseEventField | OfferedField | ActivityField;

/** How a form asks for one field. */
interface FieldForm {
  /** Its element's id on the page, before the step's type: "reason-WITHDRAW". */
  id: string;
  input: 'textarea' | 'text' | 'select' | 'date' | 'checkbox';
  label: string;
  /** A select's choices, each its own label. */
  options?: readonly string[];
  /** A select's choices when their labels are not their values (a page fills them from what the case holds). */
  choices?: readonly { value: string; label: string }[];
  maxLength?: number;
  /** The rules need it in some cases only, which its label names: the form does not insist. */
  sometimes?: boolean;
}

/** Every field a form may ask for, in the order a form asks them, the reason last. */
const FIELD_FORMS: Readonly<Record<StepFieldName, FieldForm>> = {
  instructionsKind: { id: 'instructions', input: 'select', label: 'Reporting instructions for (rules 3.103, 3.103-2)', options: INSTRUCTIONS_KINDS },
  sentencingDate: {
    id: 'sentencing',
    input: 'date',
    label: 'Sentencing date, for a person living in the receiving state (rule 3.103)',
    sometimes: true,
  },
  sexOffender: { id: 'sex-offender', input: 'checkbox', label: 'A sex offender: the reply is due in 5 business days (rule 3.103-3)' },
  plannedReleaseDate: { id: 'release', input: 'date', label: 'Planned release date, if not yet released (at most 120 days ahead, rule 3.105)' },
  rejectionKind: { id: 'rejection', input: 'select', label: 'Rejected as (rule 3.104(b))', options: REJECTION_KINDS },
  closureReason: { id: 'closure', input: 'select', label: 'Closure reason (rule 4.112)', options: CLOSURE_REASONS },
  lastKnownAddress: { id: 'address', input: 'text', label: 'Last known address', maxLength: 500 },
  lastKnownEmployment: { id: 'employment', input: 'text', label: 'Last known employment', maxLength: 500 },
  summary: { id: 'summary', input: 'textarea', label: 'Summary of supervision (rule 4.106)', maxLength: 4000 },
  complianceStatus: { id: 'compliance', input: 'select', label: 'Compliance with the conditions', options: COMPLIANCE_STATUSES },
  violationKind: { id: 'violation', input: 'select', label: 'Violation (rule 4.109)', options: VIOLATION_KINDS },
  discoveredOn: { id: 'discovered', input: 'date', label: 'Discovered on' },
  description: { id: 'description', input: 'textarea', label: 'What happened', maxLength: 4000 },
  response: { id: 'response', input: 'select', label: 'Response (rule 4.109(c))', options: VIOLATION_RESPONSES },
  text: { id: 'text', input: 'textarea', label: 'The action and its dates', maxLength: 4000 },
  issuedOn: { id: 'issued', input: 'date', label: 'Warrant issued on' },
  violationReportId: { id: 'violation-report', input: 'text', label: 'The violation report it answers (its id)', maxLength: 36 },
  custodySince: { id: 'custody', input: 'date', label: 'Held on the warrant since' },
  subject: { id: 'subject', input: 'text', label: 'Subject', maxLength: 200 },
  message: { id: 'message', input: 'textarea', label: 'Message', maxLength: 4000 },
  reason: { id: 'reason', input: 'textarea', label: 'Reason', maxLength: 1000 },
};

/** One field of a step's form, as a page draws it. */
interface StepField extends FieldForm {
  name: StepFieldName;
  /** The form insists on it (the page marks it required). */
  required: boolean;
}

/** A step the user may take now, as a console page draws its button and form. */
export interface StepButton<TStep extends string> {
  type: TStep;
  label: string;
  /** What its form asks for (ActivityStep.requires and offers), in the order of FIELD_FORMS. */
  fields: StepField[];
  danger: boolean;
  /** A grave step's consequence, which the console asks the user to confirm before it takes the step. */
  consequence: string | null;
}

/**
 * The buttons of a page, one per step the user may take now (`allowed`: the view's allowedEvents):
 * in the kind's button order (ActivityKind.buttonOrder, then the declared order), the grave steps last.
 */
export function stepButtons<TStep extends string>(kind: ActivityKind<TStep>, allowed: readonly string[]): StepButton<TStep>[] {
  const declared = Object.keys(kind.steps) as TStep[];
  const order = [...new Set([...(kind.buttonOrder ?? []), ...declared])];
  const rank = (type: TStep) => (kind.steps[type].grave ? order.length : 0) + order.indexOf(type);
  return declared
    .filter((type) => allowed.includes(type))
    .sort((a, b) => rank(a) - rank(b))
    .map((type) => {
      const step = kind.steps[type];
      const asked: readonly StepFieldName[] = [...step.requires, ...(step.offers ?? [])];
      return {
        type,
        label: step.label,
        fields: (Object.keys(FIELD_FORMS) as StepFieldName[])
          .filter((name) => asked.includes(name))
          .map((name) => ({ ...FIELD_FORMS[name], name, required: (step.requires as readonly string[]).includes(name) && !FIELD_FORMS[name].sometimes })),
        danger: step.grave,
        consequence: step.grave ? (step.consequence ?? `${step.label}: this cannot be undone.`) : null,
      };
    });
}

/** What a field a step gave is called on a page: its form's label, or its own name for a field no form asks for. */
export function fieldLabelOf(name: string): string {
  return Object.hasOwn(FIELD_FORMS, name) ? FIELD_FORMS[name as StepFieldName].label : name;
}
