/**
 * The case list's search box. What a person types is cut at white space into pieces, and a case
 * matches when every piece does, as the start of a phrase of the offender's name's words (a piece of
 * several words, "o'brien", as that phrase, its last word a start) or as the start of the case number
 * or the offender number. Case and accents never matter. Nothing typed is query syntax: quotes, *, -,
 * :, NEAR, AND or OR are words or separators like any other.
 *
 * Each case keeps its name's and numbers' words, folded here (searchWordsOf), in columns of its own
 * (searchColumnsOf). A walk of the list in its order tests them row by row (searchProbeSql); SQLite's
 * full-text index is built from them (migration CaseSearchWords), so both read the same words.
 * PostgreSQL's document folds the name by a table of its own (migration CaseSearch), and the
 * repository tests its matches against the stored words too.
 */

/** How a case number or an offender number may be written apart: the index keeps each number as one word without them. */
const NUMBER_SEPARATORS = /[-./_]/g;

/** Between a case's two numbers in its stored numbers: not a word, so that no phrase runs from one number into the other. */
const BETWEEN_NUMBERS = ' | ';

/** A text's words as the search compares them: no accents, lower case, split at anything but a letter or a digit, one space apart. */
function searchWordsOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

/** A number's words: the number without its separators, folded as a name is. */
const numberWordsOf = (text: string): string => searchWordsOf(text.replace(NUMBER_SEPARATORS, ''));

/**
 * What a case keeps for the search (its search_name and search_numbers columns), from its name and
 * numbers: each word after a space, so that a piece found after a space starts a word.
 */
export function searchColumnsOf(c: { offenderName: string; caseNumber: string; offenderId: string | null }): { searchName: string; searchNumbers: string } {
  const numbers = [c.caseNumber, c.offenderId].filter((n): n is string => n !== null).map(numberWordsOf);
  return { searchName: ` ${searchWordsOf(c.offenderName)}`, searchNumbers: ` ${numbers.join(BETWEEN_NUMBERS)}` };
}

/** One piece of a search: its words as a phrase of the name, and as the start of a number. */
interface SearchPiece {
  name: string;
  number: string;
}

/** The pieces of `q` that hold a letter or a digit: the others could match nothing. */
function piecesOf(q: string): SearchPiece[] {
  return q
    .split(/\s+/)
    .map((piece) => ({ name: searchWordsOf(piece), number: numberWordsOf(piece) }))
    .filter((piece) => piece.name !== '');
}

/** Whether `q` holds a word to search for: without one, no case matches (on PostgreSQL, case_search_query gives null). */
export function hasSearchWords(q: string): boolean {
  return piecesOf(q).length > 0;
}

/** An FTS5 string: double quotes make whatever is inside words, to its tokenizer, never operators. */
const fts5String = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/**
 * The FTS5 MATCH expression of `q` over the case_search table, or null when `q` holds no word (then
 * no case matches). Each piece is a prefix phrase, `"words"*`, in the name or in the numbers.
 */
export function sqliteCaseMatch(q: string): string | null {
  const pieces = piecesOf(q);
  if (!pieces.length) return null;
  return pieces.map((piece) => `(name : ${fts5String(piece.name)}* OR numbers : ${fts5String(piece.number)}*)`).join(' AND ');
}

/**
 * The same test as SQL over one row of cases aliased `alias`, on either engine, with its parameters:
 * each piece's words after a space, found in the stored words (a word's start there: they hold
 * letters, digits and single spaces only, and so do the pieces). `find` is the engine's function of
 * (text, what) that gives where in text what is, 0 if nowhere: instr on SQLite, strpos on PostgreSQL.
 */
export function searchProbeSql(q: string, alias: string, find: 'instr' | 'strpos'): { sql: string; parameters: Record<string, string> } {
  const parameters: Record<string, string> = {};
  const tests = piecesOf(q).map((piece, i) => {
    parameters[`searchName${i}`] = ` ${piece.name}`;
    parameters[`searchNumber${i}`] = ` ${piece.number}`;
    return `(${find}(${alias}.search_name, :searchName${i}) > 0 OR ${find}(${alias}.search_numbers, :searchNumber${i}) > 0)`;
  });
  return { sql: tests.length ? tests.join(' AND ') : '1 = 0', parameters };
}

/** What a case's number or offender number must equal, whole, to come before the other matches. */
export function exactNumberOf(q: string): string {
  return q.trim().toLowerCase();
}
