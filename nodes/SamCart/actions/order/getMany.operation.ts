import { readMany } from '../read';
import { RECORDS } from '../records';

export const getManyOrders = readMany(
	RECORDS.order,
	{
		name: 'Get Many',
		action: 'Get many orders',
		description: 'List orders, oldest first, with optional date and test-mode filters',
	},
	{ filters: ['created', 'testMode'] },
);
