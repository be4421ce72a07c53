/** A `.` or `..` segment, written plainly or percent-encoded: a browser resolves both, out of the console. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|\?|$)/i;

/** Only a path of this site's console: a `next` or `back` parameter must not send anyone elsewhere. */
export function consolePath(candidate: string | undefined, fallback = '/console/cases'): string {
  if (!candidate || !/^\/console(\/[A-Za-z0-9\-_/?=&%.]*)?$/.test(candidate) || candidate.startsWith('//')) return fallback;
  if (DOT_SEGMENT.test(candidate.split('?')[0])) return fallback;
  return candidate;
}
