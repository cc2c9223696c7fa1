import { readRecord } from '../read';
import { RECORDS } from '../records';

export const getOrder = readRecord(RECORDS.order, {
	name: 'Get',
	value: 'get',
	action: 'Get an order',
	description: 'Get an order by its ID',
});
