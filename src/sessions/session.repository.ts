import { Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { Session, type SessionEndReason } from './session.entity';

/** Every write to the sessions table (the read of every request is SignedInLookup's one statement). */
@Injectable()
export class SessionRepository {
  async insert(tx: EntityManager, session: Session): Promise<void> {
    await tx.insert(Session, session);
  }

  create(tx: EntityManager, fields: Session): Session {
    return tx.create(Session, fields);
  }

  /** Records a use of a session still open. */
  async touch(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.update(Session, { id, endedAt: IsNull() }, { lastSeenAt: at });
  }

  /** Ends one session; false when it had ended already. */
  async end(tx: EntityManager, id: string, reason: SessionEndReason, at: Date): Promise<boolean> {
    const result = await tx.update(Session, { id, endedAt: IsNull() }, { endedAt: at, endReason: reason });
    return result.affected === 1;
  }

  /** Ends every open session of an account but `keep`; answers how many. */
  async endAllOf(tx: EntityManager, userId: string, reason: SessionEndReason, at: Date, keep?: string): Promise<number> {
    const result = await tx.update(Session, { userId, endedAt: IsNull(), ...(keep ? { id: Not(keep) } : {}) }, { endedAt: at, endReason: reason });
    return result.affected ?? 0;
  }
}
