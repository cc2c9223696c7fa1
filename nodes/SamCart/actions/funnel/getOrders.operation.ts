import { pagedOrdersOf, readRelatedList } from '../read';
import { RECORDS } from '../records';

export const getFunnelOrders = readRelatedList(pagedOrdersOf(RECORDS.funnel), {
	name: 'Get Orders',
	action: 'Get orders of a funnel',
	description: 'List the orders placed through a funnel, oldest first',
});
