/** Orders with their cart items, first charges and subscriptions; and checkouts that were declined. */
import { ID_BASE, percentOf, PROCESSOR_ERRORS } from '../store';
import { DAY_MS, formatTimestamp, parseTimestamp } from '../time';
import type {
	CartItem,
	CartItemPricingType,
	CartItemRole,
	Charge,
	Coupon,
	Order,
	OrderMeta,
	Price,
	Product,
	ProductPricingFilter,
	Subscription,
} from '../types';
import { pickError, transactionId } from './context';
import type { CustomerDraft, Generation } from './context';
import { makeCustomer } from './customers';
import type { Catalogue } from './products';

const CART_PRICING: Record<ProductPricingFilter, CartItemPricingType> = {
	one_time: 'one_time',
	recurring_subscription: 'recurring_subscription',
	limited_subscription: 'limited_subscription',
	pwyw_one_time: 'pwyw_onetime',
	pwyw_recurring_subscription: 'pwyw_recurring_subscription',
	pwyw_limited_subscription: 'pwyw_limited_subscription',
};

/** When the orders are placed, which of them a new customer places, and how many customers never buy. */
export interface OrderPlan {
	orderTimes: number[];
	newCustomerOrder: Set<number>;
	leadCount: number;
}

export function planOrders({ rng, ds, now, windowStart }: Generation): OrderPlan {
	const sizes = ds.sizes;
	const orderCount = sizes.orders;
	const leadCount = Math.max(sizes.customers - orderCount, Math.round(sizes.customers * 0.05));
	const buyerCount = Math.min(sizes.customers - leadCount, orderCount);
	const orderTimes = Array.from(
		{ length: orderCount },
		() => windowStart + Math.floor((rng.next() * (now - windowStart - 3600_000)) / 1000) * 1000,
	).sort((a, b) => a - b);
	const newCustomerOrder = new Set<number>([0]);
	while (newCustomerOrder.size < buyerCount) newCustomerOrder.add(rng.int(1, orderCount - 1));
	return { orderTimes, newCustomerOrder, leadCount };
}

export function addOrders(g: Generation, catalogue: Catalogue, { orderTimes, newCustomerOrder }: OrderPlan): void {
	const { rng, ds, now, buyers, orderCustomer, chargeDrafts, subscriptionDrafts } = g;
	const { live, testProducts, sellable, funnelByProduct } = catalogue;
	const ts = formatTimestamp;
	const orderCount = orderTimes.length;
	let cartItemId: number = ID_BASE.cartItem;
	let subscriptionId: number = ID_BASE.subscription;


	const priceFor = (product: Product, amount: number): Price => {
		const taxes = product.taxes ? percentOf(amount, 8) : 0;
		const shipping = product.product_category === 'physical' ? 599 : 0;
		return { subtotal: amount, taxes, shipping, total: amount + taxes + shipping };
	};


	for (let i = 0; i < orderCount; i++) {
		const ms = orderTimes[i];
		let cd: CustomerDraft;
		if (newCustomerOrder.has(i)) {
			cd = makeCustomer(g, ms - rng.int(60, 1800) * 1000);
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
}

/** Declined checkouts: failed charges with no order (customer sometimes known). */
export function addDeclinedCheckouts(g: Generation, orderCount: number): void {
	const { rng, ds, now, windowStart, buyers, failedDrafts, failedCustomer } = g;
	const ts = formatTimestamp;
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
				error: PROCESSOR_ERRORS[pickError(rng)],
			},
		});
		if (knownCustomer) failedCustomer.set(failedDrafts[failedDrafts.length - 1].record, knownCustomer);
	}
}
