import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { SupervisionCase } from '../cases/case.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [User, SupervisionCase, AuditEntry, AuditChainHead];
