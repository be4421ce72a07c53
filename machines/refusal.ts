/**
 * Why the rules refuse an attempt; the service maps these to answers:
 * forbidden -> 403, invalid (not possible in the current status) -> 409, bad_request -> 400.
 */
export type RefusalKind = 'forbidden' | 'invalid' | 'bad_request';

export interface Refusal {
  refusal: RefusalKind;
  message: string;
}
