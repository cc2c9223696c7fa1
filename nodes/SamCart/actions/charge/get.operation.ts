import { readRecord } from '../read';
import { RECORDS } from '../records';

export const getCharge = readRecord(RECORDS.charge, {
	name: 'Get',
	action: 'Get a charge',
	description: 'Get a charge by its ID',
});
