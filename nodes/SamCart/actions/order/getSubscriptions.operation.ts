import { SUBSCRIPTION_LIST_FILTERS } from '../../descriptions/filters';
import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getOrderSubscriptions = readRelatedList(
	{
		of: RECORDS.order,
		below: '/subscriptions',
		returns: RECORDS.subscription,
		filters: SUBSCRIPTION_LIST_FILTERS,
	},
	{
		name: 'Get Subscriptions',
		action: 'Get the subscriptions of an order',
		description: 'List the subscriptions an order started',
	},
);
