import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { PasswordResetToken, type ResetTokenPurpose } from './password-reset-token.entity';
import { hashResetToken } from './reset-token';
import { managerOf, type Transaction } from '../database/transaction';

/** Why a link does not work; the person who followed it is told the same in every case. */
export type ResetTokenProblem = 'unknown link' | 'link already used' | 'link expired';

@Injectable()
export class ResetTokensService {
  constructor(
    @InjectRepository(PasswordResetToken) private readonly tokens: Repository<PasswordResetToken>,
    @Inject(AUTH_CONFIG) private readonly config: Pick<AuthConfig, 'resetLinkTtlMinutes' | 'invitationTtlHours'>,
    private readonly clock: Clock,
  ) {}

  /** Keeps the hash of `token` inside the caller's transaction; the caller mails the token. */
  async issue(tx: Transaction, userId: string, purpose: ResetTokenPurpose, token: string): Promise<PasswordResetToken> {
    const now = this.clock.now();
    const row = managerOf(tx).create(PasswordResetToken, {
      id: randomUUID(),
      userId,
      tokenHash: hashResetToken(token),
      purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.validityMs(purpose)),
      usedAt: null,
    });
    await managerOf(tx).insert(PasswordResetToken, row);
    return row;
  }

  validityMs(purpose: ResetTokenPurpose): number {
    return purpose === 'invitation' ? this.config.invitationTtlHours * 3_600_000 : this.config.resetLinkTtlMinutes * 60_000;
  }

  /** The row of a token, and whether it can still be used. */
  async lookUp(token: string): Promise<{ row: PasswordResetToken | null; problem: ResetTokenProblem | null }> {
    const row = await this.tokens.findOneBy({ tokenHash: hashResetToken(token) });
    if (!row) return { row, problem: 'unknown link' };
    if (row.usedAt) return { row, problem: 'link already used' };
    if (row.expiresAt.getTime() <= this.clock.now().getTime()) return { row, problem: 'link expired' };
    return { row, problem: null };
  }

  /**
   * Uses the link inside the caller's transaction. Conditional on it being unused and unexpired
   * still, so of two requests with the same link only one sets a password.
   */
  async redeem(tx: Transaction, id: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await managerOf(tx).update(PasswordResetToken, { id, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
    return result.affected === 1;
  }

  /** Retires every unused link of an account: after a reset, an email change or a deactivation. */
  async retireAllOf(tx: Transaction, userId: string): Promise<number> {
    const result = await managerOf(tx).update(PasswordResetToken, { userId, usedAt: IsNull() }, { usedAt: this.clock.now() });
    return result.affected ?? 0;
  }
}
