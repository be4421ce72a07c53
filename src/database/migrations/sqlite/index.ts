import type { MigrationInterface } from 'typeorm';
import { Initial1795909037750 } from './1795909037750-Initial';
import { ReopenRequests1795909783533 } from './1795909783533-ReopenRequests';
import { ScaleOut1795910859340 } from './1795910859340-ScaleOut';
import { Accounts1795911091438 } from './1795911091438-Accounts';
import { AuditPageIndexes1795919420485 } from './1795919420485-AuditPageIndexes';
import { EmailConfirmations1795921000000 } from './1795921000000-EmailConfirmations';
import { ConsoleFlashes1795925000000 } from './1795925000000-ConsoleFlashes';
import { CaseTransmission1795930000000 } from './1795930000000-CaseTransmission';
import { Deadlines1795940000000 } from './1795940000000-Deadlines';
import { PlannedRelease1795950000000 } from './1795950000000-PlannedRelease';
import { ActivityDeadlines1795960000000 } from './1795960000000-ActivityDeadlines';
import { CaseActivities1795970000000 } from './1795970000000-CaseActivities';
import { ActivityStateIndexes1795980000000 } from './1795980000000-ActivityStateIndexes';
import { CaseListByChange1795990000000 } from './1795990000000-CaseListByChange';
import { CaseSearch1796000000000 } from './1796000000000-CaseSearch';
import { CaseNextDue1796010000000 } from './1796010000000-CaseNextDue';
import { ComplianceTallies1796020000000 } from './1796020000000-ComplianceTallies';
import { DeadlineListIndexes1796030000000 } from './1796030000000-DeadlineListIndexes';
import { ReopenRequestQueues1796040000000 } from './1796040000000-ReopenRequestQueues';
import { CaseSearchWords1796050000000 } from './1796050000000-CaseSearchWords';
import { ActivityLists1796060000000 } from './1796060000000-ActivityLists';
import { ActivityStartedBySide1796080000000 } from './1796080000000-ActivityStartedBySide';

/** In the order they run; each new migration is appended here. */
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [
  Initial1795909037750, ReopenRequests1795909783533, ScaleOut1795910859340, Accounts1795911091438,
  AuditPageIndexes1795919420485, EmailConfirmations1795921000000, ConsoleFlashes1795925000000, CaseTransmission1795930000000,
  Deadlines1795940000000, PlannedRelease1795950000000, ActivityDeadlines1795960000000, CaseActivities1795970000000,
  ActivityStateIndexes1795980000000, CaseListByChange1795990000000, CaseSearch1796000000000, CaseNextDue1796010000000,
  ComplianceTallies1796020000000, DeadlineListIndexes1796030000000, ReopenRequestQueues1796040000000, CaseSearchWords1796050000000,
  ActivityLists1796060000000, ActivityStartedBySide1796080000000,
];
