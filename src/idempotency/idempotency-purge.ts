import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseOutage } from '../database/database-outage';
import { IdempotencyStore } from './idempotency-store';

const EVERY_MS = 3_600_000;

/** Forgets old keys at start and hourly. Every instance does it; the DELETE is the same for all. */
@Injectable()
export class IdempotencyPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly outage: DatabaseOutage,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.purge();
    this.timer = setInterval(() => void this.purge(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async purge(): Promise<void> {
    try {
      const removed = await this.store.purge();
      if (removed > 0) this.logger.log({ removed }, 'Forgot Idempotency-Keys older than the retention period.');
    } catch (err) {
      this.outage.orLog(err, () => this.logger.error({ err }, 'Old Idempotency-Keys could not be purged; they will be tried again within the hour.'));
    }
  }
}
