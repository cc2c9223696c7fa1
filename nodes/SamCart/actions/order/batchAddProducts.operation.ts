import type { IExecuteFunctions } from 'n8n-workflow';

import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { parseIdList } from './idList';

export const MAX_BATCH_ORDERS = 5000;
export const MAX_BATCH_PRODUCTS = 25;

export const batchAddProductsToOrders: SamCartOperation = {
	option: {
		name: 'Batch Add Products',
		action: 'Add products to many orders',
		description:
			'Add up to 25 products to up to 5,000 orders in one background batch, charging each customer; returns a batch ID',
	},
	request: { method: 'POST', path: '/orders/batch-add-to-order' },
	properties: [
		{
			displayName: 'Order IDs',
			name: 'orderIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 500001, 500002, 500003',
			description: 'The orders to add the products to: 1 to 5,000 different order IDs, separated by commas',
		},
		{
			displayName: 'Product IDs',
			name: 'productIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 350001, 350002',
			description: 'The products to add to every order: 1 to 25 different product IDs, separated by commas',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const orderIds = parseIdList(
			this,
			this.getNodeParameter('orderIds', itemIndex, ''),
			{ label: 'Order IDs', what: 'order', max: MAX_BATCH_ORDERS },
			itemIndex,
		);
		const productIds = parseIdList(
			this,
			this.getNodeParameter('productIds', itemIndex, ''),
			{ label: 'Product IDs', what: 'product', max: MAX_BATCH_PRODUCTS },
			itemIndex,
		);
		// SamCart accepts the batch (202) and works through it in the background: Get Batch Status follows it.
		return await samCartRequest.call(this, {
			method: 'POST',
			path: '/orders/batch-add-to-order',
			body: { order_ids: orderIds, product_ids: productIds },
			itemIndex,
		});
	},
};
