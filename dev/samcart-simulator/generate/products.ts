/** The catalogue: custom fields, products (with their plans, order bumps and bundles) and funnels with upsells. */
import type { Rng } from '../rng';
import { ID_BASE, isSubscriptionPricing } from '../store';
import { DAY_MS, formatTimestamp } from '../time';
import type { Funnel, PlanFrequency, Product, ProductPricingFilter, SubscriptionPlan } from '../types';
import type { Generation } from './context';

const PRICING_FILTERS: readonly ProductPricingFilter[] = [
	'one_time',
	'recurring_subscription',
	'limited_subscription',
	'pwyw_one_time',
	'pwyw_recurring_subscription',
	'pwyw_limited_subscription',
];
const FREQUENCIES: readonly PlanFrequency[] = ['days', 'weekly', 'monthly', 'quarterly', 'yearly'];

const slugify = (s: string) =>
	s
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

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

export function addCustomFields({ rng, ds }: Generation): void {
	ds.customFields = [
		{ name: 'Company', slug: `custom_${rng.alnum(8)}` },
		{ name: 'How did you hear about us?', slug: `custom_${rng.alnum(8)}` },
		{ name: 'T-Shirt Size', slug: `custom_${rng.alnum(8)}` },
		{ name: 'Referral Code', slug: `custom_${rng.alnum(8)}` },
	];
}

/** What the orders are drawn from. */
export interface Catalogue {
	live: Product[];
	oneTimeLive: Product[];
	testProducts: Product[];
	sellable: Product[];
	funnelByProduct: Map<number, Funnel>;
}

export function addCatalogue(g: Generation): Catalogue {
	const { rng, ds, now, windowStart, pool } = g;
	const sizes = ds.sizes;
	const ts = formatTimestamp;
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
	return { live, oneTimeLive, testProducts, sellable, funnelByProduct };
}
