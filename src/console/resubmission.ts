import type { Request } from 'express';
import { fieldLabelOf } from '../engine/activity';
import { consolePath } from './safe-path';

/** The longest resubmission the sign-in page carries (its JSON): a step's form is far shorter. */
export const RESUBMIT_MAX = 10_000;

/** A console form posted after its session ended: where it went and what it said. */
export interface Resubmission {
  action: string;
  fields: Record<string, string>;
}

/** Never carried through the sign-in: the old session's CSRF token, and anything that is a password. */
const kept = (name: string) => name !== '_csrf' && !/password/i.test(name);

const isConsoleAction = (action: unknown): action is string => typeof action === 'string' && consolePath(action, '') === action;

/** The form a POST carried, as a resubmission; null when it went outside the console or is too long to carry. */
export function resubmissionOf(req: Request): Resubmission | null {
  const action = req.originalUrl;
  if (!isConsoleAction(action)) return null;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (kept(name) && typeof value === 'string') fields[name] = value;
  const pending = { action, fields };
  return JSON.stringify(pending).length <= RESUBMIT_MAX ? pending : null;
}

/** A resubmission back from the sign-in page, checked again: it came through the browser. */
export function parseResubmission(json: string | undefined): Resubmission | null {
  if (!json) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { action, fields } = parsed as { action?: unknown; fields?: unknown };
  if (!isConsoleAction(action) || typeof fields !== 'object' || fields === null || Array.isArray(fields)) return null;
  const entries = Object.entries(fields as Record<string, unknown>);
  if (!entries.every(([name, value]) => kept(name) && typeof value === 'string')) return null;
  return { action, fields: Object.fromEntries(entries) as Record<string, string> };
}

/** A resubmission's fields as the "Send again?" page lists them. */
export function resubmissionLines(pending: Resubmission): Array<{ name: string; label: string; value: string }> {
  const label = (name: string) => (name === 'type' ? 'Step' : name === 'expectedVersion' ? 'Version of the case it was sent on' : fieldLabelOf(name));
  return Object.entries(pending.fields).map(([name, value]) => ({ name, label: label(name), value }));
}

/** Where a case's or an activity's form sits: its page; any other console form, its list, else the case list. */
const FORM_PAGES = [/^\/console\/(cases|activities)\/[^/?]+/, /^\/console\/(cases|users|audit)(?=[/?]|$)/];

/**
 * The page a form was on: the Referer, if it is a page of this console, else the `back` the form
 * names, else the page the form's action belongs to.
 */
export function pageOfForm(req: Request, action: string): string {
  const referer = req.headers.referer;
  if (referer) {
    try {
      const url = new URL(referer);
      const page = url.pathname + url.search;
      if (url.host === req.headers.host && consolePath(page, '') === page) return page;
    } catch {
      // Not a URL: the other ways below.
    }
  }
  const back = (req.body as Record<string, unknown> | undefined)?.back;
  if (typeof back === 'string' && consolePath(back, '') === back) return back;
  for (const page of FORM_PAGES) {
    const found = page.exec(action)?.[0];
    if (found) return found;
  }
  return consolePath(undefined);
}
