import { QueryRunnerAlreadyReleasedError } from 'typeorm';

/**
 * Failures that say the database is away for a while (stopped, restarting, out of connections, a
 * SQLite file locked by another process) rather than that the request or the code is wrong. A
 * request that meets one is answered 503 with Retry-After: trying again shortly is the cure.
 */

/** Socket errors of a server that is not there (yet), or of a connection cut on the way. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTCONN']);

/**
 * PostgreSQL's SQLSTATEs of a server going away or not yet there: class 08 (connection exception),
 * admin_shutdown, crash_shutdown, cannot_connect_now (starting up), too_many_connections.
 */
const POSTGRES_AWAY = /^(08...|57P01|57P02|57P03|53300)$/;

/**
 * SQLite's result codes (better-sqlite3's `code`, extended codes included) of a file that another
 * process holds locked past the busy timeout, or that cannot be read or written now.
 */
const SQLITE_AWAY = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|PROTOCOL)(_|$)/;

/** node-postgres reports a connection lost or never made with these words and no code. */
const POSTGRES_CONNECTION_WORDS =
  /^(Connection terminated|Connection terminated unexpectedly|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable)$/;

interface DriverFailure {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** The error and what it wraps (TypeORM's driverError, an Error's cause), outermost first. */
function* layersOf(err: unknown): Generator<DriverFailure> {
  for (let layer = err, depth = 0; typeof layer === 'object' && layer !== null && depth < 4; depth++) {
    const failure = layer as DriverFailure;
    yield failure;
    layer = failure.driverError ?? failure.cause;
  }
}

/** Whether `err` means the database is away for now (see above), not that something is wrong with the request or the code. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const layer of layersOf(err)) {
    // TypeORM releases a PostgreSQL query runner of its own accord only when its connection fails
    // (the engine releases one at the end of its transaction): the statements after that get this.
    if (layer instanceof QueryRunnerAlreadyReleasedError) return true;
    const { code, message } = layer;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_AWAY.test(code) || SQLITE_AWAY.test(code))) return true;
    if (typeof message === 'string' && POSTGRES_CONNECTION_WORDS.test(message)) return true;
  }
  return false;
}

/** The driver's own words of such a failure, for the log only: they name hosts, ports and files. */
export function driverWordsOf(err: unknown): { code?: string; message: string } {
  let innermost: DriverFailure = {};
  for (const layer of layersOf(err)) innermost = layer;
  const code = [...layersOf(err)].map((l) => l.code).find((c): c is string => typeof c === 'string');
  return { ...(code ? { code } : {}), message: typeof innermost.message === 'string' ? innermost.message : String(err) };
}

/**
 * A transaction whose work was done when the database went away: the failure came with its COMMIT,
 * so whether the change was made is not known here. A retry with the same Idempotency-Key gets its
 * answer if it was made (the answer was stored with it), and runs it if not.
 */
export class CommitOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super('The database went away while a transaction was being committed.');
    this.name = 'CommitOutcomeUnknown';
  }
}
