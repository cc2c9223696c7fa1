export { samCartRequest, samCartRequestFull, samCartRequestList, RETRY_POLICY } from './request';
export type { RetryPolicy, SamCartContext, SamCartRequest, SamCartResponse } from './request';
export { ABOVE_EVERY_ID, cursorOf, samCartPage, samCartPaginate, MAX_PAGE_SIZE } from './paginate';
export type { Cursor, Page, PageRequest, PaginateOptions } from './paginate';
export { httpStatusOf, isConflict, isNotFound, recordsOf } from './status';
export { describeFailure, redact, samCartErrorText } from './errors';
