import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getCustomerAddresses = readRelatedList(
	{ of: RECORDS.customer, below: '/addresses', limited: false },
	{
		name: 'Get Addresses',
		action: 'Get the addresses of a customer',
		description: 'List the billing and shipping addresses of a customer, one item per address',
	},
);
