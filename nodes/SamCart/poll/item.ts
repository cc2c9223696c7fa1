/**
 * A polled record → the items the webhook trigger would give for it: `event`, `eventLabel`, a stable `eventId`,
 * `testMode`, and the same `summary` (trigger/delivery.ts: the record's IDs, the product as `item`, amounts in
 * integer cents as SamCart's API sends them). The record itself is under `record`, as SamCart sent it.
 *
 * An order gives one item per product in it, as SamCart's webhook sends one Product Purchased per product (primary,
 * bump, upsell): a workflow that adds up `summary.amount_cents` counts the same money from either trigger.
 */
import type { IDataObject } from 'n8n-workflow';

import { customerName } from '../shared/records/customer';
import { currencyOf } from '../shared/simplify';
import { samCartTimeToIso } from '../shared/time';
import { cancellationOf } from '../trigger/delivery';
import type { DeliveredItem, EventSummary } from '../trigger/delivery';
import type { PollEvent } from './events';
import { recordIdOf } from './pages';

type Id = number | string | null;

const object = (value: unknown): IDataObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
const idOf = (value: unknown): Id =>
	(typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && value !== '')
		? value
		: null;
const textOf = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() ? value.trim() : null;
/** SamCart's API speaks integer cents; anything else is not a whole number of cents and is left null. */
const centsOf = (value: unknown): number | null =>
	typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
const timeOf = (value: unknown): string | null => {
	const text = textOf(value);
	return text ? (samCartTimeToIso(text) as string) : null;
};
const upper = (value: unknown): string | null => textOf(value)?.toUpperCase() ?? null;

const NO_ITEM: DeliveredItem = {
	product_id: null,
	name: null,
	price_cents: null,
	currency: null,
	role: 'unknown',
	cart_item_id: null,
};

function summary(fields: Partial<EventSummary>): EventSummary {
	return {
		customer_email: null,
		customer_name: null,
		customer_id: null,
		product_id: null,
		product_name: null,
		order_id: null,
		subscription_id: null,
		charge_id: null,
		item: NO_ITEM,
		amount_cents: null,
		currency: null,
		amount_source: null,
		order_total_cents: null,
		cancellation: null,
		created_at: null,
		...fields,
	};
}

/** With the amount, the field it came from (as the webhook trigger says it); none when there is no amount. */
function amount(cents: number | null, source: string): Pick<EventSummary, 'amount_cents' | 'amount_source'> {
	return { amount_cents: cents, amount_source: cents === null ? null : source };
}

/** One summary per product of the order (one for an order without cart items, so no order is dropped). */
function orderSummaries(order: IDataObject, products: string[]): EventSummary[] {
	const items = Array.isArray(order.cart_items) ? order.cart_items.map(object) : [];
	const base = {
		customer_id: idOf(order.customer_id),
		order_id: idOf(order.id),
		order_total_cents: centsOf(order.total),
		created_at: timeOf(order.order_date) ?? timeOf(order.created_at),
	};
	if (!items.length) {
		if (products.length) return [];
		const currency = currencyOf(order);
		return [summary({ ...base, currency, ...amount(centsOf(order.total), 'total') })];
	}
	const wanted = products.length ? items.filter((item) => products.includes(String(item.product_id))) : items;
	return wanted.map((item) => {
		const currency = upper(item.currency) ?? currencyOf(order);
		const cents = centsOf(object(item.initial_price).total);
		const product = { product_id: idOf(item.product_id), product_name: textOf(item.product_name) };
		return summary({
			...base,
			...product,
			subscription_id: idOf(item.subscription_id),
			charge_id: idOf(item.charge_id),
			item: {
				...NO_ITEM,
				product_id: product.product_id,
				name: product.product_name,
				price_cents: cents,
				currency,
				cart_item_id: idOf(item.id),
			},
			currency,
			...amount(cents, 'cart_items[].initial_price.total'),
		});
	});
}

function subscriptionSummary(subscription: IDataObject, event: PollEvent): EventSummary {
	// Subscriptions carry no currency (samcart-api.md §9): the amount is in cents of an unknown currency.
	const cents = centsOf(object(subscription.recurring_price).total);
	const product = {
		product_id: idOf(subscription.product_id),
		product_name: textOf(subscription.product_name),
	};
	return summary({
		...product,
		customer_id: idOf(subscription.customer_id),
		order_id: idOf(subscription.order_id),
		subscription_id: idOf(subscription.id),
		item: { ...NO_ITEM, product_id: product.product_id, name: product.product_name, price_cents: cents },
		...amount(cents, 'recurring_price.total'),
		cancellation: event.watch === 'canceled' ? cancellationOf(subscription.status) : null,
		created_at: timeOf(subscription.created_at),
	});
}

/** Charges, failed charges and refunds: an amount in the record's currency, and the IDs it names. */
function paymentSummary(record: IDataObject, event: PollEvent): EventSummary {
	const refund = event.record === 'refund';
	const cents = centsOf(refund ? record.refund_amount : record.total);
	return summary({
		customer_id: idOf(record.customer_id),
		order_id: idOf(record.order_id),
		// A failed charge is no charge: its own ID is in `record.id`, not here.
		charge_id: idOf(refund ? record.charge_id : event.record === 'charge' ? record.id : null),
		item: { ...NO_ITEM, cart_item_id: idOf(record.cart_item_id) },
		currency: upper(record.currency),
		...amount(cents, refund ? 'refund_amount' : 'total'),
		created_at: timeOf(record.created_at),
	});
}

function customerSummary(customer: IDataObject): EventSummary {
	return summary({
		customer_id: idOf(customer.id),
		customer_email: textOf(customer.email),
		customer_name: customerName(customer) || null,
		created_at: timeOf(customer.created_at),
	});
}

function summariesOf(record: IDataObject, event: PollEvent, products: string[]): EventSummary[] {
	switch (event.record) {
		case 'order':
			return orderSummaries(record, products);
		case 'subscription':
			return [subscriptionSummary(record, event)];
		case 'customer':
			return [customerSummary(record)];
		default:
			return [paymentSummary(record, event)];
	}
}

/**
 * The same for every poll of the same record: the event, the record, and for an order its cart item; for a
 * cancellation also the status (a subscription may turn delinquent, then canceled: two events).
 */
export function pollEventId(event: PollEvent, record: IDataObject, summary: EventSummary): string {
	const parts = ['samcart', event.key, event.record, String(recordIdOf(record) ?? record.id)];
	if (event.record === 'order' && summary.item.cart_item_id !== null)
		parts.push('item', String(summary.item.cart_item_id));
	if (event.watch === 'canceled') parts.push(String(record.status ?? ''));
	return parts.join(':');
}

/** The output items for one record (several for an order with several products; none if Products excludes all). */
export function itemsOf(
	event: PollEvent,
	record: IDataObject,
	products: string[],
	polledAt: string,
): IDataObject[] {
	return summariesOf(record, event, products).map((summary) => ({
		event: event.key,
		eventLabel: event.label,
		eventId: pollEventId(event, record, summary),
		source: 'poll',
		polledAt,
		testMode: record.test_mode === true,
		summary: summary as unknown as IDataObject,
		record,
	}));
}
