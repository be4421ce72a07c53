const MAX_LENGTH = 500;

/**
 * What is kept of a failed delivery, in the outbox row and the log: the error's own words, with any
 * secret (the relay URL carries a password) blotted out, on one line, bounded.
 */
export function failureText(err: unknown, secrets: ReadonlyArray<string | null | undefined>): string {
  let text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  for (const secret of secrets) {
    if (secret) text = text.split(secret).join('[redacted]');
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, MAX_LENGTH);
}

/** The password (and user) of an smtp:// URL, to be blotted out of error messages. */
export function secretsOfSmtpUrl(smtpUrl: string | null): string[] {
  if (!smtpUrl) return [];
  try {
    const url = new URL(smtpUrl);
    const password = decodeURIComponent(url.password);
    return [smtpUrl, url.password, password].filter((s) => s.length >= 3);
  } catch {
    return [smtpUrl];
  }
}
