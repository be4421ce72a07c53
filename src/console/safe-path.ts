/** Only a path of this site's console: a `next` or `back` parameter must not send anyone elsewhere. */
export function consolePath(candidate: string | undefined, fallback = '/console/cases'): string {
  if (!candidate || !/^\/console(\/[A-Za-z0-9\-_/?=&%.]*)?$/.test(candidate) || candidate.startsWith('//')) return fallback;
  return candidate;
}
