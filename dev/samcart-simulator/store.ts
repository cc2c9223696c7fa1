/**
 * The simulated marketplace: the Dataset (records and their lookups), its sizes and ID ranges, and the rules the
 * generator and the write endpoints share (rebill periods, dunning, lifetime value). Money is integer cents.
 */
import { DAY_MS, formatTimestamp, startOfUtcDay } from './time';
import type {
	CartItem,
	Charge,
	CustomFieldDefinition,
	Customer,
	FailedCharge,
	Funnel,
	Order,
	OrderMeta,
	Product,
	ProductPricingFilter,
	Refund,
	Subscription,
	SubscriptionHistory,
	SubscriptionMeta,
	SubscriptionPlan,
} from './types';

export const SIZES = {
	default: { customers: 5000, orders: 20000 },
	small: { customers: 200, orders: 600 },
} as const;

export type SizeName = keyof typeof SIZES;
export type SizeOption = SizeName | { customers: number; orders: number; products?: number };

export interface DatasetOptions {
	seed: number;
	size: SizeOption;
	/** Reference "now" (epoch ms). Data covers the `spanDays` days before it. */
	now: number;
	/**
	 * Days before `now` over which orders, customers and declined checkouts are spread. Default 730 (~2 years). A short
	 * span packs the same number of orders into fewer days (e.g. 7: every order in the last week, for load tests).
	 */
	spanDays?: number;
	/** ISO 4217 code of every amount (default USD); e.g. JPY for a store whose amounts have no decimals. */
	currency?: string;
}

/** Realistic processor messages for failed charges (what FailedCharge.error carries). */
export const PROCESSOR_ERRORS = {
	expired: 'Your card has expired.',
	insufficient: 'Your card has insufficient funds.',
	declined: 'Your card was declined.',
	cvc: "Your card's security code is incorrect.",
	processing: 'An error occurred while processing your card. Try again in a little bit.',
} as const;

export const ID_BASE = {
	product: 350001,
	customer: 100001,
	order: 500001,
	cartItem: 900001,
	charge: 1200001,
	failedCharge: 40001,
	refund: 60001,
	subscription: 700001,
	history: 800001,
	plan: 90001,
	funnel: 3001,
	upsell: 7001,
	rebill: 2500001,
} as const;

export function isSubscriptionPricing(p: ProductPricingFilter): boolean {
	return p !== 'one_time' && p !== 'pwyw_one_time';
}

export function resolveSize(size: SizeOption): { customers: number; orders: number; products: number } {
	const base = typeof size === 'string' ? SIZES[size] : size;
	if (!base) throw new Error(`Unknown size ${String(size)}`);
	const products =
		(typeof size === 'object' && size.products) ||
		Math.min(60, Math.max(24, Math.round(base.customers / 125)));
	return { customers: base.customers, orders: base.orders, products };
}

export interface Indexes {
	ordersByCustomer: Map<number, Order[]>;
	ordersByProduct: Map<number, Order[]>;
	ordersByFunnel: Map<number, Order[]>;
	ordersByUpsell: Map<number, Order[]>;
	chargesByOrder: Map<number, Charge[]>;
	chargesByCustomer: Map<number, Charge[]>;
	chargesBySubscription: Map<number, Charge[]>;
	refundsByCharge: Map<number, Refund[]>;
	subscriptionsByOrder: Map<number, Subscription[]>;
	subscriptionsByCustomer: Map<number, Subscription[]>;
	historyBySubscription: Map<number, SubscriptionHistory[]>;
	cartItemsByCharge: Map<number, CartItem[]>;
	/** subscription id → charge ids that are its rebills (subscription_rebill_id not null) */
	customerByEmail: Map<string, Customer>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/** The whole marketplace, with lookups. Mutated by the write endpoints; rebuilt by reset. */
export class Dataset {
	products: Product[] = [];
	customers: Customer[] = [];
	orders: Order[] = [];
	charges: Charge[] = [];
	failedCharges: FailedCharge[] = [];
	refunds: Refund[] = [];
	subscriptions: Subscription[] = [];
	plans: SubscriptionPlan[] = [];
	history: SubscriptionHistory[] = [];
	funnels: Funnel[] = [];
	customFields: CustomFieldDefinition[] = [];
	orderMeta = new Map<number, OrderMeta>();
	subscriptionMeta = new Map<number, SubscriptionMeta>();
	/** Product id → its value in the `/products?pricing_type=` filter enum. */
	productPricing = new Map<number, ProductPricingFilter>();
	/** Subscription id → plan id; a plan belongs to a product. */
	planByProduct = new Map<number, SubscriptionPlan>();
	/** Processor rebill ids already issued (to continue the sequence on writes). */
	lastRebillId: number = ID_BASE.rebill - 1;

	private byIdCache = new Map<string, Map<number, { id: number }>>();
	private indexCache: Indexes | undefined;

	constructor(
		readonly seed: number,
		readonly now: number,
		readonly sizes: { customers: number; orders: number; products: number },
		// The store's currency: SamCart stores sell in one currency each (cart items, charges, refunds carry it).
		readonly currency = 'USD',
	) {}

	/** Call after any mutation so lookups see it. */
	touch(): void {
		this.byIdCache.clear();
		this.indexCache = undefined;
	}

	private lookup<T extends { id: number }>(name: string, list: T[], id: number): T | undefined {
		let map = this.byIdCache.get(name);
		if (!map) {
			map = new Map(list.map((r) => [r.id, r]));
			this.byIdCache.set(name, map);
		}
		return map.get(id) as T | undefined;
	}

	product = (id: number) => this.lookup('product', this.products, id);
	customer = (id: number) => this.lookup('customer', this.customers, id);
	order = (id: number) => this.lookup('order', this.orders, id);
	charge = (id: number) => this.lookup('charge', this.charges, id);
	failedCharge = (id: number) => this.lookup('failedCharge', this.failedCharges, id);
	refund = (id: number) => this.lookup('refund', this.refunds, id);
	subscription = (id: number) => this.lookup('subscription', this.subscriptions, id);
	plan = (id: number) => this.lookup('plan', this.plans, id);
	funnel = (id: number) => this.funnels.find((f) => f.id === id);
	upsellExists = (id: number) => this.funnels.some((f) => f.upsells.some((u) => u.id === id));

	get indexes(): Indexes {
		if (this.indexCache) return this.indexCache;
		const ix: Indexes = {
			ordersByCustomer: new Map(),
			ordersByProduct: new Map(),
			ordersByFunnel: new Map(),
			ordersByUpsell: new Map(),
			chargesByOrder: new Map(),
			chargesByCustomer: new Map(),
			chargesBySubscription: new Map(),
			refundsByCharge: new Map(),
			subscriptionsByOrder: new Map(),
			subscriptionsByCustomer: new Map(),
			historyBySubscription: new Map(),
			cartItemsByCharge: new Map(),
			customerByEmail: new Map(),
		};
		for (const o of this.orders) {
			push(ix.ordersByCustomer, o.customer_id, o);
			const seen = new Set<number>();
			for (const item of o.cart_items) {
				if (!seen.has(item.product_id)) push(ix.ordersByProduct, item.product_id, o);
				seen.add(item.product_id);
				if (item.charge_id !== null) push(ix.cartItemsByCharge, item.charge_id, item);
			}
			const meta = this.orderMeta.get(o.id);
			if (meta?.funnel_id) push(ix.ordersByFunnel, meta.funnel_id, o);
			if (meta?.upsell_id) push(ix.ordersByUpsell, meta.upsell_id, o);
		}
		const rebillSub = new Map<string, number>();
		for (const s of this.subscriptions) {
			push(ix.subscriptionsByOrder, s.order_id, s);
			push(ix.subscriptionsByCustomer, s.customer_id, s);
			rebillSub.set(`${s.order_id}:${s.product_id}`, s.id);
		}
		for (const c of this.charges) {
			push(ix.chargesByOrder, c.order_id, c);
			push(ix.chargesByCustomer, c.customer_id, c);
		}
		// A subscription's charges: the order charge carrying its cart item, and its rebills.
		for (const s of this.subscriptions) {
			const order = this.order(s.order_id);
			const item = order?.cart_items.find((i) => i.subscription_id === s.id);
			const list: Charge[] = [];
			for (const c of ix.chargesByOrder.get(s.order_id) ?? []) {
				if (
					c.subscription_rebill_id === null ? c.id === item?.charge_id : this.rebillOwner.get(c.id) === s.id
				)
					list.push(c);
			}
			ix.chargesBySubscription.set(s.id, list);
		}
		for (const r of this.refunds) push(ix.refundsByCharge, r.charge_id, r);
		for (const h of this.history) push(ix.historyBySubscription, h.subscription_id, h);
		for (const c of this.customers) ix.customerByEmail.set(c.email.toLowerCase(), c);
		this.indexCache = ix;
		return ix;
	}

	/** Rebill charge id → subscription id. */
	rebillOwner = new Map<number, number>();

	nextId(list: Array<{ id: number }>, base: number): number {
		return list.length ? list[list.length - 1].id + 1 : base;
	}
}

/** One record by the name of its collection (`orders`, `failed-charges`, …) and its ID: what the admin routes serve. */
export function recordOf(ds: Dataset, resource: string, id: number): unknown {
	switch (resource) {
		case 'orders':
			return ds.order(id);
		case 'charges':
			return ds.charge(id);
		case 'failed-charges':
			return ds.failedCharge(id);
		case 'customers':
			return ds.customer(id);
		case 'products':
			return ds.product(id);
		case 'refunds':
			return ds.refund(id);
		case 'subscriptions':
			return ds.subscription(id);
		case 'plans':
			return ds.plan(id);
		case 'funnels':
			return ds.funnel(id);
		default:
			return undefined;
	}
}

/** Default reference date: the current UTC day at 00:00:00 (deterministic for a given day / explicit `now`). */
export function defaultNow(): number {
	return startOfUtcDay(Date.now());
}

/**
 * Days after a failed rebill on which it is tried again; the 4th failure in a row makes the subscription delinquent.
 * "4 failed payments" is SamCart's (help, §6.2); the spacing of the retries is our reading.
 */
export const DUNNING_RETRY_DAYS: readonly number[] = [0, 3, 5, 7];

/** The failed charge of a rebill of `sub` (id 0: the caller numbers it; the generator sets `customer_id` later). */
export function failedRebill(
	sub: Subscription,
	customerId: number,
	ms: number,
	error: string,
	currency: string,
): FailedCharge {
	return {
		id: 0,
		customer_id: customerId,
		affiliate_id: sub.affiliate_id,
		order_id: sub.order_id,
		subscription_rebill_id: null,
		test_mode: sub.test_mode,
		processor_name: sub.processor_name,
		processor_transaction_id: null,
		currency,
		card_used: sub.card_used,
		created_at: formatTimestamp(ms),
		total: sub.recurring_price.total,
		error,
	};
}

/** Refunds the generator would date after `now` are dated this long before it instead (so they pile up there). */
export const LATE_REFUNDS_MS = 60_000;

export function addPeriod(ms: number, plan: SubscriptionPlan): number {
	const d = new Date(ms);
	const months = (m: number) =>
		Date.UTC(
			d.getUTCFullYear(),
			d.getUTCMonth() + m,
			Math.min(d.getUTCDate(), 28),
			d.getUTCHours(),
			d.getUTCMinutes(),
			d.getUTCSeconds(),
		);
	switch (plan.plan_frequency) {
		case 'days':
			return ms + (plan.rebill_days ?? 30) * DAY_MS;
		case 'weekly':
			return ms + 7 * DAY_MS;
		case 'monthly':
			return months(1);
		case 'quarterly':
			return months(3);
		case 'yearly':
			return months(12);
	}
}

/** Integer percentage of cents, rounded half up — no floating-point money. */
export const percentOf = (cents: number, percent: number) => Math.floor((cents * percent + 50) / 100);

export function recomputeLifetimeValues(ds: Dataset): void {
	const refunded = new Map<number, number>();
	for (const r of ds.refunds) refunded.set(r.charge_id, (refunded.get(r.charge_id) ?? 0) + r.refund_amount);
	const ltv = new Map<number, number>();
	for (const c of ds.charges) {
		if (c.test_mode) continue;
		ltv.set(c.customer_id, (ltv.get(c.customer_id) ?? 0) + c.total - (refunded.get(c.id) ?? 0));
	}
	for (const c of ds.customers) c.lifetime_value = ltv.get(c.id) ?? 0;
}
