import type { Simulator } from '../../../dev/samcart-simulator';
import type { Customer, Order, Product, Subscription } from '../../../dev/samcart-simulator/types';
import { api, start, walk } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await start();
});
afterAll(() => sim.stop());
const ids = (list: Array<{ id: number }>) => list.map((r) => r.id);

describe('filters (§3, §3.1)', () => {
	it('created_at date-only bounds are whole UTC days, inclusive', async () => {
		const day = sim.data.orders[300].order_date.slice(0, 10);
		const { records } = await walk<Order>(sim, '/orders', { created_at_min: day, created_at_max: day });
		const expected = sim.data.orders.filter((o) => o.order_date.startsWith(day));
		expect(records.length).toBeGreaterThan(0);
		expect(ids(records)).toEqual(ids(expected));
	});

	it('created_at ISO 8601 with Z and with an offset', async () => {
		const target = sim.data.charges[500];
		const iso = `${target.created_at.replace(' ', 'T')}Z`;
		const exact = await walk<{ id: number; created_at: string }>(sim, '/charges', { created_at_min: iso, created_at_max: iso });
		expect(exact.records.map((c) => c.created_at).every((t) => t === target.created_at)).toBe(true);
		expect(ids(exact.records)).toContain(target.id);
		// Same instant written at +02:00
		const d = new Date(Date.parse(iso) + 2 * 3600_000).toISOString().slice(0, 19);
		const offset = await walk<{ id: number }>(sim, '/charges', { created_at_min: `${d}+02:00`, created_at_max: `${d}+02:00` });
		expect(ids(offset.records)).toEqual(ids(exact.records));
	});

	it('test_mode true / false / omitted', async () => {
		const test = await walk<Order>(sim, '/orders', { test_mode: 'true' });
		const live = await walk<Order>(sim, '/orders', { test_mode: 'false' });
		expect(test.records.length).toBeGreaterThan(5);
		expect(test.records.every((o) => o.test_mode)).toBe(true);
		expect(live.records.every((o) => !o.test_mode)).toBe(true);
		expect(test.records.length + live.records.length).toBe(sim.data.orders.length);
		expect(test.records.length / sim.data.orders.length).toBeLessThan(0.12);
	});

	it('subscription status (every status exists), type, rebilling_at and canceled_at', async () => {
		for (const status of ['active', 'canceled', 'delinquent', 'completed', 'paused', 'invalid_processor', 'sca_required', 'deleted']) {
			const { records } = await walk<Subscription>(sim, '/subscriptions', { status });
			expect([status, records.length > 0]).toEqual([status, true]);
			expect(records.every((s) => s.status === status)).toBe(true);
		}
		const limited = await walk<Subscription>(sim, '/subscriptions', { type: 'limited_subscription' });
		expect(limited.records.length).toBeGreaterThan(0);
		expect(limited.records.every((s) => s.type === 'limited_subscription' && s.end_date !== null)).toBe(true);
		const rebilling = await walk<Subscription>(sim, '/subscriptions', { rebilling_at_min: '2026-01-16', rebilling_at_max: '2026-02-15' });
		expect(rebilling.records.length).toBeGreaterThan(0);
		expect(rebilling.records.every((s) => s.next_rebilling_date! >= '2026-01-16' && s.next_rebilling_date! <= '2026-02-15 23:59:59')).toBe(true);
		const canceled = await walk<Subscription>(sim, '/subscriptions', { canceled_at_min: '2024-01-01', canceled_at_max: '2026-01-15' });
		expect(canceled.records.length).toBeGreaterThan(0);
		expect(canceled.records.every((s) => s.status === 'canceled')).toBe(true);
		const history = await api<Array<{ new_status: string }>>(sim, `/subscriptions/${canceled.records[0].id}/history`);
		expect(history.body.map((h) => h.new_status)).toContain('canceled');
	});

	it('customers email: exact, case-insensitive, comma-separated, at most 25', async () => {
		const picked = sim.data.customers.slice(10, 13);
		const emails = picked.map((c, i) => (i === 0 ? c.email.toUpperCase() : c.email)).join(',');
		const res = await api<{ data: Customer[] }>(sim, `/customers?email=${encodeURIComponent(emails)}`);
		expect(ids(res.body.data)).toEqual(ids(picked));
		const partial = await api<{ data: Customer[] }>(sim, `/customers?email=${encodeURIComponent(picked[0].email.slice(0, -1))}`);
		expect(partial.body.data).toEqual([]);
		const many = Array.from({ length: 26 }, (_, i) => `x${i}@example.com`).join(',');
		expect((await api(sim, `/customers?email=${encodeURIComponent(many)}`)).status).toBe(400);
	});

	it('products status, product_category and pricing_type (filter enum) cover every value', async () => {
		for (const [name, values] of [
			['status', ['live', 'test', 'archived']],
			['product_category', ['physical', 'digital']],
			['pricing_type', ['one_time', 'limited_subscription', 'recurring_subscription', 'pwyw_one_time', 'pwyw_recurring_subscription', 'pwyw_limited_subscription']],
		] as const) {
			for (const value of values) {
				const { records } = await walk<Product>(sim, '/products', { [name]: value });
				expect([name, value, records.length > 0]).toEqual([name, value, true]);
				if (name !== 'pricing_type') expect(records.every((p) => p[name] === value)).toBe(true);
				else expect(records.every((p) => sim.data.productPricing.get(p.id) === value)).toBe(true);
			}
		}
		const pwyw = await walk<Product>(sim, '/products', { pricing_type: 'pwyw_recurring_subscription' });
		expect(pwyw.records.every((p) => p.pricing_type === 'pwyw')).toBe(true);
	});

	it('sub-resource lists are bare arrays with their filters', async () => {
		const customer = sim.data.customers.find((c) => (sim.data.indexes.ordersByCustomer.get(c.id)?.length ?? 0) > 3)!;
		const orders = await api<Order[]>(sim, `/customers/${customer.id}/orders`);
		expect(Array.isArray(orders.body)).toBe(true);
		expect(orders.body.every((o) => o.customer_id === customer.id)).toBe(true);
		const firstDay = orders.body[0].order_date.slice(0, 10);
		const filtered = await api<Order[]>(sim, `/customers/${customer.id}/orders?created_at_max=${firstDay}`);
		expect(filtered.body.every((o) => o.order_date <= `${firstDay} 23:59:59`)).toBe(true);
		expect(filtered.body.length).toBeLessThan(orders.body.length);
		const addresses = await api<Array<{ type: string }>>(sim, `/customers/${customer.id}/addresses`);
		expect(addresses.body.map((a) => a.type)).toContain('billing');
		const order = orders.body[0];
		const charges = await api<Array<{ order_id: number }>>(sim, `/orders/${order.id}/charges`);
		expect(charges.body.length).toBeGreaterThan(0);
		expect(charges.body.every((c) => c.order_id === order.id)).toBe(true);
		expect((await api<Customer>(sim, `/orders/${order.id}/customer`)).body.id).toBe(customer.id);
		const sub = sim.data.subscriptions.find((s) => s.status === 'active' && s.total_failed_charges === 0)!;
		const subCharges = await api<Array<{ order_id: number }>>(sim, `/subscriptions/${sub.id}/charges`);
		expect(subCharges.body.length).toBeGreaterThan(0);
		expect((await api<{ product_id: number }>(sim, `/subscriptions/${sub.id}/plan`)).body.product_id).toBe(sub.product_id);
		expect((await api<Customer>(sim, `/subscriptions/${sub.id}/customer`)).body.id).toBe(sub.customer_id);
		expect((await api<Subscription[]>(sim, `/orders/${sub.order_id}/subscriptions`)).body.map((s) => s.id)).toContain(sub.id);
		expect((await api<Subscription[]>(sim, `/customers/${sub.customer_id}/subscriptions?status=active`)).body.every((s) => s.status === 'active')).toBe(true);
		expect((await api<unknown[]>(sim, `/customers/${sub.customer_id}/charges?test_mode=true`)).body.every((c) => (c as { test_mode: boolean }).test_mode)).toBe(true);
	});

	it('a single GET whose filters exclude the record answers 404', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode)!;
		expect((await api(sim, `/orders/${order.id}?test_mode=false`)).status).toBe(200);
		expect((await api(sim, `/orders/${order.id}?test_mode=true`)).status).toBe(404);
	});
});
