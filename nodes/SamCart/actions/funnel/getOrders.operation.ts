import type { IExecuteFunctions } from 'n8n-workflow';

import type { SamCartOperation } from '../operation';
import { listRelatedOrders, relatedOrdersProperties } from '../order/relatedOrders';
import type { RelatedOrdersOf } from '../order/relatedOrders';
import type { RunCache } from '../runCache';

const FUNNEL: RelatedOrdersOf = {
	label: 'Funnel',
	parameter: 'funnelId',
	path: 'funnels',
	placeholder: '3001',
};

export const getFunnelOrders: SamCartOperation = {
	option: {
		name: 'Get Orders',
		value: 'getOrders',
		action: 'Get orders of a funnel',
		description: 'List the orders placed through a funnel, oldest first',
	},
	properties: relatedOrdersProperties(FUNNEL),
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRelatedOrders.call(this, itemIndex, cache, FUNNEL);
	},
};
