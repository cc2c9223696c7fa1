import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { simplifyOrder } from '../order/simplify';
import type { RunCache } from '../runCache';

export const getCustomerOrders: SamCartOperation = {
	option: {
		name: 'Get Orders',
		value: 'getOrders',
		action: 'Get the orders of a customer',
		description: 'List the orders a customer placed, optionally within dates or by test mode',
	},
	properties: [
		recordLocator('customer'),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, 'customer', itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/customers/${id}/orders`,
			subject: `Customer ${id}`,
			simplifier: simplifyOrder,
		});
	},
};
