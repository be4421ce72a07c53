import { BadRequestException } from '@nestjs/common';

/** Position in the list of cases, newest first: (createdAt, id) of the last item of a page. */
export interface CaseCursor {
  createdAt: string;
  id: string;
}

export function encodeCaseCursor(c: CaseCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
}

export function decodeCaseCursor(raw: string): CaseCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt))) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the 400 below
  }
  throw new BadRequestException('cursor is not valid: pass the nextCursor of the previous page unchanged.');
}
