import { pagedOrdersOf, readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getUpsellOrders = readRelatedList(pagedOrdersOf(RECORDS.upsell), {
	name: 'Get Orders',
	action: 'Get orders of an upsell',
	description: 'List the orders that include an upsell, oldest first',
});
