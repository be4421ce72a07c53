import { retried } from './connection-retries';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('retried: a moment of tries while the database is away', () => {
  const waits: number[] = [];
  const wait = (ms: number) => {
    waits.push(ms);
    return Promise.resolve();
  };
  beforeEach(() => (waits.length = 0));

  it('tries again after each wait while the database refuses, and answers once it takes the attempt', async () => {
    let tries = 0;
    const attempt = () => (++tries < 3 ? Promise.reject(refused()) : Promise.resolve('connected'));
    await expect(retried(attempt, [50, 100, 200, 400], undefined, wait)).resolves.toBe('connected');
    expect(tries).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it('gives up with the last failure once every wait is spent', async () => {
    let tries = 0;
    const attempt = () => {
      tries++;
      return Promise.reject(refused());
    };
    await expect(retried(attempt, [50, 100], undefined, wait)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(tries).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it('does not try again after a failure that is no outage, nor when the caller says not to', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    await expect(retried(() => Promise.reject(bug), [50], undefined, wait)).rejects.toBe(bug);
    await expect(
      retried(
        () => Promise.reject(refused()),
        [50],
        () => false,
        wait,
      ),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(waits).toEqual([]);
  });
});
