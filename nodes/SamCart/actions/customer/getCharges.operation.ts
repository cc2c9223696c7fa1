import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getCustomerCharges = readRelatedList(
	{ of: RECORDS.customer, below: '/charges', returns: RECORDS.charge, filters: ['created', 'testMode'] },
	{
		name: 'Get Charges',
		action: 'Get the charges of a customer',
		description: 'List every charge made to a customer, orders and subscription rebills alike',
	},
);
