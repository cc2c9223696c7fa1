import { readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getChargeRefunds = readRelatedList(
	{ of: RECORDS.charge, below: '/refunds', returns: RECORDS.refund },
	{
		name: 'Get Refunds',
		action: 'Get refunds of a charge',
		description: 'List the refunds made on a charge',
	},
);
