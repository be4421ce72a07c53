/** RFC 6750 (section 2.1): the scheme, one space, a token68, and nothing after it. The scheme's case does not matter (RFC 9110). */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const BEARER_SCHEME = /^Bearer(?![A-Za-z0-9!#$%&'*+.^_`|~-])/i;

/** What a bearer token may consist of (token68): a token of other characters could never be sent. */
export const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The token of an Authorization header, read strictly: undefined when the header is absent or names
 * another scheme (Basic, say, from a proxy in front), null when it names Bearer but is malformed
 * (no token, two spaces, anything after the token), so that a malformed one is refused, never guessed at.
 */
export function bearerTokenOf(header: string | undefined): string | null | undefined {
  if (header === undefined || !BEARER_SCHEME.test(header)) return undefined;
  return BEARER.exec(header)?.[1] ?? null;
}
