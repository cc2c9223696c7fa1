import type { SamCartResource } from '../operation';
import { getFunnelOrders } from './getOrders.operation';

export const funnelResource: SamCartResource = {
	name: 'Funnel',
	value: 'funnel',
	description: 'Sales funnels and the orders placed through them',
	defaultOperation: 'getOrders',
	operations: { getOrders: getFunnelOrders },
};
