import { SetMetadata } from '@nestjs/common';

export const IS_CONSOLE_PAGE = 'isConsolePage';

/**
 * Marks the web console's controllers: only there does the sign-in guard accept the access token
 * from the session cookie. The JSON API takes bearer tokens only, so a cookie can never carry a
 * cross-site request to it; console forms are protected by their CSRF token.
 */
export const ConsolePage = () => SetMetadata(IS_CONSOLE_PAGE, true);
