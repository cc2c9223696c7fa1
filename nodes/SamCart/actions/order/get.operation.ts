import { readRecord } from '../read';
import { RECORDS } from '../records';

export const getOrder = readRecord(RECORDS.order, {
	name: 'Get',
	action: 'Get an order',
	description: 'Get an order by its ID',
});
