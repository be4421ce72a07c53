import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import type { Session, SessionEndReason } from './session.entity';
import { SessionRepository } from './session.repository';
import { isIdle, touchIsDue } from './session-rules';
import type { Transaction } from '../database/transaction';
import { accountEntry } from '../audit/audit-draft';

/** Server-side sessions: opened by a sign-in, ended by a sign-out, idleness, or a change to the account. */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: Pick<AuthConfig, 'idleTimeoutMinutes'>,
    private readonly repository: SessionRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Opens a session inside the sign-in's transaction. */
  async open(tx: Transaction, userId: string, meta: RequestMeta | null): Promise<Session> {
    const now = this.clock.now();
    const session = this.repository.create(tx, {
      id: randomUUID(),
      userId,
      createdAt: now,
      lastSeenAt: now,
      endedAt: null,
      endReason: null,
      clientAddress: meta?.clientAddress?.slice(0, 64) ?? null,
    });
    await this.repository.insert(tx, session);
    return session;
  }

  isIdle(session: Pick<Session, 'lastSeenAt'>): boolean {
    return isIdle(session.lastSeenAt, this.clock.now(), this.config.idleTimeoutMinutes);
  }

  /** Records a use of the session, at most once a minute. */
  async touch(session: Pick<Session, 'id' | 'lastSeenAt'>): Promise<void> {
    const now = this.clock.now();
    if (!touchIsDue(session.lastSeenAt, now)) return;
    await this.unitOfWork.run((m) => this.repository.touch(m, session.id, now));
  }

  /**
   * Ends an idle session and says so in the history. Two requests that find it idle at once end
   * it once: only the one whose UPDATE still finds it open writes the entry.
   */
  async expire(session: Pick<Session, 'id'>, owner: Actor, meta: RequestMeta | null): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      if (!(await this.end(tx, session.id, 'idle'))) return;
      await this.audit.append(
        tx,
        accountEntry(
          owner,
          owner,
          'SESSION_EXPIRED',
          'allowed',
          `session ${session.id} ended after ${this.config.idleTimeoutMinutes} minutes without activity`,
          meta,
        ),
      );
    });
  }

  /** Ends one session; false when it had ended already. */
  async end(tx: Transaction, id: string, reason: SessionEndReason): Promise<boolean> {
    return this.repository.end(tx, id, reason, this.clock.now());
  }

  /** Ends every open session of an account, but `keep` (the session that changed its own password); answers how many. */
  async endAllOf(tx: Transaction, userId: string, reason: SessionEndReason, keep?: string): Promise<number> {
    return this.repository.endAllOf(tx, userId, reason, this.clock.now(), keep);
  }
}
