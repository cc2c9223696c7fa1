import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import { simplifyOrder } from '../../shared/records/order';
import type { RunCache } from '../runCache';

export const getProductOrders: SamCartOperation = {
	option: {
		name: 'Get Orders',
		value: 'getOrders',
		action: 'Get the orders of a product',
		description:
			'List the orders that include a product, oldest first, optionally within dates or by test mode',
	},
	properties: [
		recordLocator(RECORDS.product),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.product, itemIndex);
		return await listRecords.call(this, itemIndex, cache, {
			path: `/products/${id}/orders`,
			subject: `Product ${id}`,
			simplifier: simplifyOrder,
		});
	},
};
