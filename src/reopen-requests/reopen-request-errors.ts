export const REQUEST_NOT_FOUND = 'No reopen request with this id exists among the requests of your state.';

/** The index that holds "one pending request per case"; its violation is a 409, never a 500. */
export const ONE_PENDING_INDEX = { name: 'uq_reopen_requests_one_pending', sqliteColumns: 'reopen_requests.case_id' };
