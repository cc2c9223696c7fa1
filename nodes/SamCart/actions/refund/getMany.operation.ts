import type { IExecuteFunctions } from 'n8n-workflow';

import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { simplifyRefund } from '../../shared/records/refund';

/**
 * GET /refunds documents no filters (samcart-api.md §3 #27: a created_at filter is unconfirmed), so none are
 * offered: a filter SamCart might ignore would silently return records the user asked to exclude.
 */
export const getManyRefunds: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many refunds',
		description: 'List refunds, oldest first',
	},
	properties: [...returnAllOrLimit, simplifyToggle(true)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRecords.call(this, itemIndex, cache, { path: '/refunds', simplifier: simplifyRefund });
	},
};
