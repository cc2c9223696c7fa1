/**
 * New records in a running simulator, as a buyer's checkout makes them: an order (the next order ID) of one product
 * for an existing customer, with its charge and cart item. Tests use it to make orders appear while n8n is stopped
 * (the poll trigger's catch-up, issue 15); refunds come from the REST API's own write (refundCharge).
 */
import { ID_BASE, type Dataset } from './dataset';
import { formatTimestamp } from './time';
import type { Order } from './types';
import { chargeProductOnOrder } from './writes';

export interface CheckoutOptions {
	/** When the order is placed (epoch ms); default: now. */
	nowMs?: number;
	/** Default: a customer picked by the order count. */
	customerId?: number;
	/** Default: the first live one-time product. */
	productId?: number;
	testMode?: boolean;
}

export function placeOrder(ds: Dataset, options: CheckoutOptions = {}): Order {
	const nowMs = options.nowMs ?? Date.now();
	const customer = options.customerId
		? ds.customer(options.customerId)
		: ds.customers[ds.orders.length % ds.customers.length];
	const product = options.productId
		? ds.product(options.productId)
		: ds.products.find((p) => p.status === 'live' && ds.productPricing.get(p.id) === 'one_time');
	if (!customer || !product) throw new Error('placeOrder: no such customer or product in the dataset');
	const order: Order = {
		id: ds.nextId(ds.orders, ID_BASE.order),
		customer_id: customer.id,
		affiliate_id: null,
		test_mode: options.testMode ?? false,
		order_date: formatTimestamp(nowMs),
		cart_items: [],
		subtotal: 0,
		discount: 0,
		taxes: 0,
		shipping: 0,
		total: 0,
		card_used: '4242',
		processor_name: 'Stripe',
		custom_fields: {},
	};
	ds.orders.push(order);
	ds.orderMeta.set(order.id, {
		ip_address: '203.0.113.9',
		funnel_id: null,
		upsell_id: null,
		affiliate_token: null,
		coupon_code: null,
		item_roles: {},
	});
	ds.touch();
	const { cart_item_id } = chargeProductOnOrder(ds, order, product.id, nowMs);
	ds.orderMeta.get(order.id)!.item_roles[cart_item_id] = 'primary';
	return order;
}
