import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getSubscriptionHistory = readRelatedList(
	{ of: RECORDS.subscription, below: '/history', filters: ['created'] },
	{
		name: 'Get History',
		action: 'Get the history of a subscription',
		description: 'List the status changes of a subscription, with when and where each happened',
	},
);
