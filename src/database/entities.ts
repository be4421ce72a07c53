import { CaseActivity } from '../activities/case-activity.entity';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditCheckpoint } from '../audit/audit-checkpoint.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { CaseSnapshotMigration, SupervisionCase } from '../cases/case.entity';
import { ConsoleFlash } from '../console/console-flash.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineNotice } from '../deadlines/deadline-notice.entity';
import { OutboxMail } from '../mail/mail-outbox.entity';
import { PasswordResetToken } from '../password-reset/password-reset-token.entity';
import { ReopenRequest, ReopenRequestSnapshotMigration } from '../reopen-requests/reopen-request.entity';
import { Session } from '../sessions/session.entity';
import { EmailConfirmation } from '../users/email-confirmation.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [
  User,
  SupervisionCase,
  AuditEntry,
  AuditChainHead,
  AuditCheckpoint,
  ReopenRequest,
  OutboxMail,
  IdempotencyKey,
  Session,
  PasswordResetToken,
  ConsoleFlash,
  EmailConfirmation,
  Deadline,
  DeadlineNotice,
  CaseActivity,
];

/** Run by TypeORM on every row it loads: stored snapshots read by the current machines. */
export const SUBSCRIBERS = [CaseSnapshotMigration, ReopenRequestSnapshotMigration];
