import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { MAIL_RETRY } from '../mail/mail-backoff';

/**
 * What Prometheus scrapes from one instance. A registry per app (not prom-client's global one), so
 * that several apps in one process, as in the tests, each count their own. Counters count what this
 * instance did since it started; the gauges read the database, which all instances share.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route (the pattern, not the path), method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly transitions = new Counter({
    name: 'case_transitions_total',
    help: 'Case events committed to the audit history, by event and outcome (allowed or denied)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly auditAppends = new Counter({
    name: 'audit_entries_appended_total',
    help: 'Audit entries this instance appended (committed), by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'mail_outbox_backlog',
      help: 'Mails waiting in the outbox: pending (to be tried) and failed (given up after every retry)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT SUM(CASE WHEN attempts < ${MAIL_RETRY.maxAttempts} THEN 1 ELSE 0 END) AS pending,
                  SUM(CASE WHEN attempts >= ${MAIL_RETRY.maxAttempts} THEN 1 ELSE 0 END) AS failed
           FROM mail_outbox WHERE sent_at IS NULL`,
        );
        this.set({ state: 'pending' }, Number(row?.pending ?? 0));
        this.set({ state: 'failed' }, Number(row?.failed ?? 0));
      },
    });
    new Gauge({
      name: 'audit_chain_head_seq',
      help: 'Sequence number of the newest audit entry (all instances)',
      registers: [this.registry],
      async collect() {
        const [row] = await dataSource.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
        this.set(Number(row?.last_seq ?? 0));
      },
    });
  }

  httpAnswered(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(status) }, seconds);
  }

  /** Called once the entry's transaction has committed. */
  audited(entry: Pick<AuditEntry, 'entityType' | 'action' | 'outcome'>): void {
    this.auditAppends.inc({ outcome: entry.outcome });
    if (entry.entityType === 'case') this.transitions.inc({ event: entry.action, outcome: entry.outcome });
  }
}
