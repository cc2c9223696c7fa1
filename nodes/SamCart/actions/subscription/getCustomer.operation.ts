import { readRelatedRecord } from '../read';
import { RECORDS } from '../records';

export const getSubscriptionCustomer = readRelatedRecord(
	{ of: RECORDS.subscription, below: '/customer', returns: RECORDS.customer },
	{
		name: 'Get Customer',
		action: 'Get the customer of a subscription',
		description: 'Get the customer who owns a subscription',
	},
);
