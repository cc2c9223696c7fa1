import type { Simulator } from '../../../dev/samcart-simulator';
import type { Charge, Order, Refund, Subscription } from '../../../dev/samcart-simulator/types';
import { addToOrderRefusal } from '../../../dev/samcart-simulator/writes';
import { api, start } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	// Schedule Cancellation is checked with the unconfirmed cancel_schedule in its answers.
	sim = await start({ batchProcessingPolls: 1, unconfirmedCancelSchedule: true });
});
afterAll(() => sim.stop());

const unrefunded = () => sim.data.charges.filter((c) => c.charge_refund_status === null && c.total > 1000 && !sim.data.indexes.refundsByCharge.has(c.id));

describe('refunds (§3 #29)', () => {
	it('partial refunds accumulate, over-refund is 400, the rest completes it, then 409', async () => {
		const charge = unrefunded().find((c) => (sim.data.indexes.cartItemsByCharge.get(c.id)?.length ?? 0) > 0)!;
		const first = await api<Refund>(sim, `/refunds/charges/${charge.id}/`, { method: 'POST', body: { amount: 300 } });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ charge_id: charge.id, refund_amount: 300, charge_refund_status: 'partially_refunded' });
		expect(first.body.id).toBeGreaterThan(0);
		expect((await api<Charge>(sim, `/charges/${charge.id}`)).body.charge_refund_status).toBe('partially_refunded');
		const order = (await api<Order>(sim, `/orders/${charge.order_id}`)).body;
		expect(order.cart_items.filter((i) => i.charge_id === charge.id).every((i) => i.status === 'partially_refunded')).toBe(true);
		const over = await api(sim, `/refunds/charges/${charge.id}/`, { method: 'POST', body: { amount: charge.total } });
		expect(over.status).toBe(400);
		expect(over.body).toEqual({ success: false, error: expect.any(String), data: null });
		const rest = await api<Refund>(sim, `/refunds/charges/${charge.id}`, { method: 'POST' });
		expect(rest.body).toMatchObject({ refund_amount: charge.total - 300, charge_refund_status: 'refunded' });
		const again = await api<{ message: string }>(sim, `/refunds/charges/${charge.id}/`, { method: 'POST', body: {} });
		expect(again.status).toBe(409);
		expect(again.body.message).toEqual(expect.any(String));
		const refunds = await api<Refund[]>(sim, `/charges/${charge.id}/refunds`);
		expect(refunds.body.map((r) => r.refund_amount)).toEqual([300, charge.total - 300]);
		expect((await api<Refund>(sim, `/refunds/${rest.body.id}`)).body.id).toBe(rest.body.id);
		const after = await api<Order>(sim, `/orders/${charge.order_id}`);
		expect(after.body.cart_items.filter((i) => i.charge_id === charge.id).every((i) => i.status === 'refunded')).toBe(true);
	});

	it('full refund with an empty body; bad amounts are 400; unknown charge is 404', async () => {
		const charge = unrefunded()[3];
		expect((await api(sim, `/refunds/charges/${charge.id}/`, { method: 'POST', body: { amount: -5 } })).status).toBe(400);
		expect((await api(sim, `/refunds/charges/${charge.id}/`, { method: 'POST', body: { amount: 1.5 } })).status).toBe(400);
		const full = await api<Refund>(sim, `/refunds/charges/${charge.id}/`, { method: 'POST', body: {} });
		expect(full.body).toMatchObject({ refund_amount: charge.total, charge_refund_status: 'refunded' });
		expect((await api(sim, '/refunds/charges/1/', { method: 'POST' })).status).toBe(404);
	});
});

describe('subscriptions writes (§3 #36–#38)', () => {
	const sub = (status: string, extra: (s: Subscription) => boolean = () => true) =>
		sim.data.subscriptions.find((s) => s.status === status && extra(s))!;

	it('cancel: active → canceled with a history row; retry → 409; completed → 409', async () => {
		const s = sub('active', (x) => !x.cancel_schedule);
		const res = await api(sim, `/subscriptions/${s.id}/cancel`, { method: 'POST', body: { silent_cancel: true } });
		expect(res).toMatchObject({ status: 200, body: { id: s.id, status: 'canceled' } });
		expect((await api<Subscription>(sim, `/subscriptions/${s.id}`)).body.status).toBe('canceled');
		const history = await api<Array<{ new_status: string }>>(sim, `/subscriptions/${s.id}/history`);
		expect(history.body[history.body.length - 1].new_status).toBe('canceled');
		expect((await api(sim, `/subscriptions/${s.id}/cancel`, { method: 'POST' })).status).toBe(409);
		expect((await api(sim, `/subscriptions/${sub('completed').id}/cancel`, { method: 'POST' })).status).toBe(409);
		const paused = await api(sim, `/subscriptions/${sub('paused').id}/cancel`, { method: 'POST' });
		expect(paused.body).toMatchObject({ status: 'canceled' });
	});

	it('scheduleCancel: end and custom; twice → 409; not active → 409; bad date → 400', async () => {
		const a = sub('active', (x) => !x.cancel_schedule);
		const end = await api<Subscription>(sim, `/subscriptions/${a.id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'end' } });
		expect(end.status).toBe(200);
		expect(end.body.cancel_schedule).toEqual({ status: 'scheduled', cancel_date: a.next_rebilling_date });
		expect((await api<Subscription>(sim, `/subscriptions/${a.id}`)).body.cancel_schedule?.status).toBe('scheduled');
		expect((await api(sim, `/subscriptions/${a.id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'end' } })).status).toBe(409);
		const b = sub('active', (x) => !x.cancel_schedule);
		expect((await api(sim, `/subscriptions/${b.id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'custom' } })).status).toBe(400);
		expect((await api(sim, `/subscriptions/${b.id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'custom', schedule_date: '2020-01-01' } })).status).toBe(400);
		expect((await api(sim, `/subscriptions/${b.id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'later' } })).status).toBe(400);
		const custom = await api<Subscription>(sim, `/subscriptions/${b.id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'custom', schedule_date: '2026-03-01' } });
		expect(custom.body.cancel_schedule).toEqual({ status: 'scheduled', cancel_date: '2026-03-01 00:00:00' });
		expect((await api(sim, `/subscriptions/${sub('canceled').id}/scheduleCancel`, { method: 'POST', body: { cancel_when: 'end' } })).status).toBe(409);
	});

	it('update next_rebilling_date: future ISO only; active/delinquent only', async () => {
		const a = sub('active');
		const ok = await api(sim, `/subscriptions/${a.id}/update`, { method: 'POST', body: { next_rebilling_date: '2026-02-20T10:00:00Z' } });
		expect(ok.body).toMatchObject({ id: a.id, status: 'active', next_rebilling_date: '2026-02-20 10:00:00' });
		expect((await api<Subscription>(sim, `/subscriptions/${a.id}`)).body.next_rebilling_date).toBe('2026-02-20 10:00:00');
		for (const bad of ['2025-01-01T00:00:00Z', 'soon', undefined]) {
			const res = await api(sim, `/subscriptions/${a.id}/update`, { method: 'POST', body: { next_rebilling_date: bad } });
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, error: expect.any(String), data: null });
		}
		const d = sub('delinquent');
		expect((await api(sim, `/subscriptions/${d.id}/update`, { method: 'POST', body: { next_rebilling_date: '2026-02-01' } })).status).toBe(200);
		expect((await api(sim, `/subscriptions/${sub('deleted').id}/update`, { method: 'POST', body: { next_rebilling_date: '2026-02-01' } })).status).toBe(409);
	});
});

describe('orders writes (§3 #6–#9)', () => {
	it('PUT custom field: known slug updates the order; unknown slug → 400', async () => {
		const order = sim.data.orders[10];
		const field = sim.data.customFields[2];
		const res = await api<Order>(sim, `/orders/${order.id}`, { method: 'PUT', body: { custom_field_slug: field.slug, custom_field_data: 'XL' } });
		expect(res.status).toBe(200);
		expect((await api<Order>(sim, `/orders/${order.id}`)).body.custom_fields[field.slug]).toEqual({ name: field.name, value: 'XL' });
		expect((await api(sim, `/orders/${order.id}`, { method: 'PUT', body: { custom_field_slug: 'custom_nope', custom_field_data: 'x' } })).status).toBe(400);
	});

	it('add-to-order charges and adds a cart item; a refused charge → 409', async () => {
		const product = sim.data.products.find((p) => p.status === 'live')!;
		const order = sim.data.orders.find((o) => !addToOrderRefusal(sim.data, o, product.id))!;
		const before = (await api<Charge[]>(sim, `/orders/${order.id}/charges`)).body.length;
		const res = await api<{ charge_id: number; cart_item_id: number }>(sim, `/orders/${order.id}/add-to-order`, { method: 'POST', body: { product_id: product.id } });
		expect(res.status).toBe(200);
		const charges = (await api<Charge[]>(sim, `/orders/${order.id}/charges`)).body;
		expect(charges).toHaveLength(before + 1);
		const updated = (await api<Order>(sim, `/orders/${order.id}`)).body;
		expect(updated.cart_items.find((i) => i.id === res.body.cart_item_id)).toMatchObject({ product_id: product.id, charge_id: res.body.charge_id, status: 'charged' });
		const testOrder = sim.data.orders.find((o) => o.test_mode)!;
		expect((await api(sim, `/orders/${testOrder.id}/add-to-order`, { method: 'POST', body: { product_id: product.id } })).status).toBe(409);
		expect((await api(sim, `/orders/${order.id}/add-to-order`, { method: 'POST', body: {} })).status).toBe(400);
	});

	it('batch-add-to-order: validation, 202 with batch_id, processing then completed with per-order results', async () => {
		for (const body of [{}, { order_ids: [1, 1], product_ids: [2] }, { order_ids: [1], product_ids: Array.from({ length: 26 }, (_, i) => i + 1) }, { order_ids: ['a'], product_ids: [1] }]) {
			const res = await api(sim, '/orders/batch-add-to-order', { method: 'POST', body });
			expect(res.status).toBe(400);
		}
		const product = sim.data.products.find((p) => p.status === 'live')!;
		const good = sim.data.orders.find((o) => !addToOrderRefusal(sim.data, o, product.id))!;
		const bad = sim.data.orders.find((o) => o.test_mode)!;
		const created = await api<{ batch_id: string }>(sim, '/orders/batch-add-to-order', { method: 'POST', body: { order_ids: [good.id, bad.id], product_ids: [product.id] } });
		expect(created.status).toBe(202);
		const first = await api<{ status: string }>(sim, `/orders/batch-add-to-order/${created.body.batch_id}`);
		expect(first.body.status).toBe('processing');
		const done = await api<{ status: string; succeeded: number; failed: number; results: Array<{ order_id: number; status: string }> }>(sim, `/orders/batch-add-to-order/${created.body.batch_id}`);
		expect(done.body).toMatchObject({ status: 'completed', succeeded: 1, failed: 1 });
		expect(done.body.results.map((r) => [r.order_id, r.status])).toEqual([[good.id, 'success'], [bad.id, 'failed']]);
		expect((await api(sim, '/orders/batch-add-to-order/unknown')).status).toBe(404);
	});
});
