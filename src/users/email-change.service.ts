import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../machines/roles';
import { accountEntry, type AuditDraft } from '../audit/audit-draft';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { isUniqueViolation } from '../database/unique-violation';
import { AccountNotices } from '../password-reset/account-notices';
import { hashResetToken, newResetToken } from '../password-reset/reset-token';
import { ResetTokensService } from '../password-reset/reset-tokens.service';
import type { EmailConfirmation } from './email-confirmation.entity';
import { EmailConfirmationRepository } from './email-confirmation.repository';
import type { User } from './user.entity';
import { UserRepository } from './user.repository';
import { actorOf } from './users.service';
import type { Transaction } from '../database/transaction';

/** Same 400 for a link that was used, ran out, was withdrawn, or never existed. */
export const CONFIRMATION_NOT_VALID =
  'This link to confirm an email address does not work any more: it was used already, it ran out, the change was ' +
  'withdrawn, or the link was copied incompletely. Ask your state administrator to change the address again.';

export const ADDRESS_TAKEN = 'An account with this email address already exists.';

/**
 * A state administrator's change of an account's email address, in two steps: asking for it tells
 * the confirmed address (no link) and mails a link to the new one; the account's address changes
 * only when that link is used. Until then every mail of the account, reset links included, goes
 * to the confirmed address, so a new address nobody has proven to own cannot take the account over.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly confirmations: EmailConfirmationRepository,
    private readonly users: UserRepository,
    // As long as an invitation: both links go to an address the account has not used yet.
    @Inject(AUTH_CONFIG) private readonly config: Pick<AuthConfig, 'invitationTtlHours'>,
    private readonly notices: AccountNotices,
    private readonly tokens: ResetTokensService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get validityMs(): number {
    return this.config.invitationTtlHours * 3_600_000;
  }

  /** Inside the administrator's transaction; a change still pending is replaced by this one. */
  async request(tx: Transaction, account: User, newEmail: string, admin: Actor, meta: RequestMeta | null): Promise<void> {
    const replaced = await this.confirmations.withdrawAllOf(tx, account.id, this.clock.now());
    const token = newResetToken();
    const now = this.clock.now();
    await this.confirmations.insert(tx, {
      id: randomUUID(),
      userId: account.id,
      email: newEmail,
      tokenHash: hashResetToken(token),
      requestedBy: admin.username,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.validityMs),
      usedAt: null,
    });
    await this.notices.emailChangeRequested(tx, account, newEmail, token, admin, this.validityMs);
    const before = replaced.length ? `; the change to ${replaced.map((r) => JSON.stringify(r.email)).join(', ')} asked before is replaced` : '';
    await this.audit.append(
      tx,
      accountEntry(
        admin,
        account,
        'EMAIL_CHANGE_REQUESTED',
        'allowed',
        `email: ${JSON.stringify(account.email)} -> ${JSON.stringify(newEmail)} once the new address confirms it ` +
          `(link mailed there, valid ${this.config.invitationTtlHours} hours); the current address was told${before}`,
        meta,
      ),
    );
  }

  /** The administrator sets the address back to the confirmed one: a change still pending ends unused. */
  async withdraw(tx: Transaction, account: User, admin: Actor, meta: RequestMeta | null): Promise<void> {
    const withdrawn = await this.confirmations.withdrawAllOf(tx, account.id, this.clock.now());
    if (withdrawn.length === 0) return;
    await this.audit.append(
      tx,
      accountEntry(
        admin,
        account,
        'EMAIL_CHANGE_WITHDRAWN',
        'allowed',
        `the change to ${withdrawn.map((r) => JSON.stringify(r.email)).join(', ')} is withdrawn; email stays ${JSON.stringify(account.email)}`,
        meta,
      ),
    );
  }

  /** The address each account waits to confirm, by account id; accounts with none are not in the map. */
  async pendingOf(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.confirmations.waitingOf(userIds, this.clock.now());
    return new Map(rows.map((r) => [r.userId, r.email]));
  }

  /** The owner of the new address followed the link: the address becomes the account's. */
  async confirm(token: string, meta: RequestMeta): Promise<void> {
    const row = await this.confirmations.byTokenHash(hashResetToken(token));
    const user = row ? await this.users.findById(row.userId) : null;
    const problem = !row
      ? 'unknown link'
      : row.usedAt
        ? 'link already used, or the change was withdrawn or replaced'
        : row.expiresAt.getTime() <= this.clock.now().getTime()
          ? 'link expired'
          : !user?.active
            ? 'account inactive'
            : null;
    if (problem || !row || !user) {
      await this.audit.record(this.refusal(user, problem ?? 'unknown link', meta));
      throw new BadRequestException(CONFIRMATION_NOT_VALID);
    }
    let outcome: 'confirmed' | 'used' | 'taken';
    try {
      outcome = await this.unitOfWork.run((tx) => this.apply(tx, row, user, meta));
    } catch (err) {
      // Another account took the address between the check and the update.
      if (isUniqueViolation(err, { name: 'IDX_97672ac88f789774dd47f7c8be', sqliteColumns: 'users.email' })) {
        await this.audit.record(this.refusal(user, `address ${JSON.stringify(row.email)} taken by another account meanwhile`, meta));
        throw new ConflictException(ADDRESS_TAKEN);
      }
      throw err;
    }
    if (outcome === 'used') throw new BadRequestException(CONFIRMATION_NOT_VALID);
    if (outcome === 'taken') throw new ConflictException(ADDRESS_TAKEN);
  }

  private async apply(tx: Transaction, row: EmailConfirmation, read: User, meta: RequestMeta): Promise<'confirmed' | 'used' | 'taken'> {
    const now = this.clock.now();
    // Of two requests with the same link, only one changes the address.
    if (!(await this.confirmations.redeem(tx, row.id, now))) {
      await this.audit.append(tx, this.refusal(read, 'link already used, or the change was withdrawn or replaced', meta));
      return 'used';
    }
    const taken = await this.users.emailHolder(tx, row.email);
    if (taken && taken.id !== read.id) {
      // The link stays used: the address it names belongs to someone else now.
      await this.audit.append(tx, this.refusal(read, `address ${JSON.stringify(row.email)} taken by another account meanwhile`, meta));
      return 'taken';
    }
    const user = await this.users.current(tx, read.id);
    await this.users.update(tx, user.id, { email: row.email, updatedAt: now });
    // Reset and invitation links went to the old address: they must not set a password any more.
    const retired = await this.tokens.retireAllOf(tx, user.id);
    await this.audit.append(tx, {
      ...accountEntry(
        actorOf(user),
        user,
        'EMAIL_CHANGE_CONFIRMED',
        'allowed',
        `email: ${JSON.stringify(user.email)} -> ${JSON.stringify(row.email)}, asked by ${row.requestedBy}, confirmed with the link mailed ` +
          `to the new address; ${retired} unused password link(s) retired; the old address was told`,
        meta,
      ),
    });
    await this.notices.emailChanged(tx, user.email, { ...user, email: row.email }, row.requestedBy);
    return 'confirmed';
  }

  private refusal(user: User | null, reason: string, meta: RequestMeta): AuditDraft {
    return {
      actor: user ? actorOf(user) : null,
      action: 'EMAIL_CHANGE_CONFIRMED',
      entityType: 'user',
      entityId: user?.id ?? null,
      states: user ? [user.state] : [],
      outcome: 'denied',
      reason,
      meta,
    };
  }
}
