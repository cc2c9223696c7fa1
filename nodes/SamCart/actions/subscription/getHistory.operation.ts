import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';

export const getSubscriptionHistory: SamCartOperation = {
	option: {
		name: 'Get History',
		value: 'getHistory',
		action: 'Get the history of a subscription',
		description: 'List the status changes of a subscription, with when and where each happened',
	},
	properties: [recordLocator(RECORDS.subscription), ...returnAllOrLimit, filtersCollection(['created'])],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/subscriptions/${id}/history`,
			subject: `Subscription ${id}`,
		});
	},
};
