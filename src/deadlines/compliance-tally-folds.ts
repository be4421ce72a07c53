import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseOutage } from '../database/database-outage';
import { UnitOfWork } from '../database/unit-of-work';
import { DEADLINE_CONFIG, type DeadlineConfig } from './deadline-config';
import { DeadlineTallyRepository } from './deadline-tally.repository';

/**
 * Folds the compliance changes into the tallies at start and every few seconds, so that a report
 * reads few of them. Every instance does it; on PostgreSQL one at a time. A fold missed (the
 * database away, the instance stopped) costs the reports some speed, never a count.
 */
@Injectable()
export class ComplianceTallyFolds implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Compliance');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tallies: DeadlineTallyRepository,
    private readonly outage: DatabaseOutage,
    @Inject(DEADLINE_CONFIG) private readonly config: DeadlineConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.foldEverySeconds;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.quietFold(), every * 1000);
    // The timer must not keep a test's process alive on its own.
    this.timer.unref();
    void this.quietFold();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One fold, or the one under way: the number of changes it moved. */
  fold(): Promise<number> {
    this.running ??= this.foldAndTidy().finally(() => (this.running = null));
    return this.running;
  }

  private async foldAndTidy(): Promise<number> {
    const folded = await this.unitOfWork.run((tx) => this.tallies.fold(tx));
    try {
      await this.tallies.afterFold(folded);
    } catch (err) {
      // The fold stands; only the reports' speed waits for autovacuum.
      this.outage.orLog(err, () => this.logger.warn({ err }, 'The compliance changes were folded, but their table could not be vacuumed.'));
    }
    return folded;
  }

  private async quietFold(): Promise<void> {
    try {
      await this.fold();
    } catch (err) {
      this.outage.orLog(err, () => this.logger.error({ err }, 'The compliance changes could not be folded into the tallies; the next fold takes them.'));
    }
  }
}
