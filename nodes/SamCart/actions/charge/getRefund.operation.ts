import { readRelatedRecord } from '../read';
import { RECORDS } from '../records';

export const getChargeRefund = readRelatedRecord(
	{ of: RECORDS.charge, below: RECORDS.refund, returns: RECORDS.refund },
	{
		name: 'Get Refund',
		action: 'Get a refund of a charge',
		description: 'Get one refund of a charge by its ID',
	},
);
