import type { Simulator } from '../../../dev/samcart-simulator';
import {
	applyDelivery,
	dunningDeliveries,
	orderDeliveries,
	scheduledCancellation,
	voluntaryCancellation,
	type ScheduledDelivery,
} from '../../../dev/samcart-simulator/deliveries';
import type { Charge, Order, Subscription, SubscriptionHistory } from '../../../dev/samcart-simulator/types';
import { buildWebhookPayload, centsToDollars, dollarsToCents } from '../../../dev/samcart-simulator/webhooks';
import { api, start } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	// These tests read the unconfirmed cancel_schedule over HTTP, so they ask for it.
	sim = await start({ unconfirmedCancelSchedule: true });
});
afterAll(() => sim.stop());

type Part = Record<string, unknown>;
const product = (d: ScheduledDelivery) => d.payload.product as Part;
const subscription = (d: ScheduledDelivery) => d.payload.subscription as Part;
const roles = (o: Order) => Object.values(sim.data.orderMeta.get(o.id)!.item_roles);

/** Live subscriptions that are active, each used by one test only. */
const taken = new Set<number>();
function activeSubscription(): Subscription {
	const sub = sim.data.subscriptions.find((s) => s.status === 'active' && !s.test_mode && !s.cancel_schedule && !taken.has(s.id))!;
	taken.add(sub.id);
	return sub;
}

describe('Product Purchased: one delivery per cart item', () => {
	it('gives the primary product and its bump at checkout and the upsell minutes later, each with its own product', () => {
		const order = sim.data.orders.find((o) => roles(o).includes('bump') && roles(o).includes('upsell'))!;
		const deliveries = orderDeliveries(sim.data, order.id);

		expect(deliveries).toHaveLength(order.cart_items.length);
		expect(deliveries.map((d) => d.eventKey)).toEqual(order.cart_items.map(() => 'newOrder'));
		expect(deliveries.map((d) => product(d).id)).toEqual(order.cart_items.map((i) => i.product_id));
		expect(deliveries.map((d) => product(d).cart_item_id)).toEqual(order.cart_items.map((i) => i.id));
		expect(deliveries.map((d) => product(d).role)).toEqual(['primary', 'bump', 'upsell']);
		for (const [i, d] of deliveries.entries()) {
			expect(product(d).name).toBe(order.cart_items[i].product_name);
			expect(product(d).price).toBe(centsToDollars(order.cart_items[i].initial_price.subtotal));
			// Every delivery carries the whole order, as SamCart sends it.
			expect((d.payload.order as Part).id).toBe(order.id);
			expect((d.payload.order as Part).total).toBe(centsToDollars(order.total));
			expect((d.payload.customer as Part).customer_id).toBe(order.customer_id);
		}
		// The items' own amounts (exact cents) add up to the order total.
		expect(deliveries.reduce((sum, d) => sum + dollarsToCents(product(d).total as string), 0)).toBe(order.total);
		expect(order.cart_items.reduce((sum, i) => sum + i.initial_price.total, 0)).toBe(order.total);

		const [primary, bump, upsell] = deliveries;
		expect(bump.at).toBe(primary.at);
		expect(primary.offsetMs).toBe(0);
		expect(upsell.at).toBeGreaterThan(primary.at);
		expect(upsell.offsetMs).toBe(upsell.at - primary.at);
		expect(upsell.offsetMs).toBeLessThanOrEqual(5 * 60_000);
		expect(new Set(deliveries.map((d) => JSON.stringify(d.payload))).size).toBe(deliveries.length);
	});

	it('moves a whole order to another time, keeping the upsell offset', () => {
		const order = sim.data.orders.find((o) => roles(o).includes('upsell'))!;
		const at = Date.UTC(2026, 4, 1, 12);
		const [first, ...rest] = orderDeliveries(sim.data, order.id, { at });
		const original = orderDeliveries(sim.data, order.id);
		expect(first.at).toBe(at);
		expect(rest.map((d) => d.at - at)).toEqual(original.slice(1).map((d) => d.offsetMs));
	});

	it('keeps buildWebhookPayload(newOrder) as the primary item’s delivery', () => {
		const order = sim.data.orders[42];
		expect(buildWebhookPayload(sim.data, 'newOrder', { recordId: order.id })).toEqual(orderDeliveries(sim.data, order.id)[0].payload);
	});

	it('has a realistic share of orders with bumps and with upsells', () => {
		const share = (role: string) => sim.data.orders.filter((o) => roles(o).includes(role as never)).length / sim.data.orders.length;
		for (const role of ['bump', 'upsell']) {
			expect(share(role)).toBeGreaterThan(0.03);
			expect(share(role)).toBeLessThan(0.3);
		}
		expect(sim.data.orders.every((o) => roles(o)[0] === 'primary' && roles(o).length === o.cart_items.length)).toBe(true);
	});

	it('sends a product added through the API as Product Added to Order, after the checkout', async () => {
		const delinquentCustomers = new Set(sim.data.subscriptions.filter((s) => s.status !== 'active').map((s) => s.customer_id));
		const order = sim.data.orders.find((o) => !o.test_mode && o.processor_name !== 'PayPal' && !delinquentCustomers.has(o.customer_id))!;
		const productId = sim.data.products.find((p) => p.status === 'live' && p.pricing_type === 'one_time')!.id;
		const res = await api<{ cart_item_id: number }>(sim, `/orders/${order.id}/add-to-order`, { method: 'POST', body: { product_id: productId } });
		expect(res.status).toBe(200);

		const deliveries = orderDeliveries(sim.data, order.id);
		const added = deliveries[deliveries.length - 1];
		expect(added.eventKey).toBe('productAddedToOrder');
		expect(product(added)).toMatchObject({ id: productId, cart_item_id: res.body.cart_item_id, role: 'add_to_order' });
		expect(deliveries.slice(0, -1).every((d) => d.eventKey === 'newOrder' && d.at < added.at)).toBe(true);
	});
});

describe('dunning', () => {
	it('4 failed payments: 4 Charge Failed, then Delinquent and Canceled with status delinquent', () => {
		const sub = activeSubscription();
		const deliveries = dunningDeliveries(sim.data, sub.id);
		expect(deliveries.map((d) => d.eventKey)).toEqual([
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionDelinquent',
			'subscriptionCanceled',
		]);
		expect(deliveries.map((d) => subscription(d).status)).toEqual(['active', 'active', 'active', 'active', 'delinquent', 'delinquent']);
		expect(deliveries.slice(0, 4).map((d) => subscription(d).total_failed_charges)).toEqual([1, 2, 3, 4].map((n) => sub.total_failed_charges + n));
		expect(deliveries.map((d) => d.payload.type)).toEqual([
			'RecurringPaymentFailed',
			'RecurringPaymentFailed',
			'RecurringPaymentFailed',
			'RecurringPaymentFailed',
			'SubscriptionDelinquent',
			'Cancel',
		]);
		for (let i = 1; i < 4; i++) expect(deliveries[i].at).toBeGreaterThan(deliveries[i - 1].at);
		expect(deliveries[4].at).toBe(deliveries[3].at);
		expect(deliveries[5].at).toBe(deliveries[3].at);
		// Consistent with the dataset: the subscription's own order, customer and product.
		for (const d of deliveries) {
			expect(subscription(d).id).toBe(sub.id);
			expect((d.payload.order as Part).id).toBe(sub.order_id);
			expect((d.payload.customer as Part).customer_id).toBe(sub.customer_id);
			expect(product(d).id).toBe(sub.product_id);
		}
		expect(sim.data.subscription(sub.id)!.status).toBe('active');
	});

	it.each([1, 2, 3] as const)('a retry succeeding after %i failures: that many Charge Failed, then Recovered, no cancellation', (n) => {
		const sub = activeSubscription();
		const deliveries = dunningDeliveries(sim.data, sub.id, { recoversAfter: n });
		expect(deliveries.map((d) => d.eventKey)).toEqual([...Array<string>(n).fill('subscriptionChargeFailed'), 'subscriptionRecovered']);
		expect(subscription(deliveries[n]).status).toBe('active');
		expect(deliveries[n].at).toBeGreaterThan(deliveries[n - 1].at);
	});

	it('a voluntary cancellation is one Subscription Canceled with status canceled', () => {
		const sub = activeSubscription();
		const [d, ...more] = voluntaryCancellation(sim.data, sub.id, { family: 'rule' });
		expect(more).toHaveLength(0);
		expect(d.eventKey).toBe('subscriptionCanceled');
		expect(d.payload.type).toBe('Subscription Canceled');
		expect(subscription(d)).toMatchObject({ id: sub.id, status: 'canceled', next_rebilling_date: null });
	});

	it('refuses subscriptions that cannot be in that state', () => {
		const canceled = sim.data.subscriptions.find((s) => s.status === 'canceled')!;
		expect(() => dunningDeliveries(sim.data, canceled.id)).toThrow(/canceled/);
		expect(() => voluntaryCancellation(sim.data, canceled.id)).toThrow(/canceled/);
		expect(() => dunningDeliveries(sim.data, activeSubscription().id, { recoversAfter: 4 as never })).toThrow(/recoversAfter/);
	});

	it('applied to a running simulator, the REST API answers as SamCart would after each cycle', async () => {
		const delinquent = activeSubscription();
		const recovered = activeSubscription();
		const canceled = activeSubscription();
		const scheduled = activeSubscription();
		const cycles = [
			dunningDeliveries(sim.data, delinquent.id),
			dunningDeliveries(sim.data, recovered.id, { recoversAfter: 2 }),
			voluntaryCancellation(sim.data, canceled.id),
			scheduledCancellation(sim.data, scheduled.id),
		];
		const failedBefore = delinquent.total_failed_charges;
		for (const d of cycles.flat()) applyDelivery(sim.data, d);

		const get = async (id: number) => (await api<Subscription>(sim, `/subscriptions/${id}`)).body;
		expect(await get(delinquent.id)).toMatchObject({ status: 'delinquent', total_failed_charges: failedBefore + 4 });
		const history = (await api<SubscriptionHistory[]>(sim, `/subscriptions/${delinquent.id}/history`)).body;
		expect(history[history.length - 1]).toMatchObject({ new_status: 'delinquent', source: 'system' });

		const recoveredSub = await get(recovered.id);
		expect(recoveredSub.status).toBe('active');
		const recovery = cycles[1][2];
		expect(recoveredSub.next_rebilling_date).toBe(subscription(recovery).next_rebilling_date);
		const charges = (await api<Charge[]>(sim, `/subscriptions/${recovered.id}/charges`)).body;
		expect(charges[charges.length - 1]).toMatchObject({ total: recovered.recurring_price.total, subscription_rebill_id: expect.any(Number) });

		expect((await get(canceled.id)).status).toBe('canceled');
		expect((await get(scheduled.id)).cancel_schedule).toEqual({ status: 'scheduled', cancel_date: subscription(cycles[3][0]).cancel_date });
	});
});
