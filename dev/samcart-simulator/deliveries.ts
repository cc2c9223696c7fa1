/**
 * Deliveries as SamCart sends them over time (samcart-api.md §6.2, §9): one Product Purchased per cart item, an upsell
 * minutes after its checkout, and the dunning cycle of a subscription. Each function returns the deliveries in send
 * order with the time SamCart sends them, built from the dataset's records; `applyDelivery` makes the state change a
 * delivery reports, so the REST answers agree with what was sent.
 */
import { DUNNING_RETRY_DAYS, PROCESSOR_ERRORS, type Dataset } from './dataset';
import { DAY_MS, parseTimestamp } from './time';
import type { Subscription, SubscriptionStatus } from './types';
import { findEventByKey } from '../../nodes/SamCart/trigger/events';
import { buildWebhookPayload, orderItemPayload, subscriptionPayload, typeFor, type PayloadOptions, type WebhookPayload } from './webhooks';
import { cancelSubscription, markDelinquent, nextRebillAfter, recordFailedRebill, recordRebill, scheduleCancel } from './writes';

/** A state change in SamCart that a delivery reports (the records of a checkout, rebill or refund already exist). */
export type StateChange =
	| { kind: 'rebillFailed'; subscriptionId: number; error: string }
	| { kind: 'rebilled'; subscriptionId: number }
	| { kind: 'delinquent'; subscriptionId: number }
	| { kind: 'canceled'; subscriptionId: number }
	| { kind: 'cancelScheduled'; subscriptionId: number };

export interface ScheduledDelivery {
	/** Catalogue event key (nodes/SamCart/trigger/events.ts). */
	eventKey: string;
	/** When SamCart sends it (epoch ms). */
	at: number;
	/** Milliseconds after the first delivery of its group (the checkout, the first failed rebill). */
	offsetMs: number;
	payload: WebhookPayload;
	/** What it is about, for logs. */
	subject: { kind: 'order' | 'subscription' | 'refund' | 'customer'; id: number };
	change?: StateChange;
}

/** `family`/`type` as in buildWebhookPayload; `at` moves the group to another time (a replay places it on its day). */
export interface DeliveryOptions extends Pick<PayloadOptions, 'family' | 'type'> {
	at?: number;
}

function typeOf(eventKey: string, options: DeliveryOptions): string {
	return typeFor(findEventByKey(eventKey)!, options);
}

/** Sets offsets from the group's first delivery and moves the group to start at `at`. */
function placed(group: ScheduledDelivery[], at: number | undefined): ScheduledDelivery[] {
	const first = group[0]?.at ?? 0;
	const shift = at === undefined ? 0 : at - first;
	return group.map((d) => ({ ...d, at: d.at + shift, offsetMs: d.at - first }));
}

/**
 * One delivery per cart item of the order: Product Purchased (`newOrder`) for the primary product and its bumps at
 * checkout and for an upsell when its charge was made (minutes later); Product Added to Order for an item added
 * later through the API. Every delivery carries the whole order, as SamCart sends it.
 */
export function orderDeliveries(ds: Dataset, orderId: number, options: DeliveryOptions = {}): ScheduledDelivery[] {
	const order = ds.order(orderId);
	if (!order) throw new Error(`No order ${orderId}`);
	const placedAt = parseTimestamp(order.order_date);
	const roles = ds.orderMeta.get(order.id)?.item_roles ?? {};
	const group = order.cart_items.map((item): ScheduledDelivery => {
		const role = roles[item.id];
		const eventKey = role === 'add_to_order' ? 'productAddedToOrder' : 'newOrder';
		const charge = item.charge_id === null ? undefined : ds.charge(item.charge_id);
		const later = role === 'upsell' || role === 'add_to_order';
		return {
			eventKey,
			at: later && charge ? parseTimestamp(charge.created_at) : placedAt,
			offsetMs: 0,
			payload: orderItemPayload(ds, order, item, typeOf(eventKey, options)),
			subject: { kind: 'order', id: order.id },
		};
	});
	// Stable: items charged together keep their cart order (primary first).
	return placed(
		group.sort((a, b) => a.at - b.at),
		options.at,
	);
}

function subscriptionIn(ds: Dataset, id: number, allowed: SubscriptionStatus[] = ['active']): Subscription {
	const sub = ds.subscription(id);
	if (!sub) throw new Error(`No subscription ${id}`);
	if (!allowed.includes(sub.status)) throw new Error(`Subscription ${id} is ${sub.status}, not ${allowed.join(' or ')}`);
	return sub;
}

/** A delivery about `sub` as it is after the step (`changes`), e.g. one more failed charge or a new status. */
function subscriptionStep(
	ds: Dataset,
	eventKey: string,
	sub: Subscription,
	at: number,
	changes: Partial<Subscription>,
	options: DeliveryOptions,
	change?: StateChange,
): ScheduledDelivery {
	return {
		eventKey,
		at,
		offsetMs: 0,
		payload: subscriptionPayload(ds, { ...sub, ...changes }, typeOf(eventKey, options)),
		subject: { kind: 'subscription', id: sub.id },
		change,
	};
}

export interface DunningOptions extends DeliveryOptions {
	/** The retry after this many failures succeeds (1–3). Default: none does; the 4th failure makes it delinquent. */
	recoversAfter?: 1 | 2 | 3;
	/** The processor's message for the failed charges. */
	error?: string;
}

/**
 * The dunning cycle of an active subscription from its next rebill: Subscription Charge Failed per failed attempt
 * (retries DUNNING_RETRY_DAYS apart); Subscription Recovered when a retry succeeds; after the 4th failure in a row
 * Subscription Delinquent, then Subscription Canceled with status `delinquent` (SamCart sends Canceled when the
 * status turns canceled or delinquent).
 */
export function dunningDeliveries(ds: Dataset, subscriptionId: number, options: DunningOptions = {}): ScheduledDelivery[] {
	const sub = subscriptionIn(ds, subscriptionId);
	const { recoversAfter } = options;
	if (recoversAfter !== undefined && ![1, 2, 3].includes(recoversAfter)) throw new Error('recoversAfter must be 1, 2 or 3');
	const start = options.at ?? (sub.next_rebilling_date ? parseTimestamp(sub.next_rebilling_date) : ds.now);
	const error = options.error ?? PROCESSOR_ERRORS.insufficient;
	const id = sub.id;
	const group: ScheduledDelivery[] = [];
	let failures = sub.total_failed_charges;
	for (const [attempt, days] of DUNNING_RETRY_DAYS.entries()) {
		const at = start + days * DAY_MS;
		if (attempt === recoversAfter) {
			const next = { total_failed_charges: failures, next_rebilling_date: nextRebillAfter(ds, sub, at) };
			group.push(subscriptionStep(ds, 'subscriptionRecovered', sub, at, next, options, { kind: 'rebilled', subscriptionId: id }));
			return placed(group, undefined);
		}
		failures++;
		const failed: StateChange = { kind: 'rebillFailed', subscriptionId: id, error };
		group.push(subscriptionStep(ds, 'subscriptionChargeFailed', sub, at, { total_failed_charges: failures }, options, failed));
	}
	const last = group[group.length - 1].at;
	const delinquent = { status: 'delinquent' as const, total_failed_charges: failures };
	group.push(subscriptionStep(ds, 'subscriptionDelinquent', sub, last, delinquent, options, { kind: 'delinquent', subscriptionId: id }));
	group.push(subscriptionStep(ds, 'subscriptionCanceled', sub, last, delinquent, options));
	return placed(group, undefined);
}

/** The customer or seller cancels: one Subscription Canceled with status `canceled` (at `ds.now` unless `at`). */
export function voluntaryCancellation(ds: Dataset, subscriptionId: number, options: DeliveryOptions = {}): ScheduledDelivery[] {
	const sub = subscriptionIn(ds, subscriptionId, ['active', 'delinquent', 'paused']);
	const changes = { status: 'canceled' as const, next_rebilling_date: null, cancel_schedule: undefined };
	const change: StateChange = { kind: 'canceled', subscriptionId: sub.id };
	return [subscriptionStep(ds, 'subscriptionCanceled', sub, options.at ?? ds.now, changes, options, change)];
}

/** A cancellation scheduled for the end of the paid period: the status stays active, `cancel_date` is set. */
export function scheduledCancellation(ds: Dataset, subscriptionId: number, options: DeliveryOptions = {}): ScheduledDelivery[] {
	const sub = subscriptionIn(ds, subscriptionId);
	if (sub.cancel_schedule || !sub.next_rebilling_date) throw new Error(`Subscription ${sub.id} cannot be scheduled for cancellation`);
	const changes = { cancel_schedule: { status: 'scheduled' as const, cancel_date: sub.next_rebilling_date } };
	const change: StateChange = { kind: 'cancelScheduled', subscriptionId: sub.id };
	return [subscriptionStep(ds, 'subscriptionCancelScheduled', sub, options.at ?? ds.now, changes, options, change)];
}

const SUBJECT_KIND = { order: 'order', refund: 'refund', subscription: 'subscription', lead: 'customer' } as const;

/**
 * One delivery of `eventKey` about one record, sent at `at`: a rebill (Subscription Charged, subscription id), a
 * refund (refund id), a lead or prospect (customer id). The record's own state is what it reports.
 */
export function recordDelivery(ds: Dataset, eventKey: string, recordId: number, at: number, options: DeliveryOptions = {}): ScheduledDelivery {
	const event = findEventByKey(eventKey);
	if (!event) throw new Error(`Unknown event ${eventKey}`);
	const payload = buildWebhookPayload(ds, eventKey, { family: options.family, type: options.type, recordId });
	return { eventKey, at, offsetMs: 0, payload, subject: { kind: SUBJECT_KIND[event.subject], id: recordId } };
}

/** Makes in `ds` the change the delivery reports, dated when it is sent (a running simulator's `sim.data`). */
export function applyDelivery(ds: Dataset, delivery: ScheduledDelivery): void {
	const change = delivery.change;
	if (!change) return;
	const sub = ds.subscription(change.subscriptionId)!;
	switch (change.kind) {
		case 'rebillFailed':
			return recordFailedRebill(ds, sub, change.error, delivery.at);
		case 'rebilled':
			recordRebill(ds, sub, delivery.at);
			return;
		case 'delinquent':
			return markDelinquent(ds, sub, delivery.at);
		case 'canceled':
			cancelSubscription(ds, sub.id, {}, delivery.at);
			return;
		case 'cancelScheduled':
			scheduleCancel(ds, sub.id, { cancel_when: 'end' }, delivery.at);
			return;
	}
}
