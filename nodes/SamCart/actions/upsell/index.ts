import type { SamCartResource } from '../operation';
import { getUpsellOrders } from './getOrders.operation';

export const upsellResource: SamCartResource = {
	name: 'Upsell',
	value: 'upsell',
	description: 'One-click upsells of a funnel and the orders that took them',
	defaultOperation: 'getOrders',
	operations: { getOrders: getUpsellOrders },
};
