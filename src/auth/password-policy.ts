import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { STATE_CODES } from '../../machines/jurisdiction';

/** Longest password accepted, in Unicode characters: NIST SP 800-63B asks for at least 64. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * zxcvbn's estimate of the guesses an attacker needs, as a power of ten. 10^8 is where it calls a
 * password "safely unguessable" against an online attack (its score 3); below that, a password is
 * made of breached passwords, common words and keyboard patterns, which NIST says to refuse.
 */
const MIN_GUESSES_LOG10 = 8;

/**
 * The password the demo prints in its banner and the README publishes: anyone may know it, so no
 * account may choose it (the demo seed alone sets it, see UsersService.create).
 */
export const PUBLISHED_DEMO_PASSWORD = 'compact-demo-2026';

/** The member jurisdictions by name, as someone would type them into a password. */
const STATE_NAMES = [
  'alabama',
  'alaska',
  'arizona',
  'arkansas',
  'california',
  'colorado',
  'connecticut',
  'delaware',
  'florida',
  'georgia',
  'hawaii',
  'idaho',
  'illinois',
  'indiana',
  'iowa',
  'kansas',
  'kentucky',
  'louisiana',
  'maine',
  'maryland',
  'massachusetts',
  'michigan',
  'minnesota',
  'mississippi',
  'missouri',
  'montana',
  'nebraska',
  'nevada',
  'new hampshire',
  'new jersey',
  'new mexico',
  'new york',
  'north carolina',
  'north dakota',
  'ohio',
  'oklahoma',
  'oregon',
  'pennsylvania',
  'rhode island',
  'south carolina',
  'south dakota',
  'tennessee',
  'texas',
  'utah',
  'vermont',
  'virginia',
  'washington',
  'west virginia',
  'wisconsin',
  'wyoming',
  'district of columbia',
  'puerto rico',
  'virgin islands',
];

/**
 * The words of this service that an attacker tries first on any of its accounts (NIST SP 800-63B:
 * "context-specific words, such as the name of the service"): the product, the compact, and the
 * names and codes of its states.
 */
const SERVICE_WORDS: readonly string[] = [
  'compact',
  'case',
  'engine',
  'interstate',
  'icaos',
  'icots',
  ...STATE_NAMES.map((name) => name.replace(/ /g, '')),
  ...STATE_CODES.map((code) => code.toLowerCase()),
];

/** Whose password it is: what it must not contain, and what an attacker would try first. */
export interface PasswordOwner {
  username: string;
  email?: string | null;
  displayName?: string | null;
}

let estimator: ZxcvbnFactory | null = null;
let breached: Set<string> | null = null;

// Built on first use: ranking the 50,000-word lists takes a moment that a CLI run without a
// password, or a test that never sets one, should not pay.
function estimatorOf(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, maxLength: MAX_PASSWORD_LENGTH });
  return estimator;
}

function breachedPasswords(): Set<string> {
  breached ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return breached;
}

/** The same text typed on another keyboard or OS compares equal (NIST: normalize, NFKC or NFKD). */
function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Words of the owner's that make a password easy to guess for someone who knows the account. */
function ownerWords(owner: PasswordOwner): string[] {
  const email = owner.email ?? '';
  const words = [
    owner.username,
    ...owner.username.split(/[._-]+/),
    email,
    email.split('@')[0],
    ...email.split(/[@._+-]+/),
    ...(owner.displayName ?? '').split(/\s+/),
  ];
  return [...new Set(words.map((w) => w.normalize('NFKC').toLowerCase()).filter((w) => w.length >= 3))];
}

/**
 * C0 and C1 controls (NUL, tab, line breaks, escape...) and lone UTF-16 surrogates: nobody types
 * them, and they break storage, display and the same text typed again.
 */
const CONTROL_OR_BROKEN = /[\p{Cc}\p{Cs}]/u;

/** Letters and digits only, so that `Compact_Demo 2026` and `compactdemo2026` compare equal. */
function bare(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** `run` as the context words it is written of ("ohiotexas": ohio, texas), or null if it is not (word break). */
function contextWordsOf(run: string, words: ReadonlySet<string>): string[] | null {
  // from[to]: where the last word of a split of run.slice(0, to) starts; -1 while there is none.
  const from = [0, ...Array.from({ length: run.length }, () => -1)];
  for (let to = 1; to <= run.length; to++) {
    for (let start = 0; start < to && from[to] < 0; start++) if (from[start] >= 0 && words.has(run.slice(start, to))) from[to] = start;
  }
  if (from[run.length] < 0) return null;
  const split: string[] = [];
  for (let to = run.length; to > 0; to = from[to]) split.unshift(run.slice(from[to], to));
  return split;
}

/**
 * The context words of a password, and what remains once they are taken out. A word counts only
 * as a whole run of letters, or a few runs together ("New York", "new-york"): "remained" holds
 * "maine", but nobody reads Maine in it.
 */
function contextWordsIn(text: string, words: ReadonlySet<string>): { found: string[]; rest: string } {
  const runs = [...text.toLowerCase().matchAll(/\p{L}+/gu)];
  const found: string[] = [];
  let rest = '';
  let at = 0;
  for (let i = 0; i < runs.length; i++) {
    for (let last = Math.min(i + 2, runs.length - 1); last >= i; last--) {
      const split = contextWordsOf(
        runs
          .slice(i, last + 1)
          .map((r) => r[0])
          .join(''),
        words,
      );
      if (!split) continue;
      found.push(...split);
      rest += text.slice(at, runs[i].index);
      at = runs[last].index + runs[last][0].length;
      i = last;
      break;
    }
  }
  return { found: [...new Set(found)], rest: rest + text.slice(at) };
}

/**
 * The context words a password is made of, or none. A context word among words of the owner's own
 * is fine; a password that is strong only thanks to them is not.
 */
function madeOfContextWords(text: string, own: string[]): string[] {
  const ownLetters = own.flatMap((w) => w.split(/[^\p{L}]+/u)).filter((w) => w.length >= 2);
  const { found, rest } = contextWordsIn(text, new Set([...SERVICE_WORDS, ...ownLetters]));
  return found.length > 0 && estimatorOf().check(rest, own).guessesLog10 < MIN_GUESSES_LOG10 ? found : [];
}

/**
 * Why a password may not be used, in words a person acts on; empty when it may. NIST SP 800-63B:
 * a minimum length, a generous maximum, any Unicode, no composition rules, and a check against
 * breached and commonly used passwords (zxcvbn-ts's dictionaries, shipped in the package: no
 * network), against the demo's published password, and against context words: the service's and
 * the account's own.
 */
export function passwordProblems(password: string, owner: PasswordOwner, minLength: number): string[] {
  const text = normalizePassword(password);
  const length = [...text].length;
  if (length < minLength) return [`The password must be at least ${minLength} characters long`];
  if (length > MAX_PASSWORD_LENGTH) return [`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`];
  const problems: string[] = [];
  if (CONTROL_OR_BROKEN.test(text)) {
    problems.push('The password must not contain control characters (such as NUL, tab or a line break) or broken characters');
  }
  const lower = text.toLowerCase();
  const demo = bare(text).includes(bare(PUBLISHED_DEMO_PASSWORD));
  if (demo) problems.push('This is the published password of the demo, which anyone can read: choose another');
  const username = owner.username.normalize('NFKC').toLowerCase();
  if (username.length >= 3 && lower.includes(username)) problems.push('The password must not contain your username');
  // The demo's password needs no second reason; an estimate of it would only repeat the first.
  if (demo) return problems;
  const own = ownerWords(owner);
  const breached = breachedPasswords().has(lower);
  const context = breached ? [] : madeOfContextWords(text, own);
  if (breached) {
    problems.push('This password is on a list of commonly used and breached passwords: choose another');
  } else if (context.length > 0) {
    problems.push(
      `This password is too easy to guess: it is made of words anyone tries first here (${context.join(', ')}): ` +
        'the name of the service or of the compact, names or codes of states, your own names or email address. Add words of your own',
    );
  } else if (estimatorOf().check(text, own).guessesLog10 < MIN_GUESSES_LOG10) {
    problems.push(
      'This password is too easy to guess: it is made of commonly used passwords, names or keyboard patterns. ' + 'A few unrelated words make a strong one',
    );
  }
  return problems;
}
