import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DatabaseOutage } from './database-outage';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });

describe('DatabaseOutage: one warning per outage, and what waited runs at its end', () => {
  let answers: boolean;
  let outage: DatabaseOutage;
  let clock: Clock;
  let now: Date;
  let warnings: Array<[unknown, string]>;

  beforeEach(() => {
    answers = false;
    clock = new Clock();
    now = new Date('2026-03-08T06:59:58Z');
    jest.spyOn(clock, 'now').mockImplementation(() => now);
    const dataSource = { query: jest.fn(() => (answers ? Promise.resolve([{ 1: 1 }]) : Promise.reject(refused()))) };
    outage = new DatabaseOutage(dataSource as unknown as DataSource, clock);
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((detail: unknown, message?: unknown) => void warnings.push([detail, String(message)]));
  });
  afterEach(() => {
    outage.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('warns once when the database goes away, with the driver words, and once when it answers again, with how long and how many failed', async () => {
    for (let i = 0; i < 5; i++) outage.noticed(refused());
    expect(warnings).toHaveLength(1);
    expect(warnings[0][1]).toMatch(/does not answer/);
    expect(warnings[0][0]).toMatchObject({
      since: '2026-03-08T06:59:58.000Z',
      driver: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.7:5432' },
    });

    expect(await outage.checkBack()).toBe(false);
    expect(outage.away).toBe(true);
    now = new Date('2026-03-08T07:00:10Z');
    answers = true;
    expect(await outage.checkBack()).toBe(true);
    expect(outage.away).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[1][1]).toBe('The database answers again.');
    expect(warnings[1][0]).toMatchObject({ until: '2026-03-08T07:00:10.000Z', failures: 5 });
    expect(warnings[1][0]).toMatchObject({ seconds: 12 });
    // Not away any more: nothing to end.
    expect(await outage.checkBack()).toBe(false);
  });

  it('runs what waits at every return, and what waits once only at the next one, again if the database went away meanwhile', async () => {
    const everyReturn = jest.fn(() => Promise.resolve());
    outage.whenBack(everyReturn);
    let tries = 0;
    const once = jest.fn(() => (++tries === 1 ? Promise.reject(refused()) : Promise.resolve()));
    outage.noticed(refused());
    expect(outage.onceBack(once)).toBe(true);

    answers = true;
    await outage.checkBack();
    expect(everyReturn).toHaveBeenCalledTimes(1);
    // Its first run met the database away again: a new outage, and it waits for that one's end.
    expect(once).toHaveBeenCalledTimes(1);
    expect(outage.away).toBe(true);
    await outage.checkBack();
    expect(once).toHaveBeenCalledTimes(2);
    expect(everyReturn).toHaveBeenCalledTimes(2);

    outage.noticed(refused());
    await outage.checkBack();
    expect(once).toHaveBeenCalledTimes(2);
    expect(everyReturn).toHaveBeenCalledTimes(3);
  });

  it('keeps at most a thousand pieces of work waiting', () => {
    outage.noticed(refused());
    const kept = Array.from({ length: 1001 }, () => outage.onceBack(() => Promise.resolve()));
    expect(kept.filter(Boolean)).toHaveLength(1000);
    expect(kept[1000]).toBe(false);
  });
});
