import {
  DEADLINE_RULES,
  FEDERAL_CALENDAR,
  STATE_NAMES,
  compactDateOf,
  daysLeft,
  rolesInWords,
  ruleInForce,
  stateOfSide,
  type Actor,
  type CaseFacts,
  type CompactDate,
  type NextMove,
} from '../../machines';
import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';

/** A status badge: its meaning relative to the user's state, in words and in its colour (tone), and the status. */
export interface StatusBadge {
  tone: 'us' | 'them' | 'overdue' | 'closed';
  words: string;
  status: string;
}

/** The box at the top of a case or activity page: whose move it is, and by when. */
export interface MoveBox {
  /** One line per side to move: "Texas compact office", and the user it is assigned to, if any. */
  moves: { who: string; assignee: string | null }[];
  /** The open deadline that bears on the move, soonest due first; null when none runs. */
  due: { dueOn: CompactDate; left: string; overdue: boolean; rule: string; what: string } | null;
  /** "Nothing is waiting: the case is closed"; null while a move waits. */
  nothing: string | null;
}

const BADGE_WORDS: Record<StatusBadge['tone'], string> = {
  us: 'waiting for us',
  them: 'waiting for them',
  overdue: 'overdue',
  closed: 'closed',
};

const inWords = (status: string) => status.replace(/_/g, ' ');

/** The open deadlines the moving states owe, soonest due first. */
function bearingOn(moves: readonly NextMove[], facts: CaseFacts, deadlines: readonly CaseDeadlineView[]): CaseDeadlineView[] {
  const owing = moves.map((m) => stateOfSide(m.side, facts));
  return deadlines.filter((d) => d.status === 'open' && owing.includes(d.responsibleState)).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/**
 * A status's badge for `actor`: closed when nothing waits, overdue when a deadline the move bears
 * on is past due, waiting for us when the actor's state is the one to move, for them otherwise.
 */
export function badgeOf(
  actor: Actor,
  c: CaseFacts & { status: string; deadlines?: readonly CaseDeadlineView[] },
  moves: readonly NextMove[],
  now: Date,
): StatusBadge {
  const today = compactDateOf(now);
  const tone: StatusBadge['tone'] =
    moves.length === 0
      ? 'closed'
      : bearingOn(moves, c, c.deadlines ?? []).some((d) => d.dueOn < today)
        ? 'overdue'
        : moves.some((m) => stateOfSide(m.side, c) === actor.state)
          ? 'us'
          : 'them';
  return { tone, words: BADGE_WORDS[tone], status: inWords(c.status) };
}

/** "4 business days left", "due today", "3 calendar days overdue": counted as the deadline's rule counts. */
function leftOf(d: CaseDeadlineView, now: Date): { left: string; overdue: boolean } {
  const unit = ruleInForce(DEADLINE_RULES, d.limit, compactDateOf(new Date(d.startedAt)))?.unit ?? 'calendar';
  const n = daysLeft(d.dueOn, unit, now, FEDERAL_CALENDAR);
  const days = `${Math.abs(n)} ${unit} day${Math.abs(n) === 1 ? '' : 's'}`;
  if (n === 0) return { left: 'due today', overdue: false };
  return n > 0 ? { left: `${days} left`, overdue: false } : { left: `${days} overdue`, overdue: true };
}

/**
 * The box of whose move it is: the moving side's state and roles, the user it is assigned to
 * (`assigneeOf`, by side), and the open deadline of theirs that falls due first.
 */
export function moveBoxOf(
  of: string,
  c: CaseFacts & { status: string },
  moves: readonly NextMove[],
  deadlines: readonly CaseDeadlineView[],
  assigneeOf: (side: NextMove['side']) => string | null,
  now: Date,
): MoveBox {
  if (moves.length === 0) return { moves: [], due: null, nothing: `Nothing is waiting: the ${of} is ${inWords(c.status)}.` };
  const first = bearingOn(moves, c, deadlines)[0];
  return {
    moves: moves.map((m) => ({ who: `${STATE_NAMES[stateOfSide(m.side, c)]} ${rolesInWords(m.roles)}`, assignee: assigneeOf(m.side) })),
    due: first ? { dueOn: first.dueOn, ...leftOf(first, now), rule: first.rule, what: first.activity } : null,
    nothing: null,
  };
}
