import { SUBSCRIPTION_LIST_FILTERS } from '../../descriptions/filters';
import { readMany } from '../read';
import { RECORDS } from '../records';
import { planExtras } from './plan';

export const getManySubscriptions = readMany(
	RECORDS.subscription,
	{
		name: 'Get Many',
		action: 'Get many subscriptions',
		description:
			'List subscriptions, oldest first, filtered by status, type, test mode and created, rebilling or canceled dates',
	},
	{ ...planExtras(true), filters: SUBSCRIPTION_LIST_FILTERS, simplifyUnlessSet: true },
);
