import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getCustomerOrders = readRelatedList(
	{ of: RECORDS.customer, below: '/orders', returns: RECORDS.order, filters: ['created', 'testMode'] },
	{
		name: 'Get Orders',
		action: 'Get the orders of a customer',
		description: 'List the orders a customer placed, optionally within dates or by test mode',
	},
);
