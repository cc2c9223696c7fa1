import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { includePlanOption, readPlan, withPlan } from './plan';
import { simplifySubscription } from '../../shared/records/subscription';

/** Reads a subscription once per execution, however many items ask for it. */
export async function readSubscription(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	id: number,
): Promise<IDataObject> {
	return await cache.read<IDataObject>(`GET /subscriptions/${id}`, async () =>
		samCartRequest.call(context, {
			method: 'GET',
			path: `/subscriptions/${id}`,
			itemIndex,
			subject: `Subscription ${id}`,
		}),
	);
}

export const getSubscription: SamCartOperation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a subscription',
		description: 'Get a subscription by its ID, optionally with its billing plan',
	},
	properties: [
		recordLocator(RECORDS.subscription),
		simplifyToggle(false),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [includePlanOption],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { includePlan?: boolean };
		let subscription = await readSubscription(this, itemIndex, cache, id);
		if (options.includePlan) {
			subscription = withPlan(subscription, await readPlan(this, itemIndex, cache, subscription));
		}
		return maybeSimplify<IDataObject>(
			subscription,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifySubscription,
		);
	},
};
