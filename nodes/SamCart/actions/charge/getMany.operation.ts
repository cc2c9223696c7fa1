import { readMany } from '../read';
import { RECORDS } from '../records';

export const getManyCharges = readMany(
	RECORDS.charge,
	{
		name: 'Get Many',
		action: 'Get many charges',
		description: 'List charges, oldest first, with optional date and test-mode filters',
	},
	{ filters: ['created', 'testMode'] },
);
