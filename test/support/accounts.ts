import type { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../src/common/clock';
import type { DeliveredMail } from './outbox';
import type { TestApp } from './test-app';

/**
 * Moves the app's Clock (locks, sessions, links, idempotency leases …) forward, as if that much time
 * had passed. Access tokens keep real time, so a session can go idle while its token is still valid.
 */
export class TimeTravel {
  private offsetMs = 0;
  private readonly moved: jest.SpyInstance<Date, []>;

  constructor(t: { app: Pick<INestApplicationContext, 'get'> }) {
    this.moved = jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + this.offsetMs));
  }

  forward(ms: number): void {
    this.offsetMs += ms;
  }

  /** To `instant`, from where the clock runs on. */
  to(instant: string): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }

  /** Back to real time, for the tests after this one (open sessions go idle on the moved clock). */
  back(): void {
    this.moved.mockRestore();
  }
}

export const MINUTE = 60_000;

/** The token of the first link to the reset page in a mail. */
export function tokenOf(mail: DeliveredMail): string {
  const match = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.body);
  if (!match) throw new Error(`no reset link in the mail "${mail.subject}"`);
  return match[1];
}

/** The session id an access token names. */
export function sessionIdOf(accessToken: string): string {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')).sid;
}

export async function signIn(t: TestApp, username: string, password: string): Promise<string> {
  const res = await t.http.post('/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
