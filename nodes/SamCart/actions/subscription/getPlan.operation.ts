import { PLAN, RECORDS } from '../records';
import { readRelatedRecord } from '../read';

export const getSubscriptionPlan = readRelatedRecord(
	{
		of: RECORDS.subscription,
		below: '/plan',
		returns: PLAN,
		subject: (id) => `Subscription ${id} or its plan`,
	},
	{
		name: 'Get Plan',
		action: 'Get the plan of a subscription',
		description: 'Get the billing plan of a subscription: frequency, price, duration, trial and Stripe plan',
	},
);
