import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection, SUBSCRIPTION_LIST_FILTERS } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { maybeSimplify } from '../../shared/simplify';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { addPlans, includePlanOption, sharePlanPerProductOption } from './plan';
import type { PlanOptions } from './plan';
import { simplifySubscription } from '../../shared/records/subscription';

export const getManySubscriptions: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many subscriptions',
		description:
			'List subscriptions, oldest first, filtered by status, type, test mode and created, rebilling or canceled dates',
	},
	properties: [
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(SUBSCRIPTION_LIST_FILTERS),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [includePlanOption, sharePlanPerProductOption],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const options = this.getNodeParameter('options', itemIndex, {}) as PlanOptions;
		let subscriptions = await listRecords.call(this, itemIndex, cache, { path: '/subscriptions' });
		if (options.includePlan) {
			subscriptions = await addPlans(this, itemIndex, cache, subscriptions, options.sharePlanPerProduct);
		}
		return maybeSimplify(
			subscriptions,
			this.getNodeParameter('simplify', itemIndex, true) as boolean,
			simplifySubscription,
		);
	},
};
