/**
 * The case list's search box, on each engine's own full-text index of the cases (the CaseSearch
 * migrations keep it in step with the cases by triggers): what a person types is cut at white space
 * into pieces, and a case matches when every piece does, as the start of a word of the offender's
 * name (a piece of several words, "o'brien", as that phrase) or as the start of the case number or
 * the offender number. Case and accents never matter. Nothing typed is query syntax: quotes, *, -,
 * :, NEAR, AND or OR are words or separators like any other.
 */

/** How a case number or an offender number may be written apart: the index keeps each number as one word without them. */
const NUMBER_SEPARATORS = /[-./_]/g;

/** The pieces of `q` that hold a letter or a digit: the others could match nothing. */
function piecesOf(q: string): string[] {
  return q.split(/\s+/).filter((piece) => /[\p{L}\p{N}]/u.test(piece));
}

/** An FTS5 string: double quotes make whatever is inside words, to its tokenizer, never operators. */
const fts5String = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/**
 * The FTS5 MATCH expression of `q` over the case_search table, or null when `q` holds no word (then
 * no case matches). Each piece is a prefix phrase, `"piece"*`, in the name or in the numbers.
 */
export function sqliteCaseMatch(q: string): string | null {
  const pieces = piecesOf(q);
  if (!pieces.length) return null;
  return pieces.map((piece) => `(name : ${fts5String(piece)}* OR numbers : ${fts5String(piece.replace(NUMBER_SEPARATORS, ''))}*)`).join(' AND ');
}

/** Whether `q` holds a word to search for: without one, no case matches (on PostgreSQL, case_search_query gives null). */
export function hasSearchWords(q: string): boolean {
  return piecesOf(q).length > 0;
}

/** What a case's number or offender number must equal, whole, to come before the other matches. */
export function exactNumberOf(q: string): string {
  return q.trim().toLowerCase();
}
