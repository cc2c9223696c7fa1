import { readRecord } from '../read';
import { RECORDS } from '../records';
import { planExtras } from './plan';

export const getSubscription = readRecord(
	RECORDS.subscription,
	{
		name: 'Get',
		action: 'Get a subscription',
		description: 'Get a subscription by its ID, optionally with its billing plan',
	},
	planExtras(false),
);
