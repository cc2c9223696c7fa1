import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { simplifyCharge } from '../charge/simplify';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';

export const getSubscriptionCharges: SamCartOperation = {
	option: {
		name: 'Get Charges',
		value: 'getCharges',
		action: 'Get the charges of a subscription',
		description: 'List the charges of a subscription (its first payment and every rebill)',
	},
	properties: [
		recordLocator('subscription'),
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, 'subscription', itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/subscriptions/${id}/charges`,
			subject: `Subscription ${id}`,
			simplifier: simplifyCharge,
		});
	},
};
