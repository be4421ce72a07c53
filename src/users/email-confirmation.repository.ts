import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, MoreThan, type Repository } from 'typeorm';
import { managerOf, type Transaction } from '../database/transaction';
import { EmailConfirmation } from './email-confirmation.entity';

/** Every statement on the email confirmations table; `now` decides which links still work. */
@Injectable()
export class EmailConfirmationRepository {
  constructor(@InjectRepository(EmailConfirmation) private readonly confirmations: Repository<EmailConfirmation>) {}

  byTokenHash(tokenHash: string): Promise<EmailConfirmation | null> {
    return this.confirmations.findOneBy({ tokenHash });
  }

  /** The links still waiting to be used, oldest first. */
  waitingOf(userIds: readonly string[], now: Date): Promise<EmailConfirmation[]> {
    return this.confirmations.find({ where: { userId: In([...userIds]), usedAt: IsNull(), expiresAt: MoreThan(now) }, order: { createdAt: 'ASC' } });
  }

  async insert(tx: Transaction, row: EmailConfirmation): Promise<void> {
    await managerOf(tx).insert(EmailConfirmation, row);
  }

  /** Marks the link used if it still works; of two requests with the same link, only one gets true. */
  async redeem(tx: Transaction, id: string, now: Date): Promise<boolean> {
    const result = await managerOf(tx).update(EmailConfirmation, { id, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
    return result.affected === 1;
  }

  /** Ends every link of the account still waiting; answers those that were. */
  async withdrawAllOf(tx: Transaction, userId: string, now: Date): Promise<EmailConfirmation[]> {
    const pending = await managerOf(tx).find(EmailConfirmation, { where: { userId, usedAt: IsNull(), expiresAt: MoreThan(now) } });
    if (pending.length) await managerOf(tx).update(EmailConfirmation, { userId, usedAt: IsNull() }, { usedAt: now });
    return pending;
  }
}
