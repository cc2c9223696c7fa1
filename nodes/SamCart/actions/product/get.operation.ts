import { readRecord } from '../read';
import { RECORDS } from '../records';

export const getProduct = readRecord(RECORDS.product, {
	name: 'Get',
	action: 'Get a product',
	description: 'Get a product by its ID, with its price, pricing type, status and tags',
});
