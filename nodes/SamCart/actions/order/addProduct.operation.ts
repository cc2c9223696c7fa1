import type { IExecuteFunctions } from 'n8n-workflow';

import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';

export const addProductToOrder: SamCartOperation = {
	option: {
		name: 'Add Product',
		action: 'Add a product to an order',
		description: "Add a product to an existing order and charge the customer's payment method on file for it",
	},
	request: { method: 'POST', path: '/orders/{orderId}/add-to-order' },
	properties: [
		recordLocator(RECORDS.order),
		recordLocator(RECORDS.product, { description: 'The product to add; the customer is charged its price' }),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const orderId = getLocatedId(this, RECORDS.order, itemIndex);
		const productId = getLocatedId(this, RECORDS.product, itemIndex);
		// A charge: the transport never sends it twice, even when the first attempt's answer is lost.
		return await samCartRequest.call(this, {
			method: 'POST',
			path: `/orders/${orderId}/add-to-order`,
			body: { product_id: productId },
			itemIndex,
			subject: `Order ${orderId}`,
			conflict: `SamCart could not charge product ${productId} on order ${orderId}`,
			conflictHint:
				'Check that the product is not archived and is in the same mode (live or test) as the order, and that the customer has a working card on file (PayPal orders have none).',
		});
	},
};
