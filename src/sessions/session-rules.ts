/**
 * A session's last use is written at most this often: a request within a minute of the last write
 * changes nothing, so reading a list does not cost a write each time. The recorded time can lag the
 * true last use by up to this much, so an idle session ends up to a minute early, never late.
 */
const TOUCH_EVERY_MS = 60_000;

/** CJIS 5.5.5: a session unused for the idle timeout is over. */
export function isIdle(lastSeenAt: Date, now: Date, idleTimeoutMinutes: number): boolean {
  return now.getTime() - lastSeenAt.getTime() >= idleTimeoutMinutes * 60_000;
}

export function touchIsDue(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}
