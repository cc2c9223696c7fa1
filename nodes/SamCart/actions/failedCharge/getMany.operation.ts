import { readMany } from '../read';
import { RECORDS } from '../records';
import { failureCategoryExtras } from './parameters';

export const getManyFailedCharges = readMany(
	RECORDS.failedCharge,
	{
		name: 'Get Many',
		action: 'Get many failed charges',
		description: 'List failed charges, oldest first, with the reason each failed',
	},
	{ ...failureCategoryExtras, filters: ['created', 'testMode'] },
);
