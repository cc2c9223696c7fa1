/** State transitions of the write endpoints (§3 #6–#9, #29, #36–#38). */
import { addPeriod, failedRebill, recomputeLifetimeValues, type Dataset, ID_BASE } from './dataset';
import { conflict, notFound, validation } from './http';
import { DAY_MS, formatTimestamp, parseIsoInput, startOfUtcDay } from './time';
import type { CartItem, Charge, Order, Refund, Subscription, SubscriptionStatus } from './types';

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export function refundedSoFar(ds: Dataset, chargeId: number): number {
	return (ds.indexes.refundsByCharge.get(chargeId) ?? []).reduce((sum, r) => sum + r.refund_amount, 0);
}

/**
 * POST /refunds/charges/{id}/ — no body/`{}` refunds what is left; `{amount}` (cents) refunds part.
 * Over-refund → 400 validation; nothing left → 409.
 */
export function refundCharge(ds: Dataset, chargeId: number, body: Record<string, unknown>, nowMs: number): Refund {
	const charge = ds.charge(chargeId);
	if (!charge) throw notFound();
	const remaining = charge.total - refundedSoFar(ds, chargeId);
	if (remaining <= 0 || charge.charge_refund_status === 'refunded') throw conflict('This charge has already been fully refunded.');
	let amount = remaining;
	if (body.amount !== undefined && body.amount !== null) {
		if (!isPositiveInt(body.amount)) throw validation('The amount must be a positive integer (cents).');
		if (body.amount > remaining)
			throw validation(`The amount may not be greater than the refundable amount of ${remaining} cents.`);
		amount = body.amount;
	}
	const status = amount === remaining ? 'refunded' : 'partially_refunded';
	const items = ds.indexes.cartItemsByCharge.get(charge.id) ?? [];
	const subItem = ds.order(charge.order_id)?.cart_items.find((i) => i.subscription_id === ds.rebillOwner.get(charge.id));
	const refund: Refund = {
		id: ds.nextId(ds.refunds, ID_BASE.refund),
		charge_id: charge.id,
		cart_item_id: items[0]?.id ?? subItem?.id ?? 0,
		created_at: formatTimestamp(nowMs),
		test_mode: charge.test_mode,
		charge_refund_status: status,
		currency: charge.currency,
		refund_amount: amount,
	};
	ds.refunds.push(refund);
	charge.charge_refund_status = status;
	for (const item of items) item.status = status;
	ds.touch();
	recomputeLifetimeValues(ds);
	return refund;
}

export function addHistory(ds: Dataset, sub: Subscription, status: SubscriptionStatus, nowMs: number, source = 'api'): void {
	ds.history.push({
		id: ds.nextId(ds.history, ID_BASE.history),
		subscription_id: sub.id,
		new_status: status,
		source,
		type: 'status',
		change_date: formatTimestamp(nowMs),
	});
}

/** POST /subscriptions/{id}/cancel — must be active, delinquent or paused, else 409 (retrying after success → 409). */
export function cancelSubscription(ds: Dataset, id: number, body: Record<string, unknown>, nowMs: number) {
	const sub = ds.subscription(id);
	if (!sub) throw notFound();
	if (body.silent_cancel !== undefined && typeof body.silent_cancel !== 'boolean')
		throw validation('The silent_cancel field must be true or false.');
	if (!['active', 'delinquent', 'paused'].includes(sub.status))
		throw conflict(`Subscription cannot be canceled because its status is ${sub.status}.`);
	sub.status = 'canceled';
	sub.next_rebilling_date = null;
	delete sub.cancel_schedule;
	ds.subscriptionMeta.set(sub.id, { canceled_at: formatTimestamp(nowMs) });
	addHistory(ds, sub, 'canceled', nowMs, body.silent_cancel ? 'api_silent' : 'api');
	ds.touch();
	return { id: sub.id, status: sub.status };
}

/**
 * POST /subscriptions/{id}/scheduleCancel — `{cancel_when: "end"|"custom", schedule_date?: "YYYY-MM-DD"}`.
 * 409 when not active or already scheduled; 400 when custom lacks a valid future date.
 * "end" schedules at next_rebilling_date (end of the paid period).
 */
export function scheduleCancel(ds: Dataset, id: number, body: Record<string, unknown>, nowMs: number) {
	const sub = ds.subscription(id);
	if (!sub) throw notFound();
	const when = body.cancel_when;
	if (when !== 'end' && when !== 'custom') throw validation('The cancel_when field must be "end" or "custom".');
	if (sub.status !== 'active') throw conflict(`Only active subscriptions can be scheduled for cancellation (status is ${sub.status}).`);
	if (sub.cancel_schedule) throw conflict('A cancellation is already scheduled for this subscription.');
	let cancelMs: number;
	if (when === 'custom') {
		const raw = body.schedule_date;
		const ms = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseIsoInput(raw) : undefined;
		if (ms === undefined) throw validation('The schedule_date field is required with cancel_when "custom" and must be a date (YYYY-MM-DD).');
		if (ms <= startOfUtcDay(nowMs)) throw validation('The schedule_date must be a date in the future.');
		cancelMs = ms;
	} else {
		cancelMs = sub.next_rebilling_date ? Date.parse(`${sub.next_rebilling_date.replace(' ', 'T')}Z`) : nowMs;
	}
	sub.cancel_schedule = { status: 'scheduled', cancel_date: formatTimestamp(cancelMs) };
	ds.touch();
	return { id: sub.id, status: sub.status, cancel_schedule: sub.cancel_schedule };
}

/**
 * POST /subscriptions/{id}/update — `{next_rebilling_date}`: ISO 8601 (date-time with zone, or date), in the future;
 * Stripe subscriptions: within 2 years. Status must be active or delinquent (else 409).
 */
export function updateRebillingDate(ds: Dataset, id: number, body: Record<string, unknown>, nowMs: number) {
	const sub = ds.subscription(id);
	if (!sub) throw notFound();
	const ms = parseIsoInput(body.next_rebilling_date);
	if (ms === undefined) throw validation('The next_rebilling_date field must be a valid ISO 8601 date-time.');
	if (ms <= nowMs) throw validation('The next_rebilling_date must be in the future.');
	if (sub.processor_name === 'Stripe' && ms > nowMs + 730 * DAY_MS)
		throw validation('The next_rebilling_date must be within 2 years for Stripe subscriptions.');
	if (sub.status !== 'active' && sub.status !== 'delinquent')
		throw conflict(`The rebilling date can only be changed on active or delinquent subscriptions (status is ${sub.status}).`);
	sub.next_rebilling_date = formatTimestamp(ms);
	ds.touch();
	return { id: sub.id, status: sub.status, next_rebilling_date: sub.next_rebilling_date };
}

/** PUT /orders/{id} — `{custom_field_slug, custom_field_data}`; the slug must be one of the marketplace's fields. */
export function updateCustomField(ds: Dataset, id: number, body: Record<string, unknown>): Order {
	const order = ds.order(id);
	if (!order) throw notFound();
	const slug = body.custom_field_slug;
	const data = body.custom_field_data;
	if (typeof slug !== 'string' || !slug) throw validation('The custom_field_slug field is required.');
	if (data === undefined || data === null || typeof data === 'object') throw validation('The custom_field_data field is required.');
	const field = ds.customFields.find((f) => f.slug === slug);
	if (!field) throw validation(`The custom field ${slug} does not exist.`);
	order.custom_fields[slug] = { name: field.name, value: String(data) };
	return order;
}

/**
 * Whether Add-to-Order can charge. Our deterministic rule (documented, SamCart's is unknown):
 * 409 when the product is archived, when the product's mode does not match the order's (test product on a live order
 * or live product on a test order), when the order was paid with PayPal (no stored card to charge), or when the
 * customer's card is flagged failing (they own a subscription that is delinquent or invalid_processor).
 */
export function addToOrderRefusal(ds: Dataset, order: Order, productId: number): string | undefined {
	const product = ds.product(productId)!;
	if (product.status === 'archived') return 'The product is archived and cannot be charged.';
	if (order.test_mode !== (product.status === 'test')) return 'The product could not be charged: test mode mismatch.';
	if (order.processor_name === 'PayPal') return 'The product could not be charged: no stored card for this order.';
	const subs = ds.indexes.subscriptionsByCustomer.get(order.customer_id) ?? [];
	if (subs.some((s) => s.status === 'delinquent' || s.status === 'invalid_processor'))
		return "The product could not be charged: the customer's card was declined.";
	return undefined;
}

export function addToOrder(ds: Dataset, orderId: number, body: Record<string, unknown>, nowMs: number) {
	const order = ds.order(orderId);
	if (!order) throw notFound();
	const productId = body.product_id;
	if (!isPositiveInt(productId)) throw validation('The product_id field is required and must be an integer.');
	if (!ds.product(productId)) throw validation(`The selected product_id ${productId} is invalid.`);
	const refusal = addToOrderRefusal(ds, order, productId);
	if (refusal) throw conflict(refusal);
	return chargeProductOnOrder(ds, order, productId, nowMs);
}

/** Appends a charge on `order`: an Add to Order, or a rebill of `rebillOf`. */
function appendCharge(ds: Dataset, order: Order, total: number, nowMs: number, rebillOf?: Subscription): Charge {
	const charge: Charge = {
		id: ds.nextId(ds.charges, ID_BASE.charge),
		customer_id: order.customer_id,
		affiliate_id: order.affiliate_id,
		order_id: order.id,
		subscription_rebill_id: rebillOf ? ++ds.lastRebillId : null,
		test_mode: order.test_mode,
		processor_name: order.processor_name,
		processor_transaction_id: `ch_sim${String(ds.charges.length).padStart(20, '0')}`,
		currency: ds.currency,
		card_used: order.card_used,
		charge_refund_status: null,
		order_date: order.order_date,
		created_at: formatTimestamp(nowMs),
		total,
	};
	ds.charges.push(charge);
	if (rebillOf) ds.rebillOwner.set(charge.id, rebillOf.id);
	return charge;
}

export function chargeProductOnOrder(ds: Dataset, order: Order, productId: number, nowMs: number) {
	const product = ds.product(productId)!;
	const taxes = product.taxes ? Math.floor((product.price * 8 + 50) / 100) : 0;
	const shipping = product.product_category === 'physical' ? 599 : 0;
	const price = { subtotal: product.price, taxes, shipping, total: product.price + taxes + shipping };
	const lastItemId = ds.orders.reduce((max, o) => o.cart_items.reduce((m, i) => Math.max(m, i.id), max), 0);
	const charge = appendCharge(ds, order, price.total, nowMs);
	const pricing = ds.productPricing.get(product.id)!;
	const item: CartItem = {
		id: lastItemId + 1,
		product_id: product.id,
		subscription_id: null,
		sku: product.sku,
		internal_product_name: product.internal_product_name,
		product_name: product.product_name,
		charge_id: charge.id,
		pricing_type: pricing === 'pwyw_one_time' ? 'pwyw_onetime' : pricing,
		processor_transaction_id: charge.processor_transaction_id,
		currency: ds.currency,
		quantity: 1,
		status: 'charged',
		initial_price: price,
		recurring_price: null,
		coupon: null,
	};
	order.cart_items.push(item);
	const meta = ds.orderMeta.get(order.id);
	if (meta) meta.item_roles[item.id] = 'add_to_order';
	order.subtotal += price.subtotal;
	order.taxes += taxes;
	order.shipping += shipping;
	order.total += price.total;
	ds.touch();
	recomputeLifetimeValues(ds);
	return { order_id: order.id, product_id: product.id, charge_id: charge.id, cart_item_id: item.id, total: price.total, status: 'charged' };
}

/** POST /orders/batch-add-to-order validation (§3 #8): order_ids 1–5000 unique ints, product_ids 1–25 unique ints. */
export function validateBatch(body: Record<string, unknown>): { order_ids: number[]; product_ids: number[] } {
	const check = (name: string, value: unknown, max: number): number[] => {
		if (!Array.isArray(value) || value.length < 1) throw validation(`The ${name} field is required and must be a non-empty array.`);
		if (value.length > max) throw validation(`The ${name} may not have more than ${max} items.`);
		if (!value.every(isPositiveInt)) throw validation(`The ${name} must contain integers only.`);
		if (new Set(value).size !== value.length) throw validation(`The ${name} field has a duplicate value.`);
		return value as number[];
	};
	return { order_ids: check('order_ids', body.order_ids, 5000), product_ids: check('product_ids', body.product_ids, 25) };
}

// ---- What SamCart does on its own during dunning (§6.2), applied when a replay reports it ------------------------

/** A rebill of `sub` failed: a failed charge with the processor's message, and one more failure on the subscription. */
export function recordFailedRebill(ds: Dataset, sub: Subscription, error: string, nowMs: number): void {
	const id = ds.nextId(ds.failedCharges, ID_BASE.failedCharge);
	ds.failedCharges.push({ ...failedRebill(sub, sub.customer_id, nowMs, error, ds.currency), id });
	sub.total_failed_charges++;
	ds.touch();
}

/** One billing period after a charge at `ms` (unchanged when the product has no plan). */
export function nextRebillAfter(ds: Dataset, sub: Subscription, ms: number): string | null {
	const plan = ds.planByProduct.get(sub.product_id);
	return plan ? formatTimestamp(addPeriod(ms, plan)) : sub.next_rebilling_date;
}

/** A rebill of `sub` succeeded: a rebill charge, and the next rebilling one period later. */
export function recordRebill(ds: Dataset, sub: Subscription, nowMs: number): Charge {
	const charge = appendCharge(ds, ds.order(sub.order_id)!, sub.recurring_price.total, nowMs, sub);
	sub.next_rebilling_date = nextRebillAfter(ds, sub, nowMs);
	ds.touch();
	recomputeLifetimeValues(ds);
	return charge;
}

/** The 4th failed payment in a row: the subscription turns delinquent (SamCart's own change, source `system`). */
export function markDelinquent(ds: Dataset, sub: Subscription, nowMs: number): void {
	sub.status = 'delinquent';
	addHistory(ds, sub, 'delinquent', nowMs, 'system');
	ds.touch();
}
