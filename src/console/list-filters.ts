/**
 * The filters of a console list, read from its address: a value the list does not know (a bookmark's
 * old status) is left out, and noted in `ignored` for the page to say so, rather than refused.
 */
export class ListFilters {
  readonly ignored: string[] = [];

  known<T extends string>(name: string, value: unknown, is: (v: unknown) => v is T, expected: string): T | undefined {
    if (value === undefined || value === '') return undefined;
    if (is(value)) return value;
    this.ignored.push(`${name} “${typeof value === 'string' ? value : String(value)}” (${expected})`);
    return undefined;
  }

  /** The page position, if `check` takes it (it throws for a cursor of another order or none at all); else the first page, noted. */
  cursor(value: unknown, check: (cursor: string) => unknown): string | undefined {
    if (typeof value !== 'string' || !value) return undefined;
    try {
      check(value);
      return value;
    } catch {
      this.ignored.push('the page position (cursor), of another order or not one at all: this is the first page');
      return undefined;
    }
  }
}

export const isSide = (v: unknown): v is 'sending' | 'receiving' => v === 'sending' || v === 'receiving';

/** The address of a list's page with these filters, leaving out those not set. */
export function listHref(path: string, filters: Readonly<Record<string, string | undefined>>): string {
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return query ? `${path}?${query}` : path;
}
