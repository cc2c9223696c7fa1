import type { IExecuteFunctions } from 'n8n-workflow';

import type { SamCartOperation } from '../operation';
import { listRelatedOrders, relatedOrdersProperties } from '../order/relatedOrders';
import type { RelatedOrdersOf } from '../order/relatedOrders';
import type { RunCache } from '../runCache';

const UPSELL: RelatedOrdersOf = {
	label: 'Upsell',
	parameter: 'upsellId',
	path: 'upsells',
	placeholder: '7001',
};

export const getUpsellOrders: SamCartOperation = {
	option: {
		name: 'Get Orders',
		value: 'getOrders',
		action: 'Get orders of an upsell',
		description: 'List the orders that include an upsell, oldest first',
	},
	properties: relatedOrdersProperties(UPSELL),
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRelatedOrders.call(this, itemIndex, cache, UPSELL);
	},
};
