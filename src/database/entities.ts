import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditCheckpoint } from '../audit/audit-checkpoint.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { SupervisionCase } from '../cases/case.entity';
import { OutboxMail } from '../mail/mail-outbox.entity';
import { ReopenRequest } from '../reopen-requests/reopen-request.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [User, SupervisionCase, AuditEntry, AuditChainHead, AuditCheckpoint, ReopenRequest, OutboxMail];
