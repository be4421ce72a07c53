import { randomUUID } from 'node:crypto';
import Database from '../src/database/sqlite-driver';
import { TestApp } from './support/test-app';

/**
 * The SQLite file held locked by another process (a backup tool, a second server started by
 * mistake) for longer than the 5 s busy timeout: a write is a 503 with Retry-After, not a 500, and
 * changes nothing; reads go on (WAL); once the lock is gone the same request with its key runs.
 */
describe('the SQLite file locked by another process', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.token('oh.field_officer');
  });
  afterAll(() => t.close());

  it('answers a write 503 with Retry-After while the lock lasts, and runs its retry once the lock is gone', async () => {
    const officer = await t.as('oh.field_officer');
    const key = randomUUID();
    const body = { offenderName: 'Locked File', sendingState: 'OH', receivingState: 'TX' };
    const other = new Database(t.serverEnv().SQLITE_PATH!);
    other.exec('BEGIN IMMEDIATE');
    try {
      const refused = await officer.post('/cases').set('Idempotency-Key', key).send(body);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.message).toMatch(/briefly unavailable.*Nothing was changed/);
      // Readers are not held up by a writer's lock.
      await officer.get('/cases').expect(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await t.query("SELECT id FROM cases WHERE offender_name = 'Locked File'")).toEqual([]);
    const retry = await officer.post('/cases').set('Idempotency-Key', key).send(body);
    expect(retry.status).toBe(201);
    expect(await t.query("SELECT id FROM cases WHERE offender_name = 'Locked File'")).toEqual([{ id: retry.body.id }]);
  });
});
