import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import { simplifyOrder } from '../../shared/records/order';
import type { RunCache } from '../runCache';

export const getCustomerOrders: SamCartOperation = {
	option: {
		name: 'Get Orders',
		value: 'getOrders',
		action: 'Get the orders of a customer',
		description: 'List the orders a customer placed, optionally within dates or by test mode',
	},
	properties: [
		recordLocator(RECORDS.customer),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.customer, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/customers/${id}/orders`,
			subject: `Customer ${id}`,
			simplifier: simplifyOrder,
		});
	},
};
