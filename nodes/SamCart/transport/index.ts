export { samCartRequest, samCartRequestFull, samCartRequestList, RETRY_POLICY } from './request';
export type { SamCartContext, SamCartRequest, SamCartResponse } from './request';
export { samCartPaginate, MAX_PAGE_SIZE } from './paginate';
export type { PaginateOptions } from './paginate';
export { describeFailure, redact } from './errors';
