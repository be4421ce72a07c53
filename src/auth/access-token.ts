/** Claims of an access token. Role and state are re-read from the database on each request. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
}
