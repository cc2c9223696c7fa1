import { readRecord } from '../read';
import { RECORDS } from '../records';
import { failureCategoryExtras } from './parameters';

export const getFailedCharge = readRecord(
	RECORDS.failedCharge,
	{
		name: 'Get',
		action: 'Get a failed charge',
		description: 'Get a failed charge by its ID, with the reason it failed',
	},
	failureCategoryExtras,
);
