import { readMany } from '../read';
import { RECORDS } from '../records';

/**
 * GET /refunds documents no filters (samcart-api.md §3 #27: a created_at filter is unconfirmed), so none are
 * offered: a filter SamCart might ignore would silently return records the user asked to exclude.
 */
export const getManyRefunds = readMany(RECORDS.refund, {
	name: 'Get Many',
	action: 'Get many refunds',
	description: 'List refunds, oldest first',
});
