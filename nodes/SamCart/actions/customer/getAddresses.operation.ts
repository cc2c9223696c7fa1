import type { IExecuteFunctions } from 'n8n-workflow';

import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';

export const getCustomerAddresses: SamCartOperation = {
	option: {
		name: 'Get Addresses',
		value: 'getAddresses',
		action: 'Get the addresses of a customer',
		description: 'List the billing and shipping addresses of a customer, one item per address',
	},
	properties: [recordLocator(RECORDS.customer)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.customer, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/customers/${id}/addresses`,
			subject: `Customer ${id}`,
			limited: false,
		});
	},
};
