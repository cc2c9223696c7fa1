import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { simplifyCharge } from '../../shared/records/charge';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';

export const getOrderCharges: SamCartOperation = {
	option: {
		name: 'Get Charges',
		value: 'getCharges',
		action: 'Get charges of an order',
		description: 'List the charges of an order (its first payment, add-ons and subscription rebills)',
	},
	properties: [
		recordLocator(RECORDS.order),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.order, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/orders/${id}/charges`,
			subject: `Order ${id}`,
			simplifier: simplifyCharge,
		});
	},
};
