/**
 * One SamCart delivery, read once: which event it is, its ID, test mode, the products it names and the summary a
 * workflow needs (customer, IDs, the delivered product as `item`, amounts in integer cents). Pure: nothing here
 * talks to SamCart or to n8n.
 *
 * SamCart sends one Product Purchased per product (primary, bump, upsell: samcart-api.md §6.2), so an order event's
 * amount is its item's price; the order's total is `order_total_cents`. It sends Subscription Canceled also when a
 * subscription turns delinquent; `cancellation` tells the two apart where the subscription's status says.
 */
import type { IDataObject } from 'n8n-workflow';

import { amountToCents, fractionDigitsOf } from '../shared/money';
import { samCartTimeToIso } from '../shared/time';
import { isPlainObject } from './body';
import { findEventByType } from './events';
import type { SamCartEventDefinition } from './events';
import { computeEventId } from './identity';

export type ItemRole = 'primary' | 'bump' | 'upsell' | 'unknown';
export type Cancellation = 'voluntary' | 'delinquent' | 'unknown';

/** The product this delivery is about. */
export interface DeliveredItem {
	product_id: number | string | null;
	name: string | null;
	/** Integer minor units; null when the delivery has no readable price (never a guess). */
	price_cents: number | null;
	currency: string | null;
	role: ItemRole;
	cart_item_id: number | string | null;
}

export interface EventSummary {
	customer_email: string | null;
	customer_name: string | null;
	customer_id: number | string | null;
	product_id: number | string | null;
	product_name: string | null;
	order_id: number | string | null;
	subscription_id: number | string | null;
	charge_id: number | string | null;
	item: DeliveredItem;
	/** This delivery's amount in integer minor units: the item's price for a purchase or a full refund. */
	amount_cents: number | null;
	currency: string | null;
	/** Which payload field the amount came from, e.g. "product.price". */
	amount_source: string | null;
	/** The whole order's total, when the delivery carries it (the same on every delivery of the order). */
	order_total_cents: number | null;
	/** Subscription Canceled only: why, from the subscription's status; null for other events. */
	cancellation: Cancellation | null;
	/** When SamCart says the order or record was created, ISO 8601 UTC. */
	created_at: string | null;
}

export interface Delivery {
	/** The raw `type`, as sent. */
	type: string;
	/** undefined: a `type` the events catalogue does not know. */
	event?: SamCartEventDefinition;
	eventId: string;
	testMode: boolean;
	/** Every product ID the delivery names (for the Products option). */
	productIds: string[];
	summary: EventSummary;
	payload: IDataObject;
}

export function readDelivery(payload: IDataObject): Delivery {
	const type = String(payload.type);
	const event = findEventByType(type);
	return {
		type,
		event,
		eventId: computeEventId(payload),
		testMode: isTestMode(payload),
		productIds: productIdsOf(payload),
		summary: summarise(payload, event),
		payload,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Reading fields that may be missing or of any type

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);

function truthy(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1;
	return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
}

function child(body: IDataObject, key: string): IDataObject {
	const value = body[key];
	return isPlainObject(value) ? value : {};
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value === 'string' && /^\d+$/.test(value.trim()) && Number(value) > 0)
		return String(Number(value));
	return undefined;
}

/** Ids as numbers when they are whole numbers (form encoding sends "123"), else as given. */
function id(...values: unknown[]): number | string | null {
	for (const value of values) {
		const digits = idText(value);
		if (digits) return Number(digits);
		const other = text(value);
		if (other) return other;
	}
	return null;
}

function pick(body: IDataObject, paths: readonly string[]): { value: unknown; path: string } | undefined {
	for (const path of paths) {
		let current: unknown = body;
		for (const key of path.split('.')) current = isPlainObject(current) ? current[key] : undefined;
		if (current !== undefined && current !== null && current !== '') return { value: current, path };
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Test mode and products

/**
 * Test mode: a true `test_mode` at the top level or on the `order`, `subscription`, `charge` or `refund` object
 * (true, 1, "1", "true", "yes", "on"). SamCart's REST records carry `test_mode`; webhook deliveries are read the same way.
 */
export function isTestMode(body: IDataObject): boolean {
	return [body, ...['order', 'subscription', 'charge', 'refund'].map((key) => child(body, key))].some(
		(part) => truthy(part.test_mode),
	);
}

/** Every product id the delivery names: product, products[], cart items, order, subscription, top level. */
export function productIdsOf(body: IDataObject): string[] {
	const ids = new Set<string>();
	const add = (value: unknown) => {
		const found = idText(value);
		if (found) ids.add(found);
	};
	const product = child(body, 'product');
	add(product.id);
	add(product.product_id);
	add(body.product_id);
	if (Array.isArray(body.products)) {
		for (const item of body.products) if (isPlainObject(item)) add(item.id ?? item.product_id);
	}
	const order = child(body, 'order');
	add(order.product_id);
	if (Array.isArray(order.cart_items)) {
		for (const item of order.cart_items) if (isPlainObject(item)) add(item.product_id);
	}
	add(child(body, 'subscription').product_id);
	return [...ids];
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

/**
 * Where each kind of event keeps its own amount, most specific first. A purchase is what its product cost (the
 * item's total with tax and shipping where the delivery says it, else its price), never the order's total (one
 * delivery per product). A refund is its refund amount; a full refund without one is the
 * product's price (added for `newRefund` below), a partial one without one has none. A subscription charge is the
 * recurring price.
 */
const AMOUNT_FIELDS: Record<string, string[]> = {
	refund: ['refund.amount', 'refund.refund_amount', 'refund_amount', 'amount'],
	subscription: [
		'charge.amount',
		'charge.total',
		'subscription.amount',
		'subscription.price',
		'product.price',
		'amount',
	],
	order: ['product.total', 'product.price', 'product.amount', 'amount'],
	lead: ['product.price', 'amount'],
	unknown: ['amount', 'total', 'charge.total', 'order.total', 'subscription.price', 'product.price'],
};
const FULL_REFUND_FALLBACK = 'product.price';
const CURRENCIES = [
	'currency',
	'product.currency',
	'order.currency',
	'charge.currency',
	'refund.currency',
	'subscription.currency',
];
const CREATED = [
	'order.created_at',
	'refund.created_at',
	'charge.created_at',
	'subscription.created_at',
	'created_at',
];
/** Field names a delivery may use for an item's role (our reading: SamCart documents none). */
const ROLE_FIELDS = [
	'product.role',
	'product.item_role',
	'product.item_type',
	'product.cart_item_type',
	'role',
];
const ROLE_WORDS: Record<string, ItemRole> = {
	primary: 'primary',
	main: 'primary',
	bump: 'bump',
	order_bump: 'bump',
	orderbump: 'bump',
	upsell: 'upsell',
	downsell: 'upsell',
	one_click_upsell: 'upsell',
};

function roleOf(body: IDataObject, event?: SamCartEventDefinition): ItemRole {
	const said = pick(body, ROLE_FIELDS)?.value;
	const word =
		typeof said === 'string'
			? said
					.trim()
					.toLowerCase()
					.replace(/[\s-]+/g, '_')
			: '';
	if (ROLE_WORDS[word]) return ROLE_WORDS[word];
	return event?.key === 'upsellPurchased' ? 'upsell' : 'unknown';
}

/** Subscription Canceled: "delinquent" when SamCart cancelled it for failed payments, "voluntary" otherwise. */
export function cancellationOf(status: unknown): Cancellation {
	if (typeof status !== 'string') return 'unknown';
	const word = status.trim().toLowerCase();
	if (word === 'delinquent') return 'delinquent';
	return word === 'canceled' || word === 'cancelled' ? 'voluntary' : 'unknown';
}

/** The fields a workflow usually needs, with every amount in integer cents and its currency. */
export function summarise(body: IDataObject, event?: SamCartEventDefinition): EventSummary {
	const customer = child(body, 'customer');
	const product = child(body, 'product');
	const order = child(body, 'order');
	const subscription = child(body, 'subscription');
	const first = text(customer.first_name);
	const last = text(customer.last_name);
	const name = [first, last].filter(Boolean).join(' ') || text(customer.name) || text(customer.full_name);
	const currencyText = text(pick(body, CURRENCIES)?.value);
	const currency = currencyText ? currencyText.toUpperCase() : null;
	const cents = (value: unknown) => amountToCents(value, 'decimal', currency);
	const amountFields = [...AMOUNT_FIELDS[event?.subject ?? 'unknown']];
	if (event?.key === 'newRefund') amountFields.push(FULL_REFUND_FALLBACK);
	const amount = pick(body, amountFields);
	const amountCents = amount ? cents(amount.value) : null;
	const created = text(pick(body, CREATED)?.value);
	const productId = id(
		product.id,
		product.product_id,
		body.product_id,
		order.product_id,
		subscription.product_id,
	);
	const productName = text(product.name) ?? text(product.product_name) ?? text(subscription.product_name);
	return {
		customer_email: text(customer.email) ?? text(body.email),
		customer_name: name || null,
		customer_id: id(customer.customer_id, customer.id, body.customer_id, order.customer_id),
		product_id: productId,
		product_name: productName,
		order_id: id(order.id, body.order_id, subscription.order_id, child(body, 'refund').order_id),
		subscription_id: id(subscription.id, order.subscription_id, body.subscription_id),
		charge_id: id(child(body, 'charge').id, child(body, 'refund').charge_id, order.charge_id, body.charge_id),
		item: {
			product_id: productId,
			name: productName,
			price_cents: cents(product.price),
			currency,
			role: roleOf(body, event),
			cart_item_id: id(product.cart_item_id, product.item_id, body.cart_item_id),
		},
		amount_cents: amountCents,
		currency,
		amount_source: amountCents === null ? null : (amount?.path ?? null),
		order_total_cents: cents(order.total),
		cancellation: event?.key === 'subscriptionCanceled' ? cancellationOf(subscription.status) : null,
		created_at: created ? (samCartTimeToIso(created) as string) : null,
	};
}

/**
 * What SamCart's API said about the delivery's records (Verify and Enrich fetched them) fills what the payload
 * left open: the item's cart item, its price (the cart item's total) and currency, and why a subscription was
 * canceled. What the payload said is kept. The API does not say whether an item was a bump or an upsell.
 */
export function completeSummary(
	summary: EventSummary,
	records: { order?: IDataObject | null; subscription?: IDataObject | null },
): EventSummary {
	let item = { ...summary.item };
	const cartItems = Array.isArray(records.order?.cart_items)
		? (records.order.cart_items as unknown[]).filter(isPlainObject)
		: [];
	const cartItem = cartItems.find((entry) => idText(entry.product_id) === idText(item.product_id));
	const orderCurrency = text((cartItem ?? cartItems[0])?.currency)?.toUpperCase() ?? null;
	let amounts = summary;
	if (summary.currency === null && orderCurrency) {
		amounts = {
			...summary,
			currency: orderCurrency,
			amount_cents: restate(summary.amount_cents, orderCurrency),
			order_total_cents: restate(summary.order_total_cents, orderCurrency),
		};
		item = { ...item, currency: orderCurrency, price_cents: restate(item.price_cents, orderCurrency) };
	}
	if (cartItem) {
		item.cart_item_id ??= id(cartItem.id);
		item.price_cents ??= amountToCents(child(cartItem, 'initial_price').total, 'cents');
		item.currency ??= text(cartItem.currency)?.toUpperCase() ?? null;
	}
	const cancellation =
		summary.cancellation === 'unknown' && records.subscription
			? cancellationOf(records.subscription.status)
			: summary.cancellation;
	return { ...amounts, item, cancellation };
}

/**
 * A payload that names no currency is read with two decimals ("49.00" → 4900); once the order names it, the same
 * amount in that currency's minor units: 4900 JPY read as "4900" → 490000 becomes 4900, KWD 10x. Null if not exact.
 */
function restate(cents: number | null, currency: string): number | null {
	if (cents === null) return null;
	const shift = fractionDigitsOf(currency) - 2;
	if (shift >= 0) return cents * 10 ** shift;
	const unit = 10 ** -shift;
	return cents % unit === 0 ? cents / unit : null;
}
