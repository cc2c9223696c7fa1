import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifyCharge } from '../../shared/records/charge';

export const getCustomerCharges: SamCartOperation = {
	option: {
		name: 'Get Charges',
		value: 'getCharges',
		action: 'Get the charges of a customer',
		description: 'List every charge made to a customer, orders and subscription rebills alike',
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
			path: `/customers/${id}/charges`,
			subject: `Customer ${id}`,
			simplifier: simplifyCharge,
		});
	},
};
