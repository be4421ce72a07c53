/**
 * A UTF-16 unit without its pair: sent as JSON, or left by a length bound cutting a pair in two.
 * The database stores UTF-8, which has no such unit, so what is stored would differ from what was
 * checked, hashed or answered; it becomes U+FFFD first.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function withoutLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** Text with no control character (C0, DEL, C1: NUL, tab, line breaks, escape…), none of which belongs in a name. */
export const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
