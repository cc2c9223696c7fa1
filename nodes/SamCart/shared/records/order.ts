import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime, orNull } from '../simplify';

export function simplifyOrder(order: IDataObject): IDataObject {
	const currency = currencyOf(order);
	const items = Array.isArray(order.cart_items) ? (order.cart_items as IDataObject[]) : [];
	return {
		id: order.id,
		customer_id: order.customer_id,
		order_date: isoTime(order.order_date),
		currency,
		...amount('total', order.total, currency),
		...amount('discount', order.discount, currency),
		products: items.map((item) => ({
			product_id: item.product_id,
			product_name: item.product_name,
			status: item.status,
			// Each cart item carries its own currency; the order's is only a fallback.
			...amount(
				'total',
				(item.initial_price as IDataObject | undefined)?.total,
				currencyOf(item) ?? currency,
			),
		})),
		subscription_ids: items
			.map((item) => item.subscription_id)
			.filter((id) => id !== null && id !== undefined),
		...orNull(order, 'affiliate_id'),
		test_mode: order.test_mode,
	};
}
