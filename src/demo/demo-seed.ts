import type { INestApplicationContext } from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import { CasesService } from '../cases/cases.service';
import { ReopenRequestsService } from '../reopen-requests/reopen-requests.service';
import { actorOf, UsersService } from '../users/users.service';
import { DEMO_ACCOUNTS, DEMO_CASES } from './demo-data';

const meta = { requestId: 'demo-seed', clientAddress: null };

/**
 * Fills an empty database with the demo accounts and cases through the same services as real use,
 * so the demo's history is real: refused steps (an officer trying to reopen) are refused and audited.
 */
export async function seedDemo(app: INestApplicationContext, password: string): Promise<{ cases: number; reopenRequests: number; refused: number }> {
  const users = app.get(UsersService);
  const cases = app.get(CasesService);
  const reopenRequests = app.get(ReopenRequestsService);
  const actors = new Map<string, Actor>();
  for (const account of DEMO_ACCOUNTS) {
    // The published demo password passes only here, by name; one of DEMO_PASSWORD meets the policy like any other.
    const user = await users.create({ ...account, email: `${account.username}@compact.example`, password, publishedDemoPassword: true }, null, meta);
    actors.set(account.username, actorOf(user));
  }
  const actor = (username: string): Actor => actors.get(username)!;
  let refused = 0;
  let requests = 0;
  for (const demo of DEMO_CASES) {
    const opened = await cases.open(demo, actor(demo.openedBy), meta);
    for (const step of demo.steps) {
      try {
        await cases.applyEvent(opened.id, { type: step.type, reason: step.reason, closureReason: step.closureReason }, actor(step.by), meta);
      } catch (err) {
        if (!(err instanceof HttpException) || err.getStatus() >= 500) throw err;
        refused++;
      }
    }
    for (const ask of demo.reopenRequests ?? []) {
      const request = await reopenRequests.ask(opened.id, ask.reason, actor(ask.askedBy), meta);
      requests++;
      if (ask.outcome) await reopenRequests.decide(request.id, ask.outcome.type, ask.outcome.reason, actor(ask.outcome.by), meta);
    }
  }
  return { cases: DEMO_CASES.length, reopenRequests: requests, refused };
}
