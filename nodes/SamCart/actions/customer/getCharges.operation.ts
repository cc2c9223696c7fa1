import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { simplifyCharge } from '../charge/simplify';

export const getCustomerCharges: SamCartOperation = {
	option: {
		name: 'Get Charges',
		value: 'getCharges',
		action: 'Get the charges of a customer',
		description: 'List every charge made to a customer, orders and subscription rebills alike',
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
			path: `/customers/${id}/charges`,
			subject: `Customer ${id}`,
			simplifier: simplifyCharge,
		});
	},
};
