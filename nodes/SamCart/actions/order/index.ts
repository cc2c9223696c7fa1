import type { SamCartResource } from '../operation';
import { getOrder } from './get.operation';
import { getManyOrders } from './getMany.operation';

export const orderResource: SamCartResource = {
	name: 'Order',
	value: 'order',
	description: 'Orders placed through SamCart checkouts',
	defaultOperation: 'get',
	operations: { get: getOrder, getMany: getManyOrders },
};
