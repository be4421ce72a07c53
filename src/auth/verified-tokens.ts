import type { AccessTokenClaims } from './access-token';

interface Verified {
  claims: AccessTokenClaims;
  expiresAtMs: number;
}

/**
 * Access tokens whose signature this process has already checked, with their claims, until they
 * expire. A client sends the same token on every request until it refreshes it; checking the HMAC
 * again each time gives the same answer, since the key does not change while the process runs.
 * Only the signature check is saved: the session the token names is still read on every request,
 * so a sign-out or a deactivation refuses the token at its next use all the same.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claims of a token checked before and not yet expired; undefined otherwise. */
  get(token: string): AccessTokenClaims | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (this.now() < hit.expiresAtMs) return hit.claims;
    this.entries.delete(token);
    return undefined;
  }

  /** Remembers a token whose signature and expiry were just checked; one without `exp` is not kept. */
  remember(token: string, claims: AccessTokenClaims & { exp?: unknown }): void {
    if (typeof claims.exp !== 'number') return;
    // The oldest entry makes room: a Map iterates in insertion order.
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, expiresAtMs: claims.exp * 1000 });
  }
}
