import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BusinessCalendar, daysLeft, noticesOf, noticesToSend, type ScheduledNotice } from '../../machines';
import type { SupervisionCase } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { isUniqueViolation } from '../database/unique-violation';
import { UnitOfWork } from '../database/unit-of-work';
import { MailOutbox } from '../mail/mail-outbox';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import { DEADLINE_CONFIG, type DeadlineConfig } from './deadline-config';
import type { DeadlineNotice } from './deadline-notice.entity';
import { deadlineReminderMail, type DeadlineReminderFacts } from './deadline-reminder-mail';
import type { Deadline } from './deadline.entity';
import { DeadlineRepository } from './deadline.repository';
import type { Transaction } from '../database/transaction';

/** How many deadlines one read of a pass takes; each is then reminded in a transaction of its own. */
const BATCH = 100;

/** What a pass did: reminders sent, and earlier ones set aside unsent because a later one had fallen due too. */
export interface ReminderPass {
  sent: number;
  superseded: number;
}

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
    private readonly users: UserRepository,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    private readonly calendar: BusinessCalendar,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
    @Inject(DEADLINE_CONFIG) private readonly config: DeadlineConfig,
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
        this.logger.error({ err }, 'The deadline reminders could not be read; the next pass tries again.');
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
      this.logger.error({ err, deadline: id }, 'A deadline reminder could not be sent; the next pass tries again.');
      return { sent: 0, superseded: 0 };
    }
  }

  private async remind(tx: Transaction, deadline: Deadline, now: Date): Promise<ReminderPass> {
    const rule = this.table.find((r) => r.version === deadline.ruleVersion);
    const scheduled = rule ? noticesOf(deadline, rule.notices, this.calendar) : [];
    const done = await this.deadlines.noticeIndexesOf(tx, deadline.id);
    const { send, superseded } = noticesToSend(scheduled, done, now);
    const mails = send ? await this.mailsOf(tx, deadline, send, rule?.title ?? deadline.limit, now) : [];
    await this.deadlines.recordNotices(tx, [
      ...superseded.map((n) => this.record(deadline, n, 'superseded', 0, now)),
      ...(send ? [this.record(deadline, send, 'sent', mails.length, now)] : []),
    ]);
    await this.outbox.enqueue(tx, mails);
    const next = scheduled.find((n) => n.at > now && !done.has(n.index));
    await this.deadlines.setNextNotice(tx, deadline.id, next?.at ?? null);
    return { sent: send ? 1 : 0, superseded: superseded.length };
  }

  private async mailsOf(tx: Transaction, deadline: Deadline, notice: ScheduledNotice, activity: string, now: Date) {
    const c = await this.deadlines.caseOf(tx, deadline.caseId);
    if (!c) return [];
    const assignee = deadline.assigneeId ? await this.users.activeById(tx, deadline.assigneeId) : null;
    // The compact office answers for what is overdue, and for what nobody is assigned to yet.
    const office = notice.kind === 'overdue' || !assignee ? await this.users.activeWith(tx, ['compact_office'], deadline.responsibleState) : [];
    const readers = new Map<string, DeadlineReminderFacts['reader']>();
    if (assignee) readers.set(assignee.email, 'assignee');
    for (const u of office) if (!readers.has(u.email)) readers.set(u.email, 'compact_office');
    const facts = this.factsOf(deadline, c, notice, activity, assignee, now);
    return [...readers].map(([to, reader]) => deadlineReminderMail(to, { ...facts, reader }));
  }

  private factsOf(
    d: Deadline,
    c: SupervisionCase,
    notice: ScheduledNotice,
    activity: string,
    assignee: User | null,
    now: Date,
  ): Omit<DeadlineReminderFacts, 'reader'> {
    return {
      kind: notice.kind,
      activity,
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
