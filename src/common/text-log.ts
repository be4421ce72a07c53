import type { DestinationStream } from 'pino';

export type LogFormat = 'json' | 'text';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Nest's start-up list of its modules and routes: about a hundred lines that tell a person nothing. */
const START_UP_LISTINGS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  context?: string;
  requestId?: string;
  responseTime?: number;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  err?: { message?: string; stack?: string };
}

/** One JSON line as a person reads it: `time LEVEL message`, and `time LEVEL METHOD url status ms` for a request. */
export function textLine(json: string): string | null {
  let line: LogLine;
  try {
    line = JSON.parse(json) as LogLine;
  } catch {
    return json.trimEnd();
  }
  if (line.context && START_UP_LISTINGS.has(line.context)) return null;
  const level = LEVELS[line.level ?? 30] ?? String(line.level);
  // pino stamps every line it writes; a line without a stamp is shown without one, not with the time it is read.
  const time = line.time === undefined ? '--:--:--' : new Date(line.time).toTimeString().slice(0, 8);
  const failed = (line.level ?? 30) >= 50;
  const text =
    line.req && line.res
      ? `${line.req.method} ${line.req.url} ${line.res.statusCode} ${line.responseTime ?? '?'} ms`
      : `${line.context ? `[${line.context}] ` : ''}${line.msg ?? ''}`;
  // A failure keeps what it takes to find it: the reference a user quotes, and the stack.
  const detail = failed ? `${line.requestId ? ` (reference ${line.requestId})` : ''}${line.err?.stack ? `\n${line.err.stack}` : ''}` : '';
  return `${time} ${level.padEnd(5)} ${text}${detail}`;
}

/** A pino destination that writes each line in the text format. */
function textLogStream(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return {
    write(json: string) {
      const text = textLine(json);
      if (text !== null) out.write(text + '\n');
    },
  };
}

/** LOG_FORMAT: JSON lines for machines (the default, pino's own destination), or text for a person (the demo's default). */
export function logDestination(format: LogFormat, out: NodeJS.WritableStream = process.stdout): DestinationStream | undefined {
  return format === 'text' ? textLogStream(out) : undefined;
}
