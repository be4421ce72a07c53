import { BadRequestException } from '@nestjs/common';
import type { CompactDate } from '../../machines';

const NOT_A_CURSOR = 'cursor is not valid: pass the nextCursor of the previous page unchanged.';

/** Position in a list paged by one key, newest or soonest first: (key, id) of the last item of a page; the case list has its own, CaseListCursor. */
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
  throw new BadRequestException(NOT_A_CURSOR);
}

/** The orders of the case list: last change first, the longest unchanged first, or the earliest open deadline's due date first. */
export const CASE_SORTS = ['updated', 'waiting', 'due'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export function isCaseSort(value: unknown): value is CaseSort {
  return CASE_SORTS.includes(value as CaseSort);
}

/**
 * Position in the case list (GET /cases), in one of its orders: the sort key of the last item of a page
 * (its updatedAt for `updated` and `waiting`; its next due date for `due`, null for a case with no open deadline)
 * and its id. `exact`: a search's page ended among the cases whose number is the search text itself,
 * which come before the other matches (so the next page continues among them first).
 */
export type CaseListCursor = ({ sort: 'updated' | 'waiting'; key: string; id: string } | { sort: 'due'; key: CompactDate | null; id: string }) & {
  exact?: true;
};

const SORT_NAMES: Record<CaseSort, string> = { updated: 'sort=updated', waiting: 'sort=waiting', due: 'sort=due' };

export function encodeCaseListCursor(c: CaseListCursor): string {
  return Buffer.from(JSON.stringify(c.exact ? [c.sort, c.key, c.id, 1] : [c.sort, c.key, c.id])).toString('base64url');
}

function parsedListCursor(raw: string): CaseListCursor | null {
  try {
    const [sort, key, id, exact, ...more] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof id !== 'string' || more.length || (exact !== undefined && exact !== 1)) return null;
    const band = exact === 1 ? { exact: true as const } : {};
    if ((sort === 'updated' || sort === 'waiting') && typeof key === 'string' && !Number.isNaN(Date.parse(key))) return { sort, key, id, ...band };
    if (sort === 'due' && (key === null || (typeof key === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(key))))
      return { sort, key: key as CompactDate | null, id, ...band };
  } catch {
    // not a cursor: the 400 below
  }
  return null;
}

/** The cursor, if it is one of the list in the order `sort`; a 400 naming the problem otherwise. */
export function decodeCaseListCursor(raw: string, sort: CaseSort): CaseListCursor {
  const cursor = parsedListCursor(raw);
  if (!cursor) throw new BadRequestException(NOT_A_CURSOR);
  if (cursor.sort !== sort) {
    throw new BadRequestException(
      `cursor is of the list in the order ${SORT_NAMES[cursor.sort]}, not ${SORT_NAMES[sort]}: pass the same sort as the page it came from, or leave cursor out to start over.`,
    );
  }
  return cursor;
}
