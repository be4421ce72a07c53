import { randomBytes } from 'node:crypto';
import type { StateCode } from '../../machines/jurisdiction';

// Crockford's base32: no I, L, O or U, so a number read out over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A case number a person can quote: sending state, year, and 8 random characters (40 bits). */
export function newCaseNumber(sendingState: StateCode, at: Date): string {
  const bytes = randomBytes(8);
  const tail = Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
  return `${sendingState}-${at.getUTCFullYear()}-${tail}`;
}
