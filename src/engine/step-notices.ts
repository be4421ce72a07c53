import { Injectable } from '@nestjs/common';
import type { StateCode } from '../../machines/jurisdiction';
import type { Transaction } from '../database/transaction';
import { MailOutbox } from '../mail/mail-outbox';
import type { MailDraft } from '../mail/outgoing-mail';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import type { ActivityStep, Audience } from './activity';

/** What the audiences of a step are worked out from: the case's two states, and who started the activity. */
export interface StepParties {
  sendingState: StateCode;
  receivingState: StateCode;
  startedBy: string | null;
  /** The state of the step's sender, for a step that tells the other side (other_compact_office). */
  senderState?: StateCode;
}

/**
 * Mails a step's news to the people its declaration names (ActivityStep.tells), in the step's own
 * transaction: the recipients are read there too, so a mail goes to whoever was on staff when the
 * step committed, and a step rolled back mails nobody.
 */
@Injectable()
export class StepNotices {
  constructor(
    private readonly users: UserRepository,
    private readonly outbox: MailOutbox,
  ) {}

  async tell(tx: Transaction, step: ActivityStep, parties: StepParties, mail: (to: string) => MailDraft): Promise<void> {
    const to = new Set<string>();
    for (const audience of step.tells) for (const user of await this.audienceOf(tx, audience, parties)) to.add(user.email);
    await this.outbox.enqueue(tx, [...to].map(mail));
  }

  private async audienceOf(tx: Transaction, audience: Audience, parties: StepParties): Promise<User[]> {
    switch (audience) {
      case 'receiving_compact_office':
        return this.users.activeWith(tx, ['compact_office'], parties.receivingState);
      case 'sending_compact_office':
        return this.users.activeWith(tx, ['compact_office'], parties.sendingState);
      case 'other_compact_office':
        return this.users.activeWith(tx, ['compact_office'], parties.senderState === parties.sendingState ? parties.receivingState : parties.sendingState);
      case 'starter': {
        const starter = parties.startedBy ? await this.users.activeById(tx, parties.startedBy) : null;
        return starter ? [starter] : [];
      }
    }
  }
}
