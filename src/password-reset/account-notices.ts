import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MailOutbox } from '../mail/mail-outbox';
import type { User } from '../users/user.entity';
import {
  emailChangedMail,
  emailChangeRequestedMail,
  emailConfirmationMail,
  invitationMail,
  passwordChangedMail,
  resetLinkMail,
  type ChangeAsker,
  type PasswordChangeWay,
} from './account-mail';
import { emailConfirmationLink, resetLink } from './reset-token';
import { ResetTokensService } from './reset-tokens.service';
import type { Transaction } from '../database/transaction';

/** The account mails, written to the outbox inside the transaction of the change they tell of. */
@Injectable()
export class AccountNotices {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicUrl' | 'passwordMinLength'>,
    private readonly outbox: MailOutbox,
    private readonly tokens: ResetTokensService,
    private readonly clock: Clock,
  ) {}

  resetLink(tx: Transaction, user: User, token: string): Promise<void> {
    const link = resetLink(this.config.publicUrl, token);
    return this.outbox.enqueue(tx, [resetLinkMail(user.email, { username: user.username, link, validMs: this.tokens.validityMs('reset') })]);
  }

  invitation(tx: Transaction, user: User, token: string, invitedBy: Actor): Promise<void> {
    return this.outbox.enqueue(tx, [
      invitationMail(user.email, {
        username: user.username,
        role: user.role,
        state: user.state,
        invitedBy,
        link: resetLink(this.config.publicUrl, token),
        validMs: this.tokens.validityMs('invitation'),
        publicUrl: this.config.publicUrl,
        minLength: this.config.passwordMinLength,
      }),
    ]);
  }

  passwordChanged(tx: Transaction, user: User, way: PasswordChangeWay): Promise<void> {
    return this.outbox.enqueue(tx, [passwordChangedMail(user.email, { username: user.username, way, at: this.clock.now() })]);
  }

  /** A change of address asked for: the confirmed address is told (no link), the new one gets the link that confirms it. */
  emailChangeRequested(tx: Transaction, user: User, newEmail: string, token: string, by: ChangeAsker, validMs: number): Promise<void> {
    return this.outbox.enqueue(tx, [
      emailChangeRequestedMail(user.email, { username: user.username, newEmail, by, at: this.clock.now() }),
      emailConfirmationMail(newEmail, { username: user.username, by, link: emailConfirmationLink(this.config.publicUrl, token), validMs }),
    ]);
  }

  /** The new address confirmed: the old one is told where the account's mails go now. */
  emailChanged(tx: Transaction, oldEmail: string, user: User, requestedBy: string): Promise<void> {
    return this.outbox.enqueue(tx, [emailChangedMail(oldEmail, { username: user.username, newEmail: user.email, requestedBy, at: this.clock.now() })]);
  }
}
