/**
 * The member jurisdictions of the Interstate Compact for Adult Offender Supervision:
 * the 50 states, the District of Columbia, Puerto Rico and the U.S. Virgin Islands.
 */
export const STATE_CODES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'DC',
  'PR',
  'VI',
] as const;

export type StateCode = (typeof STATE_CODES)[number];

const known: ReadonlySet<string> = new Set(STATE_CODES);

export function isStateCode(value: unknown): value is StateCode {
  return typeof value === 'string' && known.has(value);
}

/**
 * Where the Commission's national roles belong: no member state, the whole compact. Not a member
 * state's code, so no case, request or state administrator ever has it.
 */
export const NATIONAL = 'US' as const;

/** A member state, or the national office. */
export type Jurisdiction = StateCode | typeof NATIONAL;
