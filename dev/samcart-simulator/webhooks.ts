/**
 * Webhook sender: POSTs SamCart-like notifications (samcart-api.md §6.3) built from dataset records.
 * Events come from THE catalogue (nodes/SamCart/trigger/events.ts) — no event list is kept here.
 * Amounts are decimal strings ("49.00", "4900" in JPY) formatted from integer cents, unlike the REST API (UNCONFIRMED
 * in §6.3). Like the documented payload, they name no currency.
 */
import { findEventByKey, SAMCART_EVENTS, type SamCartEventDefinition } from '../../nodes/SamCart/trigger/events';
import { centsToDecimalString } from '../../nodes/SamCart/shared/money';
import type { Dataset } from './dataset';
import type { CartItem, Customer, Order, Product, Subscription, SubscriptionStatus } from './types';

export { SAMCART_EVENTS };

export interface PayloadOptions {
	/** Which `type` family to send (default `legacy`); the first alias of that family is used. */
	family?: 'legacy' | 'rule';
	/** An explicit `type` string (any alias, or anything for unknown-type tests). Wins over `family`. */
	type?: string;
	/** Id of the subject record: order id (order events), refund id, subscription id, or customer id (lead events). */
	recordId?: number;
	/** Pick a test-mode record (default: a live one). */
	testMode?: boolean;
	/** Pick the n-th matching record (0-based, wraps) — bursts use it to vary deliveries. */
	index?: number;
}

export type WebhookPayload = Record<string, unknown>;

/** Integer minor units → "49.00" (no floating point); in the currency's decimals, so 4900 JPY → "4900". */
export function centsToDollars(cents: number, currency = 'USD'): string {
	return centsToDecimalString(cents, currency);
}

/** "49.00" → 4900, exactly (two decimals required); the inverse of centsToDollars. */
export function dollarsToCents(dollars: string): number {
	const m = /^(-?)(\d+)\.(\d{2})$/.exec(dollars);
	if (!m) throw new Error(`Not a dollar amount with two decimals: ${dollars}`);
	const cents = Number(m[2]) * 100 + Number(m[3]);
	return m[1] ? -cents : cents;
}

/** Subscription status a delivery of each subscription event is about (our reading of when each fires). */
const SUBSCRIPTION_STATUS_FOR: Record<string, SubscriptionStatus[]> = {
	subscriptionCanceled: ['canceled', 'delinquent'],
	subscriptionCharged: ['active'],
	subscriptionCancelScheduled: ['active'],
	subscriptionCancelScheduleStopped: ['active'],
	subscriptionChargeFailed: ['delinquent', 'active', 'invalid_processor', 'sca_required'],
	subscriptionDelinquent: ['delinquent'],
	subscriptionRecovered: ['active'],
	subscriptionRestarted: ['active'],
	subscriptionStarted: ['active'],
	subscriptionCompleted: ['completed'],
};

export function typeFor(event: SamCartEventDefinition, options: PayloadOptions = {}): string {
	if (options.type) return options.type;
	const family = options.family ?? 'legacy';
	const alias = event.aliases.find((a) => a.family === family) ?? event.aliases[0];
	return alias.type;
}

function nth<T>(list: T[], index = 0, what: string): T {
	if (!list.length) throw new Error(`No ${what} in the dataset for this event`);
	return list[((index % list.length) + list.length) % list.length];
}

function customerPart(c: Customer) {
	const billing = c.addresses.find((a) => a.type === 'billing');
	return {
		customer_id: c.id,
		first_name: c.first_name,
		last_name: c.last_name,
		email: c.email,
		phone_number: c.phone,
		billing_address: billing?.street ?? null,
		billing_city: billing?.city ?? null,
		billing_state: billing ? (billing.state ?? billing.region) : null,
		billing_zip: billing?.postal_code ?? null,
		billing_country: billing?.country ?? null,
	};
}

function productPart(p: Product, priceCents = p.price) {
	return { id: p.id, name: p.product_name, price: centsToDollars(priceCents, p.currency) };
}

function orderPart(ds: Dataset, o: Order, customer: Customer) {
	const meta = ds.orderMeta.get(o.id);
	const shipping = customer.addresses.find((a) => a.type === 'shipping');
	const stripe = o.processor_name === 'Stripe' ? o.cart_items[0]?.processor_transaction_id : null;
	return {
		id: o.id,
		total: centsToDollars(o.total, ds.currency),
		ip_address: meta?.ip_address ?? null,
		stripe_id: stripe ?? null,
		subscription_id: o.cart_items.find((i) => i.subscription_id !== null)?.subscription_id ?? null,
		coupon: meta?.coupon_code ?? null,
		custom_fields: Object.entries(o.custom_fields).map(([slug, f]) => ({ name: f.name, slug, value: f.value })),
		transaction_id: o.cart_items.map((i) => i.processor_transaction_id).filter((t): t is string => !!t),
		shipping_address: shipping?.street ?? null,
		shipping_city: shipping?.city ?? null,
		shipping_state: shipping ? (shipping.state ?? shipping.region) : null,
		shipping_zip: shipping?.postal_code ?? null,
		shipping_country: shipping?.country ?? null,
		created_at: o.order_date,
	};
}

function subscriptionPart(ds: Dataset, s: Subscription) {
	return {
		id: s.id,
		status: s.status,
		type: s.type,
		product_id: s.product_id,
		product_name: s.product_name,
		price: centsToDollars(s.recurring_price.total, ds.currency),
		created_at: s.created_at,
		next_rebilling_date: s.next_rebilling_date,
		cancel_date: s.cancel_schedule?.cancel_date ?? null,
		total_failed_charges: s.total_failed_charges,
	};
}

function affiliatePart(ds: Dataset, o: Order | undefined) {
	const meta = o ? ds.orderMeta.get(o.id) : undefined;
	return { id: o?.affiliate_id ?? null, token: meta?.affiliate_token ?? null };
}

/**
 * Product Purchased (and the other order events) for one cart item: `product` is that item (its own price, cart item id
 * and role), `order` the whole order, the same in every delivery of the order.
 */
export function orderItemPayload(ds: Dataset, order: Order, item: CartItem, type: string): WebhookPayload {
	const customer = ds.customer(order.customer_id)!;
	return {
		type,
		api_key: null,
		product: {
			...productPart(ds.product(item.product_id)!, item.initial_price.subtotal),
			transaction_id: item.processor_transaction_id,
			cart_item_id: item.id,
			role: ds.orderMeta.get(order.id)?.item_roles[item.id] ?? null,
			total: centsToDollars(item.initial_price.total, item.currency),
		},
		customer: customerPart(customer),
		order: orderPart(ds, order, customer),
		affiliate: affiliatePart(ds, order),
	};
}

/** A subscription event about `sub` as given (a replay passes the subscription as it is at that step). */
export function subscriptionPayload(ds: Dataset, sub: Subscription, type: string): WebhookPayload {
	const order = ds.order(sub.order_id)!;
	const customer = ds.customer(sub.customer_id)!;
	return {
		type,
		api_key: null,
		product: productPart(ds.product(sub.product_id)!, sub.recurring_price.subtotal),
		customer: customerPart(customer),
		order: { ...orderPart(ds, order, customer), subscription_id: sub.id },
		affiliate: affiliatePart(ds, order),
		subscription: subscriptionPart(ds, sub),
	};
}

/** Builds the delivery body of `eventKey` from a record of `ds`. */
export function buildWebhookPayload(ds: Dataset, eventKey: string, options: PayloadOptions = {}): WebhookPayload {
	const event = findEventByKey(eventKey);
	if (!event) throw new Error(`Unknown event ${eventKey}; known: ${SAMCART_EVENTS.map((e) => e.key).join(', ')}`);
	const type = typeFor(event, options);
	const testMode = options.testMode ?? false;
	const base = { type, api_key: null };

	switch (event.subject) {
		case 'lead': {
			// Leads/prospects: customer (+ product) only — no order.
			const customer = options.recordId
				? ds.customer(options.recordId)
				: nth(ds.customers.filter((c) => !ds.indexes.ordersByCustomer.has(c.id)).concat(ds.customers.slice(0, 1)), options.index, 'customers');
			if (!customer) throw new Error(`No customer ${options.recordId}`);
			const live = ds.products.filter((p) => (testMode ? p.status === 'test' : p.status === 'live'));
			const product = nth(live.length ? live : ds.products, customer.id, 'products');
			return { ...base, product: productPart(product), customer: customerPart(customer), affiliate: { id: null, token: null } };
		}
		case 'order': {
			let order: Order | undefined;
			if (options.recordId) order = ds.order(options.recordId);
			else {
				let list = ds.orders.filter((o) => o.test_mode === testMode);
				if (eventKey === 'upsellPurchased') list = list.filter((o) => ds.orderMeta.get(o.id)?.upsell_id);
				order = nth(list, options.index, 'orders');
			}
			if (!order) throw new Error(`No order ${options.recordId}`);
			// Upsell and Add-to-Order are about the last item; New Order about the primary product (see orderDeliveries
			// in deliveries.ts for one delivery per item).
			const item = eventKey === 'newOrder' ? order.cart_items[0] : order.cart_items[order.cart_items.length - 1];
			return orderItemPayload(ds, order, item, type);
		}
		case 'refund': {
			const wanted = eventKey === 'partialRefund' ? 'partially_refunded' : 'refunded';
			const refund = options.recordId
				? ds.refund(options.recordId)
				: nth(ds.refunds.filter((r) => r.charge_refund_status === wanted && r.test_mode === testMode), options.index, 'refunds');
			if (!refund) throw new Error(`No refund ${options.recordId}`);
			const charge = ds.charge(refund.charge_id)!;
			const order = ds.order(charge.order_id)!;
			const customer = ds.customer(order.customer_id)!;
			const item = order.cart_items.find((i) => i.id === refund.cart_item_id) ?? order.cart_items[0];
			return {
				...base,
				product: { ...productPart(ds.product(item.product_id)!, item.initial_price.subtotal), transaction_id: charge.processor_transaction_id },
				customer: customerPart(customer),
				order: orderPart(ds, order, customer),
				affiliate: affiliatePart(ds, order),
				refund_transaction_id: `re_${String(refund.id).padStart(8, '0')}${String(charge.id).slice(-6)}`,
			};
		}
		case 'subscription': {
			let sub: Subscription | undefined;
			if (options.recordId) sub = ds.subscription(options.recordId);
			else {
				const statuses = SUBSCRIPTION_STATUS_FOR[eventKey] ?? ['active'];
				let list = ds.subscriptions.filter((s) => s.test_mode === testMode && statuses.includes(s.status));
				if (eventKey === 'subscriptionCancelScheduled') {
					const scheduled = list.filter((s) => s.cancel_schedule);
					if (scheduled.length) list = scheduled;
				}
				if (eventKey === 'subscriptionChargeFailed' || eventKey === 'subscriptionRecovered') {
					const failed = list.filter((s) => s.total_failed_charges > 0);
					if (failed.length) list = failed;
				}
				if (!list.length) list = ds.subscriptions.filter((s) => s.test_mode === testMode);
				sub = nth(list, options.index, 'subscriptions');
			}
			if (!sub) throw new Error(`No subscription ${options.recordId}`);
			return subscriptionPayload(ds, sub, type);
		}
	}
}

/** `application/x-www-form-urlencoded` with nested keys: `customer[email]=…`, `order[custom_fields][0][name]=…`. */
export function toFormBody(payload: unknown): string {
	const pairs: string[] = [];
	const walk = (value: unknown, key: string) => {
		if (value === null || value === undefined) pairs.push(`${encodeURIComponent(key)}=`);
		else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${key}[${i}]`));
		else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}[${k}]` : k);
		else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	};
	walk(payload, '');
	return pairs.join('&');
}

export interface SendOptions {
	/** `json` (default) or `form`. */
	encoding?: 'json' | 'form';
	/** Send this exact body instead (malformed-body tests); `contentType` defaults to application/json. */
	raw?: string;
	contentType?: string;
	/** Number of deliveries (burst). Default 1. */
	count?: number;
	/** Deliveries in flight at once. Default 1. */
	concurrency?: number;
	/** Send every body twice (SamCart-style duplicate delivery). */
	duplicate?: boolean;
	headers?: Record<string, string>;
	timeoutMs?: number;
}

export interface Delivery {
	index: number;
	/** HTTP status, or 0 when the request failed (see `error`). */
	status: number;
	body: string;
	latencyMs: number;
	duplicate: boolean;
	error?: string;
}

/**
 * POSTs `payload` (or `payload(i)` for burst delivery i) to `url`. Resolves with one Delivery per request, in send order.
 */
export async function sendWebhook(
	url: string,
	payload: WebhookPayload | ((index: number) => WebhookPayload),
	options: SendOptions = {},
): Promise<Delivery[]> {
	const count = Math.max(1, options.count ?? 1);
	const jobs: Array<{ index: number; duplicate: boolean; body: string; contentType: string }> = [];
	for (let i = 0; i < count; i++) {
		const p = typeof payload === 'function' ? payload(i) : payload;
		const body = options.raw ?? (options.encoding === 'form' ? toFormBody(p) : JSON.stringify(p));
		const contentType =
			options.contentType ?? (options.raw !== undefined || options.encoding !== 'form' ? 'application/json' : 'application/x-www-form-urlencoded');
		jobs.push({ index: i, duplicate: false, body, contentType });
		if (options.duplicate) jobs.push({ index: i, duplicate: true, body, contentType });
	}
	const results: Delivery[] = new Array(jobs.length);
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const slot = next++;
			const job = jobs[slot];
			const started = performance.now();
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': job.contentType, 'User-Agent': 'SamCart-Simulator', ...options.headers },
					body: job.body,
					signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
				});
				const text = await res.text();
				results[slot] = { index: job.index, status: res.status, body: text, latencyMs: Math.round(performance.now() - started), duplicate: job.duplicate };
			} catch (error) {
				results[slot] = { index: job.index, status: 0, body: '', latencyMs: Math.round(performance.now() - started), duplicate: job.duplicate, error: String(error) };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, jobs.length)) }, worker));
	return results;
}
