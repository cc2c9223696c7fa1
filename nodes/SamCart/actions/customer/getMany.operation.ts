import { readMany } from '../read';
import { RECORDS } from '../records';

export const getManyCustomers = readMany(
	RECORDS.customer,
	{
		name: 'Get Many',
		action: 'Get many customers',
		description:
			'List customers, oldest first, optionally only those with given emails or created in a window',
	},
	{ filters: ['created', 'email'] },
);
