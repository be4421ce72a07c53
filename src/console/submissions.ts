import type { ReviewedActivity } from '../../machines';

/** What a submission waiting in the sending compact office's review is, in words: "transfer request". */
export const SUBMISSIONS: Readonly<Record<ReviewedActivity, string>> = {
  SUBMIT_TRANSFER_REQUEST: 'transfer request',
  REQUEST_REPORTING_INSTRUCTIONS: 'reporting instructions request',
};
