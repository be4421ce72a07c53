import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { CommitOutcomeUnknown, driverWordsOf, isDatabaseUnavailable } from './database-unavailable';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
const query = (driverError: Error) => new QueryFailedError('INSERT INTO cases …', [], driverError);

describe('isDatabaseUnavailable: the database away for now, told apart from bugs', () => {
  it.each([
    ['PostgreSQL stopped (connection refused)', coded('connect ECONNREFUSED 127.0.0.1:5440', 'ECONNREFUSED')],
    ['PostgreSQL shutting down (admin_shutdown) under a query', query(coded('terminating connection due to administrator command', '57P01'))],
    ['PostgreSQL starting up (cannot_connect_now)', coded('the database system is starting up', '57P03')],
    ['PostgreSQL out of connections', coded('sorry, too many clients already', '53300')],
    ['a connection exception (class 08)', query(coded('connection failure', '08006'))],
    ['node-postgres losing the connection', query(new Error('Connection terminated unexpectedly'))],
    ['node-postgres pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a SQLite file locked by another process', query(coded('database is locked', 'SQLITE_BUSY'))],
    ['a SQLite file that cannot be read now', query(coded('disk I/O error', 'SQLITE_IOERR_SHORT_READ'))],
    ['a statement after TypeORM let go of a connection that failed', new QueryRunnerAlreadyReleasedError()],
    ['a commit cut short with its connection', new CommitOutcomeUnknown(new QueryRunnerAlreadyReleasedError())],
    ['a commit whose outcome is unknown', new CommitOutcomeUnknown(coded('connect ECONNRESET', 'ECONNRESET'))],
  ])('%s: away', (_, err) => expect(isDatabaseUnavailable(err)).toBe(true));

  it.each([
    ['a syntax error (a bug)', query(coded('syntax error at or near "SELEC"', '42601'))],
    ['a unique violation', query(coded('duplicate key value violates unique constraint', '23505'))],
    ['a SQLite constraint', query(coded('CHECK constraint failed', 'SQLITE_CONSTRAINT_CHECK'))],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s: a bug or a refusal, not away', (_, err) => expect(isDatabaseUnavailable(err)).toBe(false));

  it("keeps the driver's words (hosts, ports) for the log, with their code", () => {
    expect(driverWordsOf(query(coded('connect ECONNREFUSED 127.0.0.1:5440', 'ECONNREFUSED')))).toEqual({
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:5440',
    });
  });
});
