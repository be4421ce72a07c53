import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

/**
 * The waits between tries to get a PostgreSQL connection while the server refuses them (ms): some
 * 0.75 s in all, less than the health probe allows (1.5 s). A restart is over within that, and the
 * requests that came meanwhile are carried out instead of being told 503.
 */
const CONNECT_RETRY_DELAYS_MS = [50, 100, 200, 400];

/** `attempt` again after each of `delays` while it fails with the database away and `again` agrees; its last failure otherwise. */
export async function retried<T>(
  attempt: () => Promise<T>,
  delays: readonly number[],
  again: (err: unknown) => boolean = isDatabaseUnavailable,
  wait: (ms: number) => Promise<unknown> = sleep,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= delays.length || !again(err)) throw err;
      await wait(delays[i]);
    }
  }
}

/**
 * Makes the PostgreSQL driver try again to connect for a moment when the server refuses (stopped,
 * starting up, out of connections). Nothing has been sent on a connection not yet made, so trying
 * again is always safe. TypeORM takes every connection of its queries and transactions through
 * obtainMasterConnection(); node-postgres's pool has no retries of its own.
 */
export function retryConnecting(dataSource: DataSource): void {
  if (dataSource.options.type !== 'postgres') return;
  const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<unknown> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () => retried(obtain, CONNECT_RETRY_DELAYS_MS);
}
