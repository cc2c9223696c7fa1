import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { simplifyCharge } from '../../shared/records/charge';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';

export const getSubscriptionCharges: SamCartOperation = {
	option: {
		name: 'Get Charges',
		value: 'getCharges',
		action: 'Get the charges of a subscription',
		description: 'List the charges of a subscription (its first payment and every rebill)',
	},
	properties: [
		recordLocator(RECORDS.subscription),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/subscriptions/${id}/charges`,
			subject: `Subscription ${id}`,
			simplifier: simplifyCharge,
		});
	},
};
