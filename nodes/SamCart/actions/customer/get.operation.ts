import { readRecord } from '../read';
import { RECORDS } from '../records';

export const getCustomer = readRecord(RECORDS.customer, {
	name: 'Get',
	action: 'Get a customer',
	description: 'Get a customer by their ID, with tags, lifetime value and addresses',
});
