import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDITOR_ROLES } from '../../machines/roles';
import { AuditCheckpoints } from '../audit/audit-checkpoints.service';
import type { SignedCheckpoint } from '../audit/audit-signer';
import { checkpointMail, type CheckpointWitness } from '../audit/checkpoint-witnesses';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { MailOutbox } from '../mail/mail-outbox';
import { UserRepository } from './user.repository';
import type { Transaction } from '../database/transaction';

/** Every active auditor gets a mail of each checkpoint, in the checkpoint's own transaction. */
@Injectable()
export class AuditorWitnesses implements CheckpointWitness, OnModuleInit {
  constructor(
    @Inject(MAIL_CONFIG) private readonly config: Pick<MailConfig, 'publicUrl'>,
    private readonly checkpoints: AuditCheckpoints,
    private readonly users: UserRepository,
    private readonly outbox: MailOutbox,
  ) {}

  onModuleInit(): void {
    this.checkpoints.addWitness(this);
  }

  async signed(tx: Transaction, checkpoint: SignedCheckpoint): Promise<void> {
    const auditors = await this.users.activeWith(tx, AUDITOR_ROLES);
    await this.outbox.enqueue(
      tx,
      auditors.map((u) => checkpointMail(u.email, checkpoint, this.config.publicUrl)),
    );
  }
}
