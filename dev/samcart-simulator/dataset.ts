/**
 * Deterministic SamCart marketplace: a pure function of (seed, sizes, reference date).
 * Ids are positive integers ascending with created_at within each resource; money is integer cents.
 */
import { loadFakerPool, type FakerPool, type PoolPerson } from './pool';
import { Rng } from './rng';
import { DAY_MS, formatTimestamp, parseTimestamp, startOfUtcDay } from './time';
import type {
	CartItem,
	CartItemPricingType,
	Charge,
	Coupon,
	CustomFieldDefinition,
	Customer,
	FailedCharge,
	Funnel,
	CartItemRole,
	Order,
	OrderMeta,
	PlanFrequency,
	Price,
	ProcessorName,
	Product,
	ProductPricingFilter,
	Refund,
	Subscription,
	SubscriptionHistory,
	SubscriptionMeta,
	SubscriptionPlan,
	SubscriptionStatus,
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

const PRICING_FILTERS: readonly ProductPricingFilter[] = [
	'one_time',
	'recurring_subscription',
	'limited_subscription',
	'pwyw_one_time',
	'pwyw_recurring_subscription',
	'pwyw_limited_subscription',
];
const FREQUENCIES: readonly PlanFrequency[] = ['days', 'weekly', 'monthly', 'quarterly', 'yearly'];
const CART_PRICING: Record<ProductPricingFilter, CartItemPricingType> = {
	one_time: 'one_time',
	recurring_subscription: 'recurring_subscription',
	limited_subscription: 'limited_subscription',
	pwyw_one_time: 'pwyw_onetime',
	pwyw_recurring_subscription: 'pwyw_recurring_subscription',
	pwyw_limited_subscription: 'pwyw_limited_subscription',
};

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

export async function generateDataset(options: DatasetOptions): Promise<Dataset> {
	const sizes = resolveSize(options.size);
	const pool = await loadFakerPool(options.seed, sizes.customers, sizes.products);
	return buildDataset(options, pool);
}

/** Default reference date: the current UTC day at 00:00:00 (deterministic for a given day / explicit `now`). */
export function defaultNow(): number {
	return startOfUtcDay(Date.now());
}

const slugify = (s: string) =>
	s
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

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

/** What creators and course sellers sell on SamCart, so that names in tests and demos read like real checkouts. */
const TOPICS = [
	'Copywriting',
	'Portrait Photography',
	'Sourdough Baking',
	'YouTube Growth',
	'Watercolor',
	'Productivity',
	'Real Estate Investing',
	'Yoga',
	'Podcasting',
	'Email Marketing',
	'Fingerstyle Guitar',
	'Keto Cooking',
	'Freelance Design',
	'Notion',
	'Public Speaking',
	'Day Trading',
	'Calligraphy',
	'Dog Training',
	'Excel',
	'Etsy Selling',
];
const NAME_FORMS: Record<string, string[]> = {
	digital: [
		'{t} Masterclass',
		'The {t} Blueprint',
		'{t} Templates Bundle',
		'{t} Crash Course',
		'{t} Video Course',
	],
	physical: ['{t} Workbook (Printed)', '{t} Starter Kit', '{t} Planner', '{t} Flash Cards'],
	recurring: ['{t} Membership', '{t} Inner Circle', '{t} Monthly Coaching', '{t} Community Access'],
	limited: [
		'{t} Coaching Program (3 Payments)',
		'{t} Certification (6 Payments)',
		'{t} Bootcamp (4 Payments)',
	],
	pwyw: ['{t} Pay-What-You-Want Guide', '{t} Support Pass', '{t} Tip Jar'],
};

function creatorProductName(rng: Rng, index: number, pricing: string, category: string): string {
	const form =
		category === 'physical'
			? 'physical'
			: pricing.startsWith('pwyw')
				? 'pwyw'
				: pricing === 'recurring_subscription'
					? 'recurring'
					: pricing === 'limited_subscription'
						? 'limited'
						: 'digital';
	const topic = TOPICS[(index + rng.int(0, TOPICS.length - 1)) % TOPICS.length];
	return rng.pick(NAME_FORMS[form]).replace('{t}', topic);
}

function transactionId(rng: Rng, processor: ProcessorName): string {
	switch (processor) {
		case 'Stripe':
			return `ch_${rng.alnum(24)}`;
		case 'PayPal':
			return rng.alnum(17).toUpperCase();
		case 'Braintree':
			return rng.alnum(8).toLowerCase();
		case 'Authorize.net':
			return String(rng.int(10_000_000_000, 99_999_999_999));
	}
}

interface ChargeDraft {
	charge: Charge;
	ms: number;
	items: CartItem[];
	subscription?: Subscription;
	rebill: boolean;
}

interface Timed<T> {
	record: T;
	ms: number;
}

function sortAssign<T extends { id: number }>(drafts: Array<Timed<T>>, base: number): T[] {
	drafts.sort((a, b) => a.ms - b.ms);
	return drafts.map((d, i) => {
		d.record.id = base + i;
		return d.record;
	});
}

export function buildDataset(options: DatasetOptions, pool: FakerPool): Dataset {
	const sizes = resolveSize(options.size);
	const rng = new Rng(options.seed);
	const now = Math.floor(options.now / 1000) * 1000;
	const spanDays = options.spanDays ?? 730;
	if (!(spanDays > 0)) throw new Error(`spanDays must be a positive number of days, got ${spanDays}`);
	const windowStart = now - spanDays * DAY_MS;
	const ds = new Dataset(options.seed, now, sizes, options.currency);
	const ts = formatTimestamp;

	// ---- custom fields -------------------------------------------------------------------------------------
	ds.customFields = [
		{ name: 'Company', slug: `custom_${rng.alnum(8)}` },
		{ name: 'How did you hear about us?', slug: `custom_${rng.alnum(8)}` },
		{ name: 'T-Shirt Size', slug: `custom_${rng.alnum(8)}` },
		{ name: 'Referral Code', slug: `custom_${rng.alnum(8)}` },
	];

	// ---- products and plans --------------------------------------------------------------------------------
	const productTimes = Array.from(
		{ length: sizes.products },
		() => windowStart - rng.int(1, 60) * DAY_MS - rng.int(0, 86399) * 1000,
	).sort((a, b) => a - b);
	let subProductIndex = 0;
	const tags = ['bestseller', 'course', 'coaching', 'membership', 'ebook', 'bundle', 'merch'];
	for (let i = 0; i < sizes.products; i++) {
		const pricing: ProductPricingFilter =
			i < PRICING_FILTERS.length
				? PRICING_FILTERS[i]
				: rng.weighted({
						one_time: 5,
						recurring_subscription: 3,
						limited_subscription: 2,
						pwyw_one_time: 1,
						pwyw_recurring_subscription: 1,
						pwyw_limited_subscription: 1,
					});
		const status: Product['status'] = i % 10 === 7 ? 'test' : i % 10 === 9 ? 'archived' : 'live';
		const category: Product['product_category'] =
			i % 5 === 2 && !isSubscriptionPricing(pricing) ? 'physical' : i === 2 ? 'physical' : 'digital';
		const sub = isSubscriptionPricing(pricing);
		const pwyw = pricing.startsWith('pwyw');
		const price = pwyw
			? rng.pick([500, 1000, 2000])
			: sub
				? rng.pick([900, 1900, 2900, 4900, 9900])
				: rng.pick([1900, 2700, 4700, 9700, 19700, 49700, 99700]);
		const name = creatorProductName(rng, i, pricing, category);
		const created = productTimes[i];
		const archived = status === 'archived' ? now - rng.int(30, 300) * DAY_MS : null;
		const product: Product = {
			id: ID_BASE.product + i,
			sku: `SKU-${rng.alnum(6).toUpperCase()}`,
			internal_product_name: `${name} [${pricing}]`,
			product_name: name,
			description: pool.products[i].description,
			currency: ds.currency,
			price,
			product_category: category,
			pricing_type: pwyw
				? 'pwyw'
				: pricing === 'one_time'
					? 'one_time'
					: pricing === 'limited_subscription'
						? 'limited'
						: 'recurring',
			status,
			taxes: category === 'physical' || rng.chance(0.2),
			upsell_funnel: null,
			order_bumps: [],
			bundled_products: [],
			slug: `${slugify(name)}-${i + 1}`,
			custom_domain: rng.chance(0.2) ? 'https://checkout.example-shop.com' : null,
			product_tags: rng.chance(0.6) ? [{ name: rng.pick(tags) }] : [],
			created_at: ts(created),
			updated_at: ts(archived ?? created + rng.int(0, 200) * DAY_MS),
			archived_date: archived === null ? null : ts(archived),
		};
		ds.products.push(product);
		ds.productPricing.set(product.id, pricing);
		if (sub) {
			const frequency = FREQUENCIES[subProductIndex % FREQUENCIES.length];
			const limited = pricing.includes('limited');
			const plan: SubscriptionPlan = {
				id: ID_BASE.plan + subProductIndex,
				product_id: product.id,
				plan_status: status === 'archived' ? 'archived' : 'active',
				plan_archived_date: product.archived_date,
				plan_duration: limited ? rng.pick([3, 4, 6, 12]) : null,
				plan_frequency: frequency,
				plan_price: price,
				trial_period: subProductIndex % 3 === 1 ? rng.pick([7, 14, 30]) : 0,
				rebill_days: frequency === 'days' ? rng.pick([10, 14, 30]) : null,
				stripe_compatible: subProductIndex % 4 !== 3,
				stripe_plan_id:
					subProductIndex % 4 !== 3 ? `samcart_plan_${subProductIndex + 1}_${product.id}` : null,
				on_stripe_sandbox: status === 'test',
				recurring_shipping: false,
			};
			ds.plans.push(plan);
			ds.planByProduct.set(product.id, plan);
			subProductIndex++;
		}
	}
	const live = ds.products.filter((p) => p.status === 'live');
	const oneTimeLive = live.filter((p) => !isSubscriptionPricing(ds.productPricing.get(p.id)!));
	for (const p of live) {
		if (rng.chance(0.4)) {
			const bumps = new Set<Product>();
			const n = rng.int(1, 2);
			for (let k = 0; k < n; k++) {
				const b = rng.pick(oneTimeLive);
				if (b.id !== p.id) bumps.add(b);
			}
			p.order_bumps = [...bumps].map((b) => ({ product_id: b.id, product_name: b.product_name }));
		}
		if (rng.chance(0.1)) {
			const b = rng.pick(oneTimeLive.filter((x) => x.product_category === 'digital' && x.id !== p.id));
			if (b) p.bundled_products = [{ product_id: b.id, product_name: b.product_name }];
		}
	}
	let upsellId: number = ID_BASE.upsell;
	live.forEach((p, i) => {
		if (i % 3 !== 0) return;
		const upsells: Funnel['upsells'] = [];
		const n = rng.int(1, 2);
		for (let k = 0; k < n; k++) {
			const u = rng.pick(live);
			if (u.id !== p.id) upsells.push({ id: upsellId++, product_id: u.id });
		}
		if (!upsells.length)
			upsells.push({ id: upsellId++, product_id: oneTimeLive.find((x) => x.id !== p.id)!.id });
		const funnel: Funnel = {
			id: ID_BASE.funnel + ds.funnels.length,
			name: `${p.product_name} Funnel`,
			product_id: p.id,
			upsells,
		};
		ds.funnels.push(funnel);
		p.upsell_funnel = funnel.name;
	});
	const testProducts = ds.products.filter((p) => p.status === 'test');
	const sellable = ds.products.filter((p) => p.status !== 'test');
	const funnelByProduct = new Map(ds.funnels.map((f) => [f.product_id, f]));

	// ---- customers and order times -------------------------------------------------------------------------
	const orderCount = sizes.orders;
	const leadCount = Math.max(sizes.customers - orderCount, Math.round(sizes.customers * 0.05));
	const buyerCount = Math.min(sizes.customers - leadCount, orderCount);
	const orderTimes = Array.from(
		{ length: orderCount },
		() => windowStart + Math.floor((rng.next() * (now - windowStart - 3600_000)) / 1000) * 1000,
	).sort((a, b) => a - b);
	const newCustomerOrder = new Set<number>([0]);
	while (newCustomerOrder.size < buyerCount) newCustomerOrder.add(rng.int(1, orderCount - 1));

	interface CustomerDraft {
		customer: Customer;
		person: PoolPerson;
		processor: ProcessorName;
		last4: string;
		ms: number;
		lastActivity: number;
		physical: boolean;
	}
	const customerDrafts: CustomerDraft[] = [];
	const makeCustomer = (ms: number): CustomerDraft => {
		const person = pool.people[customerDrafts.length];
		const draft: CustomerDraft = {
			customer: {
				id: 0,
				first_name: person.first_name,
				last_name: person.last_name,
				email: person.email,
				phone: person.phone,
				customer_tags: rng.chance(0.3)
					? [{ name: rng.pick(['vip', 'newsletter', 'wholesale', 'affiliate', 'beta']) }]
					: [],
				lifetime_value: 0,
				updated_at: '',
				created_at: ts(ms),
				addresses: [],
			},
			person,
			processor: rng.weighted({ Stripe: 70, PayPal: 12, Braintree: 10, 'Authorize.net': 8 }),
			last4: String(rng.int(0, 9999)).padStart(4, '0'),
			ms,
			lastActivity: ms,
			physical: false,
		};
		customerDrafts.push(draft);
		return draft;
	};
	for (let i = 0; i < leadCount; i++)
		makeCustomer(windowStart + Math.floor((rng.next() * (now - windowStart - 60_000)) / 1000) * 1000);

	// ---- orders, cart items, charges, subscriptions ---------------------------------------------------------
	const chargeDrafts: ChargeDraft[] = [];
	const subscriptionDrafts: SubscriptionDraft[] = [];
	const failedCustomer = new Map<FailedCharge, { customer: Customer }>();
	const failedDrafts: Array<Timed<FailedCharge>> = [];
	const historyDrafts: Array<Timed<SubscriptionHistory>> = [];
	const orderCustomer = new Map<Order, CustomerDraft>();
	let cartItemId: number = ID_BASE.cartItem;
	let subscriptionId: number = ID_BASE.subscription;
	const buyers: CustomerDraft[] = [];
	const pickErrors = () =>
		rng.weighted({ declined: 40, insufficient: 25, expired: 20, cvc: 8, processing: 7 } as const);

	const priceFor = (product: Product, amount: number): Price => {
		const taxes = product.taxes ? percentOf(amount, 8) : 0;
		const shipping = product.product_category === 'physical' ? 599 : 0;
		return { subtotal: amount, taxes, shipping, total: amount + taxes + shipping };
	};

	for (let i = 0; i < orderCount; i++) {
		const ms = orderTimes[i];
		let cd: CustomerDraft;
		if (newCustomerOrder.has(i)) {
			cd = makeCustomer(ms - rng.int(60, 1800) * 1000);
			buyers.push(cd);
		} else {
			cd = buyers[Math.floor(rng.next() ** 1.5 * buyers.length)];
		}
		cd.lastActivity = ms;
		const testMode = rng.chance(0.05);
		const candidates = testMode && testProducts.length ? testProducts : sellable;
		let primary = candidates[Math.floor(rng.next() ** 1.3 * candidates.length)];
		if (primary.archived_date !== null && ms >= parseTimestamp(primary.archived_date))
			primary = live[Math.floor(rng.next() * live.length)];
		const processor = cd.processor;
		const card = processor === 'PayPal' ? null : cd.last4;
		const couponRoll = rng.next();
		const coupon: Coupon | null =
			couponRoll < 0.1
				? couponRoll < 0.06
					? {
							id: rng.int(100, 140),
							charge_instance: 'one_time',
							code: rng.pick(['SAVE10', 'WELCOME20', 'LAUNCH']),
							type: 'percentage',
							discount_amount: null,
							discount_percentage: rng.pick([10, 20]),
						}
					: {
							id: rng.int(100, 140),
							charge_instance: 'one_time',
							code: rng.pick(['FIVEOFF', 'FRIEND5']),
							type: 'flat_rate',
							discount_amount: 500,
							discount_percentage: null,
						}
				: null;
		const funnel = funnelByProduct.get(primary.id);
		const meta: OrderMeta = {
			ip_address: cd.person.ip,
			funnel_id: funnel ? funnel.id : null,
			upsell_id: null,
			affiliate_token: null,
			coupon_code: coupon?.code ?? null,
			item_roles: {},
		};
		const affiliateId = rng.chance(0.1) ? rng.int(1, 30) : null;
		if (affiliateId) meta.affiliate_token = `aff${String(affiliateId).padStart(3, '0')}${rng.alnum(5)}`;
		const order: Order = {
			id: ID_BASE.order + i,
			customer_id: 0,
			affiliate_id: affiliateId,
			test_mode: testMode,
			order_date: ts(ms),
			cart_items: [],
			subtotal: 0,
			discount: 0,
			taxes: 0,
			shipping: 0,
			total: 0,
			card_used: card,
			processor_name: processor,
			custom_fields: {},
		};
		orderCustomer.set(order, cd);
		ds.orderMeta.set(order.id, meta);
		if (rng.chance(0.3)) {
			const f = ds.customFields[0];
			order.custom_fields[f.slug] = { name: f.name, value: cd.person.company };
		}
		if (rng.chance(0.25)) {
			const f = ds.customFields[1];
			order.custom_fields[f.slug] = {
				name: f.name,
				value: rng.pick(['Podcast', 'YouTube', 'A friend', 'Google', 'Facebook ad']),
			};
		}

		const addItem = (product: Product, role: CartItemRole, at: number): CartItem => {
			const withCoupon = role === 'primary';
			const pricing = ds.productPricing.get(product.id)!;
			const plan = ds.planByProduct.get(product.id);
			const amount = pricing.startsWith('pwyw') ? product.price + rng.int(0, 4) * 500 : product.price;
			let discount = 0;
			if (withCoupon && coupon)
				discount =
					coupon.type === 'percentage'
						? percentOf(amount, coupon.discount_percentage!)
						: Math.min(500, amount);
			const initialAmount = plan && plan.trial_period > 0 ? 100 : amount - discount;
			const initial = priceFor(product, initialAmount);
			if (product.product_category === 'physical') cd.physical = true;
			const item: CartItem = {
				id: cartItemId++,
				product_id: product.id,
				subscription_id: null,
				sku: product.sku,
				internal_product_name: product.internal_product_name,
				product_name: product.product_name,
				charge_id: null,
				pricing_type: CART_PRICING[pricing],
				processor_transaction_id: transactionId(rng, processor),
				currency: ds.currency,
				quantity: 1,
				status: product.product_category === 'physical' && at < now - 3 * DAY_MS ? 'fulfilled' : 'charged',
				initial_price: initial,
				recurring_price: plan ? priceFor(product, amount - discount) : null,
				coupon: withCoupon ? coupon : null,
			};
			order.cart_items.push(item);
			meta.item_roles[item.id] = role;
			order.subtotal += amount;
			order.discount += plan && plan.trial_period > 0 ? 0 : discount;
			order.taxes += initial.taxes;
			order.shipping += initial.shipping;
			order.total += initial.total;
			if (plan) {
				const sub: Subscription = {
					id: subscriptionId++,
					customer_id: 0,
					affiliate_id: affiliateId,
					order_id: order.id,
					product_id: product.id,
					sku: product.sku,
					status: 'active',
					type: plan.plan_duration ? 'limited_subscription' : 'recurring_subscription',
					product_name: product.product_name,
					internal_product_name: product.internal_product_name,
					initial_price: initial,
					recurring_price: item.recurring_price!,
					coupon: withCoupon ? coupon : null,
					processor_name: processor,
					test_mode: testMode,
					card_used: card,
					created_at: ts(ms), // with the order, so ids stay ascending with created_at
					start_date: '',
					end_date: null,
					next_rebilling_date: null,
					total_failed_charges: 0,
				};
				item.subscription_id = sub.id;
				ds.subscriptions.push(sub);
				subscriptionDrafts.push({ sub, plan, at: ms, order, customer: cd, item });
			}
			return item;
		};
		const mainItems = [addItem(primary, 'primary', ms)];
		for (const bump of primary.order_bumps) {
			if (rng.chance(0.2)) mainItems.push(addItem(ds.product(bump.product_id)!, 'bump', ms));
		}
		const makeCharge = (items: CartItem[], at: number) => {
			const total = items.reduce((sum, it) => sum + it.initial_price.total, 0);
			const charge: Charge = {
				id: 0,
				customer_id: 0,
				affiliate_id: affiliateId,
				order_id: order.id,
				subscription_rebill_id: null,
				test_mode: testMode,
				processor_name: processor,
				processor_transaction_id: items[0].processor_transaction_id,
				currency: ds.currency,
				card_used: card,
				charge_refund_status: null,
				order_date: order.order_date,
				created_at: ts(at),
				total,
			};
			chargeDrafts.push({ charge, ms: at, items, rebill: false });
		};
		makeCharge(mainItems, ms);
		if (funnel && rng.chance(0.25)) {
			const upsell = rng.pick(funnel.upsells);
			meta.upsell_id = upsell.id;
			const at = ms + rng.int(30, 300) * 1000;
			makeCharge([addItem(ds.product(upsell.product_id)!, 'upsell', at)], at);
		}
		if (rng.chance(0.003)) mainItems[0].status = 'reversed';
		ds.orders.push(order);
	}

	// Declined checkouts: failed charges with no order (customer sometimes known).
	const failedCheckouts = Math.round(orderCount * 0.04);
	for (let i = 0; i < failedCheckouts; i++) {
		const ms = windowStart + Math.floor((rng.next() * (now - windowStart - 60_000)) / 1000) * 1000;
		const known = buyers.length && rng.chance(0.5) ? buyers[rng.int(0, buyers.length - 1)] : null;
		const knownCustomer = known && known.ms <= ms ? known : null;
		const processor =
			knownCustomer?.processor ?? rng.weighted({ Stripe: 70, PayPal: 12, Braintree: 10, 'Authorize.net': 8 });
		failedDrafts.push({
			ms,
			record: {
				id: 0,
				customer_id: knownCustomer ? -1 : null,
				affiliate_id: null,
				order_id: null,
				subscription_rebill_id: null,
				test_mode: rng.chance(0.05),
				processor_name: processor,
				processor_transaction_id: null,
				currency: ds.currency,
				card_used: processor === 'PayPal' ? null : String(knownCustomer?.last4 ?? rng.int(0, 9999)).padStart(4, '0'),
				created_at: ts(ms),
				total: rng.pick([1900, 2700, 4700, 9700]),
				error: PROCESSOR_ERRORS[pickErrors()],
			},
		});
		if (knownCustomer) failedCustomer.set(failedDrafts[failedDrafts.length - 1].record, knownCustomer);
	}

	// ---- subscription lifecycles ---------------------------------------------------------------------------
	for (const d of subscriptionDrafts) simulateSubscription(d);

	// ---- assign ids ----------------------------------------------------------------------------------------
	customerDrafts.sort((a, b) => a.ms - b.ms);
	customerDrafts.forEach((cd, i) => {
		cd.customer.id = ID_BASE.customer + i;
		const p = cd.person;
		const address = {
			street: p.street,
			postal_code: p.postal_code,
			city: p.city,
			state: p.state,
			region: p.region,
			country: p.country,
		};
		cd.customer.addresses = [{ type: 'billing', ...address }];
		if (cd.physical) cd.customer.addresses.push({ type: 'shipping', ...address });
		cd.customer.updated_at = ts(cd.lastActivity);
	});
	ds.customers = customerDrafts.map((cd) => cd.customer);
	for (const [order, cd] of orderCustomer) order.customer_id = cd.customer.id;
	for (const s of subscriptionDrafts) s.sub.customer_id = s.customer.customer.id;
	for (const [fc, cd] of failedCustomer) fc.customer_id = cd.customer.id;

	chargeDrafts.sort((a, b) => a.ms - b.ms);
	let rebillId: number = ID_BASE.rebill;
	chargeDrafts.forEach((d, i) => {
		d.charge.id = ID_BASE.charge + i;
		const order = ds.order(d.charge.order_id)!;
		d.charge.customer_id = order.customer_id;
		for (const item of d.items) item.charge_id = d.charge.id;
		if (d.rebill) {
			d.charge.subscription_rebill_id = rebillId++;
			ds.rebillOwner.set(d.charge.id, d.subscription!.id);
		}
	});
	ds.lastRebillId = rebillId - 1;
	ds.charges = chargeDrafts.map((d) => d.charge);
	ds.failedCharges = sortAssign(failedDrafts, ID_BASE.failedCharge);
	ds.history = sortAssign(historyDrafts, ID_BASE.history);
	ds.orders.sort((a, b) => a.id - b.id);

	// ---- refunds -------------------------------------------------------------------------------------------
	const refundDrafts: Array<Timed<Refund>> = [];
	for (const d of chargeDrafts) {
		const c = d.charge;
		if (c.total <= 100 || d.ms > now - 2 * DAY_MS) continue;
		const roll = rng.next();
		if (roll >= 0.065) continue;
		const parts: number[] =
			roll < 0.04
				? [c.total]
				: roll < 0.06
					? [rng.int(1, Math.floor((c.total - 1) / 100)) * 100 || 1]
					: [Math.floor(c.total / 4), Math.floor(c.total / 4)];
		let refunded = 0;
		let at = d.ms;
		const itemId =
			d.items[0]?.id ??
			ds.order(c.order_id)!.cart_items.find((it) => it.subscription_id === d.subscription?.id)?.id ??
			0;
		for (const amount of parts) {
			at = Math.min(now - LATE_REFUNDS_MS, at + rng.int(3600, 20 * 86400) * 1000);
			refunded += amount;
			const status = refunded >= c.total ? 'refunded' : 'partially_refunded';
			refundDrafts.push({
				ms: at,
				record: {
					id: 0,
					charge_id: c.id,
					cart_item_id: itemId,
					created_at: ts(at),
					test_mode: c.test_mode,
					charge_refund_status: status,
					currency: ds.currency,
					refund_amount: amount,
				},
			});
			c.charge_refund_status = status;
		}
		for (const item of d.items) item.status = c.charge_refund_status!;
	}
	ds.refunds = sortAssign(refundDrafts, ID_BASE.refund);

	// ---- lifetime value -------------------------------------------------------------------------------------
	ds.touch();
	recomputeLifetimeValues(ds);
	ds.touch();
	return ds;

	// ---- helpers (hoisted) ---------------------------------------------------------------------------------
	function simulateSubscription(d: SubscriptionDraft): void {
		const { sub, plan, at, order, item } = d;
		const history = (status: SubscriptionStatus, ms: number, source: string) =>
			historyDrafts.push({
				ms,
				record: {
					id: 0,
					subscription_id: sub.id,
					new_status: status,
					source,
					type: 'status',
					change_date: ts(ms),
				},
			});
		history('active', at, 'checkout');
		let due = plan.trial_period > 0 ? at + plan.trial_period * DAY_MS : addPeriod(at, plan);
		sub.start_date = ts(due);
		const needed = plan.plan_duration
			? plan.trial_period > 0
				? plan.plan_duration
				: plan.plan_duration - 1
			: Infinity;
		if (plan.plan_duration) {
			let end = due;
			for (let k = 1; k < needed; k++) end = addPeriod(end, plan);
			sub.end_date = ts(end);
		}
		const target = rng.weighted({
			active: 58,
			canceled: 20,
			delinquent: 6,
			paused: 4,
			invalid_processor: 3,
			sca_required: 3,
			deleted: 2,
		} as const);
		const stopAt =
			target === 'active' ? now : at + DAY_MS + Math.floor(rng.next() * Math.max(0, now - at - DAY_MS));
		let done = 0;
		let status: SubscriptionStatus = 'active';
		const rebillCharge = (ms: number) => {
			const charge: Charge = {
				id: 0,
				customer_id: 0,
				affiliate_id: sub.affiliate_id,
				order_id: order.id,
				subscription_rebill_id: null,
				test_mode: sub.test_mode,
				processor_name: sub.processor_name,
				processor_transaction_id: transactionId(rng, sub.processor_name),
				currency: ds.currency,
				card_used: sub.card_used,
				charge_refund_status: null,
				order_date: order.order_date,
				created_at: ts(ms),
				total: sub.recurring_price.total,
			};
			chargeDrafts.push({ charge, ms, items: [], subscription: sub, rebill: true });
		};
		const failed = (ms: number, error: string) => {
			sub.total_failed_charges++;
			const record = failedRebill(sub, -1, ms, error, ds.currency);
			failedDrafts.push({ ms, record });
			failedCustomer.set(record, d.customer);
		};
		let guard = 0;
		while (due < stopAt && due < now && guard++ < 200) {
			if (done >= needed) break;
			if (target === 'delinquent' || target === 'invalid_processor' || target === 'sca_required') {
				if (due >= stopAt - 40 * DAY_MS || (done > 0 && rng.chance(0.15))) {
					if (target === 'delinquent') {
						const tries = DUNNING_RETRY_DAYS.map((days) => due + days * DAY_MS).filter((t) => t < now);
						const error = PROCESSOR_ERRORS[rng.pick(['insufficient', 'expired', 'declined'] as const)];
						for (const t of tries) failed(t, error);
						if (tries.length === 4) {
							status = 'delinquent';
							history('delinquent', tries[3], 'system');
						}
					} else {
						failed(due, target === 'sca_required' ? PROCESSOR_ERRORS.declined : PROCESSOR_ERRORS.processing);
						status = target;
						history(target, due, 'system');
					}
					break;
				}
			}
			if (target === 'active' && rng.chance(0.03) && due + 2 * DAY_MS < now) {
				failed(due, PROCESSOR_ERRORS[pickErrors()]);
				rebillCharge(due + 2 * DAY_MS);
			} else {
				rebillCharge(due);
			}
			done++;
			d.customer.lastActivity = Math.max(d.customer.lastActivity, due);
			due = addPeriod(due, plan);
		}
		if (status === 'active' && done >= needed) {
			status = 'completed';
			history('completed', Math.min(now - 1000, due), 'system');
		} else if (
			status === 'active' &&
			(target === 'canceled' || target === 'paused' || target === 'deleted') &&
			stopAt < now
		) {
			status = target;
			history(
				target,
				stopAt,
				target === 'canceled' ? rng.pick(['dashboard', 'customer_portal', 'api']) : 'dashboard',
			);
			if (target === 'canceled') ds.subscriptionMeta.set(sub.id, { canceled_at: ts(stopAt) });
		}
		sub.status = status;
		sub.next_rebilling_date =
			status === 'active' || status === 'delinquent' ? ts(Math.max(due, now + DAY_MS)) : null;
		if (status === 'active' && sub.type === 'recurring_subscription' && rng.chance(0.05)) {
			sub.cancel_schedule = { status: 'scheduled', cancel_date: sub.next_rebilling_date! };
		}
		if (!ds.subscriptionMeta.has(sub.id)) ds.subscriptionMeta.set(sub.id, { canceled_at: null });
		void item;
	}
}

interface SubscriptionDraft {
	sub: Subscription;
	plan: SubscriptionPlan;
	at: number;
	order: Order;
	customer: { customer: Customer; lastActivity: number };
	item: CartItem;
}

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
