import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getOrderCharges = readRelatedList(
	{ of: RECORDS.order, below: '/charges', returns: RECORDS.charge, filters: ['created', 'testMode'] },
	{
		name: 'Get Charges',
		action: 'Get charges of an order',
		description: 'List the charges of an order (its first payment, add-ons and subscription rebills)',
	},
);
