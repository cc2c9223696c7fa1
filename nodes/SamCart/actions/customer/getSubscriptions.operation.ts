import { SUBSCRIPTION_LIST_FILTERS } from '../../descriptions/filters';
import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getCustomerSubscriptions = readRelatedList(
	{
		of: RECORDS.customer,
		below: '/subscriptions',
		returns: RECORDS.subscription,
		filters: SUBSCRIPTION_LIST_FILTERS,
	},
	{
		name: 'Get Subscriptions',
		action: 'Get the subscriptions of a customer',
		description: 'List the subscriptions of a customer, filtered by status, type, test mode or dates',
	},
);
