import { pagedOrdersOf, readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getProductOrders = readRelatedList(pagedOrdersOf(RECORDS.product), {
	name: 'Get Orders',
	action: 'Get the orders of a product',
	description:
		'List the orders that include a product, oldest first, optionally within dates or by test mode',
});
