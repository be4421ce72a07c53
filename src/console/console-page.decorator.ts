import { AcceptsAccessCookie } from '../auth/access-cookie';

/** Marks the web console's controllers: they take the access token from the session cookie too. */
export const ConsolePage = AcceptsAccessCookie;
