import type { Simulator } from '../../../dev/samcart-simulator';
import type { Order } from '../../../dev/samcart-simulator/types';
import { api, start, walk, type Page } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await start();
});
afterAll(() => sim.stop());

const ids = (list: Array<{ id: number }>) => list.map((r) => r.id);

describe('pagination (§4)', () => {
	it.each([
		['/orders', () => sim.data.orders],
		['/charges', () => sim.data.charges],
		['/failed-charges', () => sim.data.failedCharges],
		['/customers', () => sim.data.customers],
		['/products', () => sim.data.products],
		['/refunds', () => sim.data.refunds],
		['/subscriptions', () => sim.data.subscriptions],
	])('%s walks every record exactly once, forwards and backwards', async (path, all) => {
		const expected = ids(all());
		const forward = await walk(sim, path, { limit: '37' });
		expect(ids(forward.records)).toEqual(expected);
		expect(forward.pages).toBe(Math.ceil(expected.length / 37));
		const backward = await walk(sim, path, { limit: '37' }, 'prev');
		expect(ids(backward.records)).toEqual(expected);
	});

	it('ids ascend and next/prev are full URLs carrying only offset and dir', async () => {
		const res = await api<Page<Order>>(sim, '/orders?limit=5&test_mode=false&created_at_min=2025-01-01');
		const data = res.body.data;
		expect(ids(data)).toEqual([...ids(data)].sort((a, b) => a - b));
		const next = new URL(res.body.pagination.next!);
		expect(`${next.protocol}//${next.host}`).toBe(sim.url);
		expect(next.pathname).toBe('/v1/orders');
		expect([...next.searchParams.keys()].sort()).toEqual(['dir', 'offset']);
		expect(next.searchParams.get('offset')).toBe(String(data[4].id));
		expect(next.searchParams.get('dir')).toBe('next');
		// first page: no prev
		expect(res.body.pagination.prev).toBeNull();
		const second = await api<Page<Order>>(sim, `/orders?limit=5&test_mode=false&created_at_min=2025-01-01&offset=${data[4].id}`);
		const prev = new URL(second.body.pagination.prev!);
		expect(prev.searchParams.get('offset')).toBe(String(second.body.data[0].id));
		expect(prev.searchParams.get('dir')).toBe('prev');
	});

	it('with filters, walking re-sent filters returns exactly the filtered set; the bare next URL drops them', async () => {
		const query = { test_mode: 'false', created_at_min: '2025-03-01', created_at_max: '2025-09-30T23:59:59Z', limit: '25' };
		const expected = sim.data.orders.filter((o) => !o.test_mode && o.order_date >= '2025-03-01 00:00:00' && o.order_date <= '2025-09-30 23:59:59');
		expect(expected.length).toBeGreaterThan(50);
		const { records, links } = await walk<Order>(sim, '/orders', query);
		expect(ids(records)).toEqual(ids(expected));
		// Following the link verbatim loses the filters and the limit: 100 unfiltered records after the offset.
		const verbatim = await api<Page<Order>>(sim, links[0]);
		expect(verbatim.body.data).toHaveLength(100);
		expect(verbatim.body.data.some((o) => o.test_mode)).toBe(true);
		expect(ids(verbatim.body.data)).not.toEqual(ids(records.slice(25, 125)));
		const backward = await walk<Order>(sim, '/orders', query, 'prev');
		expect(ids(backward.records)).toEqual(ids(expected));
	});

	it('paginates funnel, upsell and product order lists', async () => {
		const funnel = sim.data.funnels.find((f) => (sim.data.indexes.ordersByFunnel.get(f.id)?.length ?? 0) > 3)!;
		const all = sim.data.indexes.ordersByFunnel.get(funnel.id)!;
		expect(ids((await walk<Order>(sim, `/funnels/${funnel.id}/orders`, { limit: '2' })).records)).toEqual(ids(all));
		const upsellId = [...sim.data.indexes.ordersByUpsell.keys()][0];
		const upsellOrders = (await walk<Order>(sim, `/upsells/${upsellId}/orders`)).records;
		expect(upsellOrders.length).toBeGreaterThan(0);
		expect(upsellOrders.every((o) => sim.data.orderMeta.get(o.id)!.upsell_id === upsellId)).toBe(true);
		const product = sim.data.products[0];
		const productOrders = (await walk<Order>(sim, `/products/${product.id}/orders`, { limit: '10' })).records;
		expect(productOrders.length).toBeGreaterThan(0);
		expect(productOrders.every((o) => o.cart_items.some((i) => i.product_id === product.id))).toBe(true);
	});

	it('defaults limit to 100, clamps above 100, rejects < 1 and non-integers', async () => {
		expect((await api<Page<Order>>(sim, '/orders')).body.data).toHaveLength(100);
		expect((await api<Page<Order>>(sim, '/orders?limit=500')).body.data).toHaveLength(100);
		for (const bad of ['0', '-3', '2.5', 'ten']) {
			const res = await api(sim, `/orders?limit=${bad}`);
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, error: expect.any(String), data: null });
		}
		expect((await api(sim, '/orders?dir=sideways')).status).toBe(400);
	});

	it('returns an empty last page with no next after the final id', async () => {
		const last = sim.data.orders[sim.data.orders.length - 1].id;
		const res = await api<Page<Order>>(sim, `/orders?offset=${last}`);
		expect(res.body).toEqual({ data: [], pagination: { next: null, prev: null } });
	});
});
