import type { CaseEventFields, CaseEventType, ClosureReason, DayUnit, ReopenRequestEventType, SupervisionActivityKind } from '../../machines';
import { NATIONAL, type Jurisdiction, type StateCode } from '../../machines/jurisdiction';
import type { Role } from '../../machines/roles';
import { PUBLISHED_DEMO_PASSWORD } from '../auth/password-policy';

export const DEFAULT_DEMO_PASSWORD = PUBLISHED_DEMO_PASSWORD;

export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; displayName: string; role: Role; state: Jurisdiction }> = [
  { username: 'oh.officer', displayName: 'Olivia Hart (field officer, Ohio)', role: 'field_officer', state: 'OH' },
  { username: 'oh.supervisor', displayName: 'Owen Harper (supervisor, Ohio)', role: 'supervisor', state: 'OH' },
  { username: 'oh.compact', displayName: 'Ohio Interstate Compact Office', role: 'compact_office', state: 'OH' },
  { username: 'oh.admin', displayName: 'Ohio state administrator', role: 'state_admin', state: 'OH' },
  { username: 'oh.auditor', displayName: 'Ohio auditor', role: 'auditor', state: 'OH' },
  { username: 'tx.officer', displayName: 'Tomas Reyes (field officer, Texas)', role: 'field_officer', state: 'TX' },
  { username: 'tx.supervisor', displayName: 'Tara Bell (supervisor, Texas)', role: 'supervisor', state: 'TX' },
  { username: 'tx.compact', displayName: 'Texas Interstate Compact Office', role: 'compact_office', state: 'TX' },
  { username: 'tx.auditor', displayName: 'Texas auditor', role: 'auditor', state: 'TX' },
  { username: 'ca.compact', displayName: 'California Interstate Compact Office', role: 'compact_office', state: 'CA' },
  { username: 'icaos.auditor', displayName: 'Commission national auditor', role: 'national_auditor', state: NATIONAL },
];

/** How long before the demo's now something happened: days of `unit`; negative is after it. */
export interface DemoAgo {
  days: number;
  unit: DayUnit;
}

const daysAgo = (days: number): DemoAgo => ({ days, unit: 'calendar' });
const businessDaysAgo = (days: number): DemoAgo => ({ days, unit: 'business' });

interface DemoStep extends Omit<CaseEventFields, 'on'> {
  by: string;
  type: CaseEventType;
  /** When it was sent; a step without a time comes an hour after the one before it. */
  ago?: DemoAgo;
  /** For a request of reporting instructions under rule 3.103: when the person was sentenced. */
  sentencedAgo?: DemoAgo;
}

/** A request to reopen a closed case, and what became of it (nothing yet: pending). */
interface DemoReopenRequest {
  askedBy: string;
  reason: string;
  outcome?: { by: string; type: ReopenRequestEventType; reason?: string };
}

/** A date field of an activity's step, told as days before the demo's now. */
export type DemoDates = Partial<Record<'discoveredOn' | 'issuedOn' | 'custodySince', DemoAgo>>;

/** One step of a supervision activity after its start. */
interface DemoActivityStep {
  by: string;
  type: string;
  fields?: Record<string, string>;
  dates?: DemoDates;
  ago?: DemoAgo;
}

/** A supervision activity of an active case, started and then moved along, in order. */
interface DemoActivity {
  by: string;
  kind: SupervisionActivityKind;
  fields?: Record<string, string>;
  dates?: DemoDates;
  /** A warrant that answers the case's violation report told before it. */
  onViolationReport?: boolean;
  ago?: DemoAgo;
  steps?: DemoActivityStep[];
}

export interface DemoCase {
  offenderName: string;
  offenderId: string;
  sendingState: StateCode;
  receivingState: StateCode;
  openedBy: string;
  /** When the case was opened: DEMO_OPENED_AGO unless told. */
  openedAgo?: DemoAgo;
  /** The last day of supervision, so that the closure notice has a deadline. */
  supervisionEnds?: DemoAgo;
  steps: DemoStep[];
  /** Asked after the steps, in order. */
  reopenRequests?: DemoReopenRequest[];
  /** Started after the steps, in order. */
  activities?: DemoActivity[];
}

/** Long enough ago that a case told without times has every deadline of its steps behind it. */
export const DEMO_OPENED_AGO: DemoAgo = daysAgo(200);

const at = (step: DemoStep, ago: DemoAgo): DemoStep => ({ ...step, ago });

/** A transfer request by an officer, and its transmission by the officer's compact office at the same time: nothing leaves a state without it. */
const sent = (officer: string, ago?: DemoAgo): DemoStep[] => [
  { by: officer, type: 'SUBMIT_TRANSFER_REQUEST', ago },
  { by: `${officer.slice(0, 2)}.compact`, type: 'TRANSMIT', ago },
];
const submit = (ago?: DemoAgo) => sent('oh.officer', ago);
const lastKnown = { lastKnownAddress: '2210 Elm St, Austin, TX 78702', lastKnownEmployment: 'Warehouse associate, Eastside Freight' };
const accept: DemoStep = { by: 'tx.compact', type: 'ACCEPT_TRANSFER' };
const depart: DemoStep = { by: 'oh.officer', type: 'NOTICE_OF_DEPARTURE' };
const arrive: DemoStep = { by: 'tx.officer', type: 'NOTICE_OF_ARRIVAL' };
const toActive = [...submit(), accept, depart, arrive];
const closeFor = (closureReason: ClosureReason): DemoStep[] => [
  ...toActive,
  { by: 'tx.officer', type: 'SUBMIT_CLOSURE_NOTICE', closureReason, ...lastKnown },
  { by: 'oh.supervisor', type: 'CONFIRM_CLOSURE' },
];

const ohToTx = (offenderName: string, offenderId: string, steps: DemoStep[], reopenRequests?: DemoReopenRequest[]): DemoCase => ({
  offenderName,
  offenderId,
  sendingState: 'OH',
  receivingState: 'TX',
  openedBy: 'oh.officer',
  steps,
  reopenRequests,
});

/** Cases in every status, most of them Ohio to Texas, told through the same services as real use. */
export const DEMO_CASES: DemoCase[] = [
  ohToTx('Avery Quinn', 'OH-DRC-100201', []),
  // The deadlines of the demo's morning: a transfer reply due in five days, one due today (Noel Vargas), one overdue.
  ohToTx('Blake Morgan', 'OH-DRC-100202', [...submit(daysAgo(40))]),
  ohToTx('Parker Wells', 'OH-DRC-100214', [...submit(daysAgo(50))]),
  // Rejected on day 55 of 45: a transfer reply met late.
  ohToTx('Casey Jordan', 'OH-DRC-100203', [
    ...submit(daysAgo(80)),
    {
      by: 'tx.compact',
      type: 'REJECT_TRANSFER',
      reason: 'Proposed residence in Houston could not be verified.',
      rejectionKind: 'incomplete',
      ago: daysAgo(25),
    },
  ]),
  // Accepted on day 40: on time; the acceptance now runs for Ohio to send the departure.
  ohToTx('Dana Ellis', 'OH-DRC-100204', [...submit(daysAgo(60)), at(accept, daysAgo(20))]),
  // Departed nine business days ago and not yet reported in Texas: the arrival is overdue.
  ohToTx('Emerson Cole', 'OH-DRC-100205', [...submit(daysAgo(70)), at(accept, daysAgo(40)), at(depart, businessDaysAgo(9))]),
  // Supervision ended three business days ago: Texas's closure notice is due in seven.
  { ...ohToTx('Finley Brooks', 'OH-DRC-100206', toActive), supervisionEnds: businessDaysAgo(3) },
  // Closure notice sent 18 business days ago and not answered: Ohio's reply is overdue.
  ohToTx('Gray Holloway', 'OH-DRC-100207', [
    ...toActive,
    { by: 'tx.officer', type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', ...lastKnown, ago: businessDaysAgo(18) },
  ]),
  // The officer tries to reopen herself (refused), asks the Texas compact office instead, and it approves.
  ohToTx(
    'Harper Lane',
    'OH-DRC-100208',
    [...closeFor('discharged'), { by: 'oh.officer', type: 'REOPEN', reason: 'Discharge date was entered wrongly.' }],
    [
      {
        askedBy: 'oh.officer',
        reason: 'Discharge date was entered wrongly: supervision runs until March 2027.',
        outcome: { by: 'tx.compact', type: 'APPROVE', reason: 'Sentencing entry checked with the Ohio DRC.' },
      },
    ],
  ),
  // Waiting in the Texas compact office's queue; Texas's compact office has also written to Ohio about it.
  {
    ...ohToTx('Indigo Shaw', 'OH-DRC-100209', closeFor('absconded'), [
      {
        askedBy: 'oh.officer',
        reason: 'Apprehended in Houston on 2026-11-20 on the absconder warrant; Texas supervision should resume.',
      },
    ]),
    activities: [
      {
        by: 'tx.compact',
        kind: 'action_request',
        fields: { subject: 'Warrant status', message: 'Is the Ohio absconder warrant still active in NCIC?' },
        ago: daysAgo(2),
      },
    ],
  },
  // Ohio agreed to the closure 14 business days after the notice: a closure reply met late.
  ohToTx(
    'Jules Parker',
    'OH-DRC-100210',
    [
      ...toActive,
      { by: 'tx.officer', type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'incarcerated', ...lastKnown, ago: businessDaysAgo(40) },
      { by: 'oh.supervisor', type: 'CONFIRM_CLOSURE', ago: businessDaysAgo(26) },
    ],
    [
      {
        askedBy: 'tx.officer',
        reason: 'The sentence was reduced to 90 days on appeal, so the incarceration closure does not apply.',
        outcome: { by: 'tx.compact', type: 'DENY', reason: 'Court records still show a sentence of 14 months; the closure stands.' },
      },
    ],
  ),
  // Closed with no request: the README's walk-through reopens it, so the cases above stay as told.
  ohToTx('Oakley Grant', 'OH-DRC-100213', closeFor('discharged')),
  ohToTx('Kendall Price', 'OH-DRC-100211', [...submit(), { by: 'oh.supervisor', type: 'WITHDRAW', reason: 'Offender chose to remain in Ohio.' }]),
  ohToTx('Logan Reed', 'OH-DRC-100212', [
    ...closeFor('absconded'),
    { by: 'tx.compact', type: 'REOPEN', reason: 'Offender was apprehended in Dallas; supervision resumes.' },
  ]),
  {
    offenderName: 'Morgan Diaz',
    offenderId: 'TX-TDCJ-200301',
    sendingState: 'TX',
    receivingState: 'OH',
    openedBy: 'tx.officer',
    // Supervision in Ohio ended 21 business days ago, and Ohio has not sent the closure notice: overdue.
    supervisionEnds: businessDaysAgo(21),
    steps: [
      ...sent('tx.officer'),
      { by: 'oh.compact', type: 'ACCEPT_TRANSFER' },
      { by: 'tx.officer', type: 'NOTICE_OF_DEPARTURE' },
      { by: 'oh.officer', type: 'NOTICE_OF_ARRIVAL' },
    ],
  },
  {
    offenderName: 'Noel Vargas',
    offenderId: 'CA-CDCR-300401',
    sendingState: 'CA',
    receivingState: 'TX',
    openedBy: 'ca.compact',
    steps: [{ by: 'ca.compact', type: 'SUBMIT_TRANSFER_REQUEST', ago: daysAgo(45) }],
  },
  {
    offenderName: 'Reese Navarro',
    offenderId: 'TX-TDCJ-200302',
    sendingState: 'TX',
    receivingState: 'CA',
    openedBy: 'tx.officer',
    // California answered three days late; Texas now has the acceptance's 120 days to send him.
    steps: [...sent('tx.officer', daysAgo(60)), { by: 'ca.compact', type: 'ACCEPT_TRANSFER', ago: daysAgo(12) }],
  },
  // Waiting in the Ohio compact office's review: nothing reaches Texas until it transmits (or sends it back).
  ohToTx('Quinn Abernathy', 'OH-DRC-100215', [{ by: 'oh.officer', type: 'SUBMIT_TRANSFER_REQUEST', ago: businessDaysAgo(1) }]),
  // Expedited reporting instructions Texas must answer within 2 business days of yesterday's transmission.
  ohToTx('Rowan Ellery', 'OH-DRC-100216', [
    { by: 'oh.officer', type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited', ago: businessDaysAgo(1) },
    { by: 'oh.compact', type: 'TRANSMIT', ago: businessDaysAgo(1) },
  ]),
  // Departed three weeks ago and never reported: Texas noticed the failure to arrive; its acceptance may be withdrawn.
  ohToTx('Sawyer Doyle', 'OH-DRC-100217', [
    ...submit(daysAgo(90)),
    at(accept, daysAgo(60)),
    at(depart, daysAgo(21)),
    { by: 'tx.officer', type: 'NOTICE_OF_FAILURE_TO_ARRIVE', ago: daysAgo(12) },
  ]),
  // Granted under rule 3.103 three business days ago: Ohio's transfer request is due within 15 business days of it.
  ohToTx('Taylor Brennan', 'OH-DRC-100218', [
    {
      by: 'oh.compact',
      type: 'REQUEST_REPORTING_INSTRUCTIONS',
      instructionsKind: 'living_in_receiving_state',
      sentencedAgo: businessDaysAgo(6),
      ago: businessDaysAgo(5),
    },
    { by: 'tx.compact', type: 'GRANT_REPORTING_INSTRUCTIONS', ago: businessDaysAgo(3) },
  ]),
  // Denied: Ohio has yet to withdraw the case.
  ohToTx('Uma Castellanos', 'OH-DRC-100219', [
    { by: 'oh.compact', type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited', sexOffender: true, ago: daysAgo(20) },
    { by: 'tx.compact', type: 'DENY_REPORTING_INSTRUCTIONS', reason: 'No emergency shown; submit a regular transfer request.', ago: daysAgo(15) },
  ]),
  // Supervision in Texas: a progress report Ohio asked for 20 days ago, due in 10; and one overdue since last week.
  {
    ...ohToTx('Wren Halvorsen', 'OH-DRC-100221', toActive),
    activities: [{ by: 'oh.officer', kind: 'progress_report', fields: { message: 'Quarterly report, please.' }, ago: daysAgo(20) }],
  },
  {
    ...ohToTx('Xavier Lund', 'OH-DRC-100222', toActive),
    activities: [
      { by: 'oh.supervisor', kind: 'progress_report', fields: { message: 'Report on the treatment program, please.' }, ago: daysAgo(37) },
      {
        by: 'tx.officer',
        kind: 'return_request',
        fields: { reason: 'He asks to go back to Ohio to care for his mother.' },
        ago: businessDaysAgo(1),
      },
    ],
  },
  // An absconder reported three business days ago: Ohio's response is due within 10 business days of it.
  {
    ...ohToTx('Yael Brandt', 'OH-DRC-100223', toActive),
    activities: [
      {
        by: 'tx.officer',
        kind: 'violation_report',
        fields: { violationKind: 'absconding', description: 'Missed two office visits; no longer at the approved residence.' },
        dates: { discoveredOn: businessDaysAgo(4) },
        ago: businessDaysAgo(3),
      },
    ],
  },
  // Ohio answered "warrant issued" and issued none: the warrant is overdue.
  {
    ...ohToTx('Zion Mercer', 'OH-DRC-100224', toActive),
    activities: [
      {
        by: 'tx.officer',
        kind: 'violation_report',
        fields: { violationKind: 'new_criminal_offense', description: 'Arrested for burglary in Austin; charges filed.' },
        dates: { discoveredOn: businessDaysAgo(26) },
        ago: businessDaysAgo(25),
        steps: [{ by: 'oh.compact', type: 'RESPOND', fields: { response: 'warrant_issued', text: 'A warrant will follow.' }, ago: businessDaysAgo(20) }],
      },
    ],
  },
  // Held in Texas on Ohio's warrant for 12 days: Ohio retakes within 30 of custody; the closure waits (rule 4.112(b)).
  {
    ...ohToTx('Ash Whitaker', 'OH-DRC-100225', toActive),
    activities: [
      {
        by: 'tx.officer',
        kind: 'violation_report',
        fields: { violationKind: 'significant_violation', description: 'Left Texas without a travel permit.' },
        dates: { discoveredOn: daysAgo(30) },
        ago: daysAgo(29),
        steps: [{ by: 'oh.compact', type: 'RESPOND', fields: { response: 'warrant_issued', text: 'Warrant issued.' }, ago: daysAgo(24) }],
      },
      {
        by: 'oh.compact',
        kind: 'warrant',
        fields: { reason: 'Violation of travel conditions.' },
        dates: { issuedOn: daysAgo(22) },
        onViolationReport: true,
        ago: daysAgo(22),
        steps: [{ by: 'tx.officer', type: 'REPORT_CUSTODY', dates: { custodySince: daysAgo(12) }, ago: daysAgo(12) }],
      },
    ],
  },
  // Accepted 130 days ago and never sent: Texas withdrew its acceptance; Ohio may send a new request.
  ohToTx('Vic Okafor', 'OH-DRC-100220', [
    ...submit(daysAgo(150)),
    at(accept, daysAgo(130)),
    { by: 'tx.compact', type: 'WITHDRAW_ACCEPTANCE', reason: 'No notice of departure in the acceptance’s 120 days.', ago: daysAgo(8) },
  ]),
];
