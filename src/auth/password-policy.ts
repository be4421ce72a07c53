import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** Longest password accepted, in Unicode characters: NIST SP 800-63B asks for at least 64. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * zxcvbn's estimate of the guesses an attacker needs, as a power of ten. 10^8 is where it calls a
 * password "safely unguessable" against an online attack (its score 3); below that, a password is
 * made of breached passwords, common words and keyboard patterns, which NIST says to refuse.
 */
const MIN_GUESSES_LOG10 = 8;

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
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Words of the owner's that make a password easy to guess for someone who knows the account. */
function ownerWords(owner: PasswordOwner): string[] {
  const words = [owner.username, ...owner.username.split(/[._-]+/), owner.email?.split('@')[0] ?? '', ...(owner.displayName ?? '').split(/\s+/)];
  return [...new Set(words.map((w) => w.normalize('NFKC').toLowerCase()).filter((w) => w.length >= 3))];
}

/**
 * Why a password may not be used, in words a person acts on; empty when it may. NIST SP 800-63B:
 * a minimum length, a generous maximum, any Unicode, no composition rules, and a check against
 * breached and commonly used passwords (zxcvbn-ts's dictionaries, shipped in the package: no
 * network) and against the account's own name.
 */
export function passwordProblems(password: string, owner: PasswordOwner, minLength: number): string[] {
  const text = normalizePassword(password);
  const length = [...text].length;
  if (length < minLength) return [`The password must be at least ${minLength} characters long`];
  if (length > MAX_PASSWORD_LENGTH) return [`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`];
  const problems: string[] = [];
  const lower = text.toLowerCase();
  const username = owner.username.normalize('NFKC').toLowerCase();
  if (username.length >= 3 && lower.includes(username)) problems.push('The password must not contain your username');
  if (breachedPasswords().has(lower)) {
    problems.push('This password is on a list of commonly used and breached passwords: choose another');
  } else if (estimatorOf().check(text, ownerWords(owner)).guessesLog10 < MIN_GUESSES_LOG10) {
    problems.push(
      'This password is too easy to guess: it is made of commonly used passwords, names or keyboard patterns. ' +
        'A few unrelated words make a strong one',
    );
  }
  return problems;
}
