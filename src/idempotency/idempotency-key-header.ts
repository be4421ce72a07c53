import { BadRequestException } from '@nestjs/common';

const MAX_LENGTH = 255;
// Visible ASCII without the quote and backslash that an sf-string would have to escape.
const TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The key of an Idempotency-Key header. The IETF httpapi draft makes it a structured-field string
 * ("…"), which is what a client should send; the bare value that most payment APIs accept is taken too.
 */
export function parseIdempotencyKey(header: string | string[]): string {
  if (Array.isArray(header)) throw invalid('send one Idempotency-Key header, not several');
  const raw = header.trim();
  const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (key.length === 0) throw invalid('it is empty');
  if (key.length > MAX_LENGTH) throw invalid(`it is longer than ${MAX_LENGTH} characters`);
  if (!TOKEN.test(key)) throw invalid('it may hold only visible ASCII characters, without spaces, quotes or backslashes');
  return key;
}

function invalid(why: string): BadRequestException {
  return new BadRequestException(
    `The Idempotency-Key header is not valid: ${why}. Send a new random value (a UUID, say) for each new request, and the same value when you retry it.`,
  );
}
