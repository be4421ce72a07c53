import { createHash } from 'node:crypto';

/** JSON with object keys in sorted order, so that the same body always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What makes two requests "the same" for an Idempotency-Key: method, path and body. Key order and
 * white space in the body do not count; any other difference does.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([method.toUpperCase(), path, body ?? null]))
    .digest('hex');
}
