import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BusinessCalendar, daysLeft, noticesOf, noticesToSend, type NoticeKind, type ScheduledNotice } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import { AuditService } from '../audit/audit.service';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { isUniqueViolation } from '../database/unique-violation';
import { DatabaseOutage } from '../database/database-outage';
import { UnitOfWork } from '../database/unit-of-work';
import { MailOutbox } from '../mail/mail-outbox';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import { DEADLINE_CONFIG, type DeadlineConfig } from './deadline-config';
import type { DeadlineNotice } from './deadline-notice.entity';
import { deadlineReminderMail, deadlineReminderSubject, type DeadlineReminderFacts } from './deadline-reminder-mail';
import type { Deadline } from './deadline.entity';
import { DeadlineRepository } from './deadline.repository';
import { activityKindOf } from './deadline-view';
import type { Transaction } from '../database/transaction';

/** How many deadlines one read of a pass takes; each is then reminded in a transaction of its own. */
const BATCH = 100;

/** What a pass did: reminders sent, and earlier ones set aside unsent because a later one had fallen due too. */
export interface ReminderPass {
  sent: number;
  superseded: number;
}

/** Who a reminder goes to, and why. */
interface Reader {
  user: User;
  reader: DeadlineReminderFacts['reader'];
}

const SEND_DEADLINE_REMINDER = 'SEND_DEADLINE_REMINDER';

const ONCE_PER_DEADLINE = { name: 'idx_deadline_notices_once', sqliteColumns: 'deadline_notices.deadline_id' };

/**
 * Sends the reminders of the deadlines: due soon, due today and overdue, as the rule that governs
 * each deadline schedules them, to the assigned user, and to the compact office of the owing state
 * once a deadline is overdue or while nobody is assigned. The due dates live in the database (the
 * next reminder's instant on each deadline), so a pass at start sends what fell due while the
 * system was down, and a pass finds the same work whichever instance runs it.
 *
 * Each reminder goes once: it is recorded in the transaction that puts its mails in the outbox, and
 * a unique index on (deadline, place in the schedule) refuses a second record. Every instance runs
 * passes; on PostgreSQL a deadline being reminded is locked, and the other instance skips it.
 */
@Injectable()
export class DeadlineReminders implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineReminders');
  private timer: NodeJS.Timeout | null = null;
  private lastPass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: DeadlineRepository,
    private readonly cases: CasesService,
    private readonly users: UserRepository,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: BusinessCalendar,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
    @Inject(DEADLINE_CONFIG) private readonly config: DeadlineConfig,
    private readonly outage: DatabaseOutage,
    @Inject(MAIL_CONFIG) private readonly mail: MailConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.start(this.config.reminderEverySeconds);
  }

  onModuleDestroy(): Promise<unknown> {
    this.stop();
    return this.lastPass;
  }

  /**
   * A pass now, what a stop left to send, and one every `everySeconds` (0: none at all). Not awaited
   * at start, so that a long backlog never holds up the server; resolves when the first pass is done.
   */
  start(everySeconds: number): Promise<ReminderPass | null> {
    if (everySeconds <= 0 || this.timer) return Promise.resolve(null);
    this.timer = setInterval(() => void this.quietPass(), everySeconds * 1000);
    // The timer must not keep a test's process alive on its own.
    this.timer.unref();
    return this.quietPass();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The last pass asked for, once it is done (a test's way to know what the start's pass sent). */
  settled(): Promise<unknown> {
    return this.lastPass;
  }

  /** One pass over the reminders due by the clock, after any pass already under way. */
  pass(): Promise<ReminderPass> {
    const pass = this.lastPass.then(() => this.remindAll(this.clock.now()));
    this.lastPass = pass.catch(() => undefined);
    return pass;
  }

  private quietPass(): Promise<ReminderPass | null> {
    return this.pass().then(
      (done) => {
        if (done.sent + done.superseded > 0) this.logger.log(done, 'Sent the deadline reminders that had fallen due.');
        return done;
      },
      (err: unknown) => {
        this.outage.orLog(err, () => this.logger.error({ err }, 'The deadline reminders could not be read; the next pass tries again.'));
        return null;
      },
    );
  }

  private async remindAll(now: Date): Promise<ReminderPass> {
    const done: ReminderPass = { sent: 0, superseded: 0 };
    let after: { key: Date; id: string } | null = null;
    for (;;) {
      const due = await this.deadlines.withNoticeDue(now, after, BATCH);
      for (const { id, nextNoticeAt } of due) {
        const one = await this.remindOne(id, now);
        done.sent += one.sent;
        done.superseded += one.superseded;
        after = { key: nextNoticeAt!, id };
      }
      if (due.length <= BATCH) return done;
    }
  }

  /** The reminders of one deadline that have fallen due, in a transaction of their own: one failure stops no other. */
  private async remindOne(id: string, now: Date): Promise<ReminderPass> {
    try {
      return await this.unitOfWork.run(async (tx) => {
        const deadline = await this.deadlines.dueForNotice(tx, id, now);
        return deadline ? this.remind(tx, deadline, now) : { sent: 0, superseded: 0 };
      });
    } catch (err) {
      // Another instance recorded it first: it is sent, once.
      if (isUniqueViolation(err, ONCE_PER_DEADLINE)) return { sent: 0, superseded: 0 };
      this.outage.orLog(err, () => this.logger.error({ err, deadline: id }, 'A deadline reminder could not be sent; the next pass tries again.'));
      return { sent: 0, superseded: 0 };
    }
  }

  private async remind(tx: Transaction, deadline: Deadline, now: Date): Promise<ReminderPass> {
    const rule = this.table.find((r) => r.version === deadline.ruleVersion);
    const scheduled = rule ? noticesOf(deadline, rule.notices, this.calendar) : [];
    const done = await this.deadlines.noticeIndexesOf(tx, deadline.id);
    const { send, superseded } = noticesToSend(scheduled, done, now);
    const [c] = send ? await this.cases.findMany([deadline.caseId]) : [];
    const readers = send && c ? await this.readersOf(tx, deadline, send.kind) : [];
    const facts = send && c ? this.factsOf(deadline, c, send, rule?.title ?? deadline.limit, readers, now) : null;
    await this.deadlines.recordNotices(tx, [
      ...superseded.map((n) => this.record(deadline, n, 'superseded', 0, now)),
      ...(send ? [this.record(deadline, send, 'sent', readers.length, now)] : []),
    ]);
    if (facts)
      await this.outbox.enqueue(
        tx,
        readers.map(({ user, reader }) => deadlineReminderMail(user.email, { ...facts, reader })),
      );
    const next = scheduled.find((n) => n.at > now && !done.has(n.index));
    await this.deadlines.setNextNotice(tx, deadline.id, next?.at ?? null);
    // The reminder's record in the case's history, last before the commit as every entry.
    if (c && facts) await this.audit.append(tx, this.entryOf(c, facts, readers));
    return { sent: send ? 1 : 0, superseded: superseded.length };
  }

  /** The assignee, and the compact office of the owing state once overdue or while nobody is assigned; each user once. */
  private async readersOf(tx: Transaction, deadline: Deadline, kind: NoticeKind): Promise<Reader[]> {
    const assignee = deadline.assigneeId ? await this.users.activeById(tx, deadline.assigneeId) : null;
    const office = kind === 'overdue' || !assignee ? await this.users.activeWith(tx, ['compact_office'], deadline.responsibleState) : [];
    const readers: Reader[] = assignee ? [{ user: assignee, reader: 'assignee' }] : [];
    for (const user of office) if (!readers.some((r) => r.user.email === user.email)) readers.push({ user, reader: 'compact_office' });
    return readers;
  }

  /** Sent by the engine itself, so by nobody: the entry says what it told, and to whom. */
  private entryOf(c: SupervisionCase, f: Omit<DeadlineReminderFacts, 'reader'>, readers: readonly Reader[]): AuditDraft {
    const to = readers.length ? readers.map((r) => r.user.username).join(', ') : 'nobody: no active account to tell';
    return {
      actor: null,
      action: SEND_DEADLINE_REMINDER,
      entityType: 'case',
      entityId: c.id,
      caseId: c.id,
      states: statesOf(c),
      fromState: c.status,
      toState: c.status,
      outcome: 'allowed',
      reason: `${deadlineReminderSubject(f)}; due ${f.dueOn} under rule ${f.rule}; mailed to ${to}`,
      meta: null,
    };
  }

  private factsOf(
    d: Deadline,
    c: SupervisionCase,
    notice: ScheduledNotice,
    activity: string,
    readers: readonly Reader[],
    now: Date,
  ): Omit<DeadlineReminderFacts, 'reader'> {
    const assignee = readers.find((r) => r.reader === 'assignee')?.user ?? null;
    return {
      kind: notice.kind,
      activity,
      activityKind: activityKindOf(d),
      rule: d.rule,
      limitDays: d.limitDays,
      limitUnit: d.limitUnit,
      dueOn: d.dueOn,
      daysLeft: daysLeft(d.dueOn, d.limitUnit, now, this.calendar),
      responsibleSide: d.responsibleSide,
      responsibleState: d.responsibleState,
      assignee: assignee?.username ?? null,
      caseId: c.id,
      caseNumber: c.caseNumber,
      offenderName: c.offenderName,
      sendingState: c.sendingState,
      receivingState: c.receivingState,
      publicUrl: this.mail.publicUrl,
    };
  }

  private record(d: Deadline, n: ScheduledNotice, outcome: DeadlineNotice['outcome'], recipients: number, now: Date): DeadlineNotice {
    return { id: randomUUID(), deadlineId: d.id, noticeIndex: n.index, kind: n.kind, outcome, recipients, dueAt: n.at, createdAt: now };
  }
}
