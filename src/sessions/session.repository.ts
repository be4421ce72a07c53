import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { Session, type SessionEndReason } from './session.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** Every write to the sessions table (the read of every request is SignedInLookup's one statement). */
@Injectable()
export class SessionRepository {
  async insert(tx: Transaction, session: Session): Promise<void> {
    await managerOf(tx).insert(Session, session);
  }

  create(tx: Transaction, fields: Session): Session {
    return managerOf(tx).create(Session, fields);
  }

  /** Records a use of a session still open. */
  async touch(tx: Transaction, id: string, at: Date): Promise<void> {
    await managerOf(tx).update(Session, { id, endedAt: IsNull() }, { lastSeenAt: at });
  }

  /** Ends one session; false when it had ended already. */
  async end(tx: Transaction, id: string, reason: SessionEndReason, at: Date): Promise<boolean> {
    const result = await managerOf(tx).update(Session, { id, endedAt: IsNull() }, { endedAt: at, endReason: reason });
    return result.affected === 1;
  }

  /** Ends every open session of an account but `keep`; answers how many. */
  async endAllOf(tx: Transaction, userId: string, reason: SessionEndReason, at: Date, keep?: string): Promise<number> {
    const result = await managerOf(tx).update(Session, { userId, endedAt: IsNull(), ...(keep ? { id: Not(keep) } : {}) }, { endedAt: at, endReason: reason });
    return result.affected ?? 0;
  }
}
