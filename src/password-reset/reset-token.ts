import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: 256 bits that nobody guesses within the life of a link. */
export function newResetToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a token. A plain SHA-256 is enough: the token is random, not a
 * password, so there is no dictionary to try against the hash.
 */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The page of the web console that asks for the new password and posts it with the token. */
export function resetLink(publicUrl: string, token: string): string {
  return `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

/** The page of the web console that confirms a new email address with the token (see resetLink). */
export function emailConfirmationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/confirm-email?token=${encodeURIComponent(token)}`;
}
