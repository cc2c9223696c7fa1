import { readRecord } from '../read';
import { RECORDS } from '../records';

export const getRefund = readRecord(RECORDS.refund, {
	name: 'Get',
	action: 'Get a refund',
	description: 'Get a refund by its ID',
});
