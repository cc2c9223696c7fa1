import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getSubscriptionCharges = readRelatedList(
	{ of: RECORDS.subscription, below: '/charges', returns: RECORDS.charge, filters: ['created', 'testMode'] },
	{
		name: 'Get Charges',
		action: 'Get the charges of a subscription',
		description: 'List the charges of a subscription (its first payment and every rebill)',
	},
);
