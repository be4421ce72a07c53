import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';

/**
 * The chain cannot take the next entry because a row already holds its place: an entry (or a signed
 * checkpoint) written outside the engine. Every audited action is refused until the history is
 * repaired, since an action that cannot be audited must not happen.
 */
export class AuditChainBrokenException extends ServiceUnavailableException {
  constructor(readonly seq: number) {
    super(AUDIT_CHAIN_BROKEN);
  }
}

export const AUDIT_CHAIN_BROKEN =
  'The service cannot record anything right now: its audit history was changed outside the engine, so nothing ' +
  'can be changed until it is repaired. Nothing was changed by this request. Report the problem to your state ' +
  'compact office and quote the reference.';

/**
 * Tells the operators, once per break rather than once per refused request: every request fails
 * the same way until someone repairs the history, and one alert per request would bury it.
 */
@Injectable()
export class AuditChainAlarm {
  private readonly logger = new Logger('AuditChain');
  private raisedAt: number | null = null;

  /** The exception to answer with; the alert is logged the first time this break is seen. */
  broken(seq: number, what: string): AuditChainBrokenException {
    this.raise(seq, what);
    return new AuditChainBrokenException(seq);
  }

  /** Also for a verification that finds the break before any append does. */
  raise(seq: number, what: string): void {
    if (this.raisedAt === seq) return;
    this.raisedAt = seq;
    this.logger.error(
      { alert: 'audit_chain_broken', seq },
      `ALERT: the audit chain is broken at entry ${seq}: ${what}. Audited actions answer 503 until it is repaired; ` +
        'run `npm run cli -- audit:verify` to see the damage.',
    );
  }

  /** An entry appended after the break: it was repaired, and a new break is a new alert. */
  appended(seq: number): void {
    if (this.raisedAt !== null && seq >= this.raisedAt) this.raisedAt = null;
  }
}
