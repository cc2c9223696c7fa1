import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifyPlan } from '../../shared/records/subscription';

export const getSubscriptionPlan: SamCartOperation = {
	option: {
		name: 'Get Plan',
		value: 'getPlan',
		action: 'Get the plan of a subscription',
		description: 'Get the billing plan of a subscription: frequency, price, duration, trial and Stripe plan',
	},
	properties: [recordLocator(RECORDS.subscription), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		const plan = await cache.read<IDataObject>(`GET /subscriptions/${id}/plan`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path: `/subscriptions/${id}/plan`,
				itemIndex,
				subject: `Subscription ${id} or its plan`,
			}),
		);
		return maybeSimplify<IDataObject>(
			plan,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyPlan,
		);
	},
};
