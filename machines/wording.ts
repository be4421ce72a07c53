/** "a", "a or b", "a, b or c": lists in messages read as a person would say them. */
export function inWords(items: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A reason counts only if a person wrote something: whitespace alone says nothing. */
export function isGivenReason(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** "a warrant", "an action request": the article a person would put before the noun. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** The text with its first letter a capital, to begin a sentence or a label. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
