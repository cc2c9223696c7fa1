import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection, SUBSCRIPTION_LIST_FILTERS } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifySubscription } from '../../shared/records/subscription';

export const getOrderSubscriptions: SamCartOperation = {
	option: {
		name: 'Get Subscriptions',
		value: 'getSubscriptions',
		action: 'Get the subscriptions of an order',
		description: 'List the subscriptions an order started',
	},
	properties: [
		recordLocator(RECORDS.order),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(SUBSCRIPTION_LIST_FILTERS),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.order, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/orders/${id}/subscriptions`,
			subject: `Order ${id}`,
			simplifier: simplifySubscription,
		});
	},
};
