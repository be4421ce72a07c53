import { BadRequestException } from '@nestjs/common';

/** Position in a state's list of accounts, by username (unique): the username of the last item of a page. */
export function encodeUserCursor(username: string): string {
  return Buffer.from(JSON.stringify([username])).toString('base64url');
}

export function decodeUserCursor(raw: string): string {
  try {
    const [username] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof username === 'string' && username.length > 0 && username.length <= 64) return username;
  } catch {
    // fall through to the 400 below
  }
  throw new BadRequestException('cursor is not valid: pass the nextCursor of the previous page unchanged.');
}
