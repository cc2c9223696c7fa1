/**
 * Replays a day of SamCart deliveries to a URL, in the order SamCart would send them: checkouts (one delivery per
 * cart item, upsells minutes later), rebills, dunning, refunds, leads and prospects, cancellations.
 *
 * The day's own records are sent at their own times. Kinds the day lacks are filled with the latest record of that
 * kind before it, moved onto the day (its ids, amounts and created_at stay the dataset's). Subscription events that
 * change state (dunning, cancellations) are made up for active subscriptions; `apply` makes those changes in the
 * dataset, so that a running simulator answers as SamCart would after them.
 */
import { DUNNING_RETRY_DAYS, LATE_REFUNDS_MS, type Dataset } from './dataset';
import {
	applyDelivery,
	dunningDeliveries,
	orderDeliveries,
	recordDelivery,
	scheduledCancellation,
	voluntaryCancellation,
	type DeliveryOptions,
	type ScheduledDelivery,
} from './deliveries';
import { Rng } from './rng';
import { DAY_MS, formatDate, formatTimestamp, parseFilterDate, parseTimestamp, startOfUtcDay } from './time';
import type { Order, Subscription } from './types';
import { SAMCART_EVENTS, sendWebhook } from './webhooks';

export interface PlanOptions extends Pick<DeliveryOptions, 'family'> {
	/** `YYYY-MM-DD` (UTC). Default: the last whole day before the dataset's now. */
	day?: string;
}

export interface DayPlan {
	day: string;
	/** 00:00:00 UTC of the day (epoch ms). */
	start: number;
	/** What is sent, in send order. */
	deliveries: ScheduledDelivery[];
	/** Steps of the day's dunning cycles that happened before it: not sent, only applied. */
	earlier: ScheduledDelivery[];
}

export function parseDay(day: string): number {
	const start = /^\d{4}-\d{2}-\d{2}$/.test(day) ? parseFilterDate(day, 'min') : undefined;
	if (start === undefined) throw new Error(`The day must be a date YYYY-MM-DD, got ${day}`);
	return start;
}

/** The latest record before `before` that passes `ok` (lists are in created order). */
function latest<T>(list: readonly T[], at: (record: T) => string, before: number, ok: (record: T) => boolean): T | undefined {
	const limit = formatTimestamp(before);
	for (let i = list.length - 1; i >= 0; i--) if (at(list[i]) < limit && ok(list[i])) return list[i];
	return undefined;
}

/** Which deliveries SamCart sends on the day, deterministic for the dataset and the day. */
export function planDay(ds: Dataset, options: PlanOptions = {}): DayPlan {
	const start = options.day === undefined ? startOfUtcDay(ds.now - 1) : parseDay(options.day);
	const end = start + DAY_MS;
	const rng = new Rng(ds.seed * 7919 + start / DAY_MS);
	// A seeded time in selling hours (07:00–21:00 UTC; our reading), leaving room for upsells and prospects.
	const when = () => start + rng.int(7 * 3600, 21 * 3600) * 1000;
	const within = (ms: number) => ms >= start && ms < end;
	const opts: DeliveryOptions = { family: options.family };
	const groups: ScheduledDelivery[][] = [];
	const used = new Set<number>();

	// Checkouts: the day's orders, then one of each shape the day lacks (bump and upsell, bump, upsell, neither).
	const today = ds.orders.filter((o) => within(parseTimestamp(o.order_date)));
	for (const o of today) groups.push(orderDeliveries(ds, o.id, opts));
	const shape = (o: Order) => {
		const roles = Object.values(ds.orderMeta.get(o.id)?.item_roles ?? {});
		return `${roles.includes('bump')}/${roles.includes('upsell')}`;
	};
	for (const wanted of ['true/true', 'true/false', 'false/true', 'false/false']) {
		if (today.some((o) => shape(o) === wanted)) continue;
		const order = latest(ds.orders, (o) => o.order_date, start, (o) => !o.test_mode && shape(o) === wanted);
		if (order) groups.push(orderDeliveries(ds, order.id, { ...opts, at: when() }));
	}

	// Rebills of active subscriptions: the day's, then the latest before it, three at least.
	const isLive = (s: Subscription | undefined): s is Subscription => !!s && s.status === 'active' && !s.test_mode;
	const rebills = ds.charges.filter((c) => c.subscription_rebill_id !== null && within(parseTimestamp(c.created_at)));
	for (const c of rebills) {
		const sub = ds.subscription(ds.rebillOwner.get(c.id)!);
		if (!isLive(sub) || used.has(sub.id)) continue;
		used.add(sub.id);
		groups.push([recordDelivery(ds, 'subscriptionCharged', sub.id, parseTimestamp(c.created_at), opts)]);
	}
	while (used.size < 3) {
		const charge = latest(ds.charges, (c) => c.created_at, start, (c) => {
			const owner = ds.rebillOwner.get(c.id);
			return owner !== undefined && !used.has(owner) && isLive(ds.subscription(owner));
		});
		if (!charge) break;
		const subId = ds.rebillOwner.get(charge.id)!;
		used.add(subId);
		groups.push([recordDelivery(ds, 'subscriptionCharged', subId, when(), opts)]);
	}

	// Subscriptions for made-up events: live, active, not used today, not charged since `since`.
	const lastCharge = (id: number) =>
		Math.max(0, ...(ds.indexes.chargesBySubscription.get(id) ?? []).map((c) => parseTimestamp(c.created_at)));
	const pickSubscription = (since: number, ok: (s: Subscription) => boolean = () => true) => {
		const list = ds.subscriptions.filter(
			(s) => isLive(s) && !used.has(s.id) && !s.cancel_schedule && lastCharge(s.id) < since && ok(s),
		);
		const sub = list.length ? rng.pick(list) : undefined;
		if (sub) used.add(sub.id);
		return sub;
	};

	// Dunning: one cycle starts today, one recovers today after 2 failures, one turns delinquent today.
	const cycles: Array<{ recoversAfter?: 1 | 2 | 3; step: number }> = [{ step: 0 }, { recoversAfter: 2, step: 2 }, { step: 3 }];
	for (const { recoversAfter, step } of cycles) {
		const at = when() - DUNNING_RETRY_DAYS[step] * DAY_MS;
		const sub = pickSubscription(at);
		if (sub) groups.push(dunningDeliveries(ds, sub.id, { ...opts, recoversAfter, at }));
	}
	const canceled = pickSubscription(start);
	if (canceled) groups.push(voluntaryCancellation(ds, canceled.id, { ...opts, at: when() }));
	const scheduled = pickSubscription(start, (s) => s.type === 'recurring_subscription' && s.next_rebilling_date !== null);
	if (scheduled) groups.push(scheduledCancellation(ds, scheduled.id, { ...opts, at: when() }));

	// Refunds: the day's (not those the generator piled up just before now), then one full and one partial at least.
	const piled = formatTimestamp(ds.now - LATE_REFUNDS_MS);
	const refunds = ds.refunds.filter((r) => within(parseTimestamp(r.created_at)) && r.created_at !== piled);
	const refundKey = (status: string) => (status === 'refunded' ? 'newRefund' : 'partialRefund');
	for (const r of refunds) groups.push([recordDelivery(ds, refundKey(r.charge_refund_status), r.id, parseTimestamp(r.created_at), opts)]);
	for (const status of ['refunded', 'partially_refunded']) {
		if (refunds.some((r) => r.charge_refund_status === status)) continue;
		const refund = latest(ds.refunds, (r) => r.created_at, start, (r) => !r.test_mode && r.charge_refund_status === status);
		if (refund) groups.push([recordDelivery(ds, refundKey(status), refund.id, when(), opts)]);
	}

	// Leads (customers who never bought): two leads, and a prospect sent 2 hours after it is created (SamCart's delay).
	const leads = ds.customers.filter((c) => !ds.indexes.ordersByCustomer.has(c.id));
	const first = rng.int(0, leads.length - 1);
	for (const [index, eventKey] of ['newLead', 'newLead', 'prospectCreated'].entries()) {
		const lead = leads[(first + index) % leads.length];
		if (!lead) break;
		const delay = eventKey === 'prospectCreated' ? 2 * 3600_000 : 0;
		groups.push([recordDelivery(ds, eventKey, lead.id, when() + delay, opts)]);
	}

	// Stable sort: deliveries at the same second keep their group's order (Delinquent before Canceled).
	const all = groups.flat().sort((a, b) => a.at - b.at);
	return {
		day: formatDate(start),
		start,
		deliveries: all.filter((d) => within(d.at)),
		earlier: all.filter((d) => d.at < start),
	};
}

export interface ReplayOptions extends PlanOptions {
	/** 0 (default): as fast as the receiver answers; N: the gaps between deliveries take 1/N of real time. */
	speed?: number;
	encoding?: 'json' | 'form';
	/** Make in `ds` the state changes the deliveries report, each before it is sent (pass a running `sim.data`). */
	apply?: boolean;
	/** Receives the printed lines: one per delivery (unless `countOnly`), then the summary. */
	print?: (line: string) => void;
	countOnly?: boolean;
	timeoutMs?: number;
}

export interface ReplayEntry {
	delivery: ScheduledDelivery;
	/** HTTP status answered, 0 when the request failed. */
	status: number;
	body: string;
	error?: string;
	line: string;
}

export interface ReplayResult {
	day: string;
	sent: ReplayEntry[];
	/** Event key → deliveries and the statuses answered. */
	summary: Record<string, { count: number; statuses: Record<string, number> }>;
	lines: string[];
}

const part = (payload: Record<string, unknown>, key: string) => (payload[key] ?? {}) as Record<string, unknown>;

/** `+07:12:05  newOrder  Order  order 500123  Yoga Masterclass [upsell]  → 200` */
export function formatDelivery(start: number, d: ScheduledDelivery, status: number | string): string {
	const offset = formatTimestamp(d.at - start).slice(11);
	const product = part(d.payload, 'product');
	const sub = part(d.payload, 'subscription');
	const detail = product.role ? `[${String(product.role)}]` : sub.status ? `(status ${String(sub.status)})` : '';
	return [
		`+${offset}`,
		d.eventKey.padEnd(34),
		String(d.payload.type).padEnd(26),
		`${d.subject.kind} ${d.subject.id}`.padEnd(22),
		`${String(product.name)} ${detail}`.trim(),
		`→ ${status}`,
	].join('  ');
}

function summaryLines(day: string, summary: ReplayResult['summary'], total: number): string[] {
	const lines = [`summary: ${total} deliveries on ${day}`];
	for (const { key } of SAMCART_EVENTS) {
		const s = summary[key];
		if (!s) continue;
		const statuses = Object.entries(s.statuses).map(([status, n]) => `${status}×${n}`);
		lines.push(`  ${key.padEnd(34)} ${String(s.count).padStart(4)}  ${statuses.join(' ')}`);
	}
	return lines;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the day's deliveries to `url` one at a time, in order, each after the previous one was answered. */
export async function replayDay(ds: Dataset, url: string, options: ReplayOptions = {}): Promise<ReplayResult> {
	const plan = planDay(ds, options);
	const speed = options.speed ?? 0;
	const lines: string[] = [];
	const print = (line: string) => {
		lines.push(line);
		options.print?.(line);
	};
	if (options.apply) for (const d of plan.earlier) applyDelivery(ds, d);
	const sent: ReplayEntry[] = [];
	const summary: ReplayResult['summary'] = {};
	let previous = plan.deliveries[0]?.at ?? plan.start;
	for (const delivery of plan.deliveries) {
		if (speed > 0) await sleep((delivery.at - previous) / speed);
		previous = delivery.at;
		if (options.apply) applyDelivery(ds, delivery);
		const [answer] = await sendWebhook(url, delivery.payload, { encoding: options.encoding, timeoutMs: options.timeoutMs });
		const status = answer.status || `failed (${answer.error})`;
		const line = formatDelivery(plan.start, delivery, status);
		sent.push({ delivery, status: answer.status, body: answer.body, error: answer.error, line });
		const entry = (summary[delivery.eventKey] ??= { count: 0, statuses: {} });
		entry.count++;
		entry.statuses[answer.status] = (entry.statuses[answer.status] ?? 0) + 1;
		if (!options.countOnly) print(line);
	}
	for (const line of summaryLines(plan.day, summary, sent.length)) print(line);
	return { day: plan.day, sent, summary, lines };
}
