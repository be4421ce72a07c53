/**
 * Claims of an access token. Role and state are re-read from the database on each request, and
 * the session it names must still be open: ending the session revokes the token at once.
 */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  /** Id of the server-side session (sessions table). */
  sid: string;
}
