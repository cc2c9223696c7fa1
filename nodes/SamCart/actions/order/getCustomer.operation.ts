import { readRelatedRecord } from '../read';
import { RECORDS } from '../records';

export const getOrderCustomer = readRelatedRecord(
	{ of: RECORDS.order, below: '/customer', returns: RECORDS.customer },
	{
		name: 'Get Customer',
		action: 'Get the customer of an order',
		description: 'Get the customer who placed an order',
	},
);
