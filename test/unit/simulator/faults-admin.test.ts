import type { Simulator } from '../../../dev/samcart-simulator';
import { api, start } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await start();
});
afterAll(() => sim.stop());
beforeEach(() => sim.clearFaults());

describe('fault injection', () => {
	it('next N requests to a route fail with the given status, others are untouched', async () => {
		sim.setFaults({ rules: [{ method: 'GET', path: '/orders', times: 2, action: { type: 'status', status: 503 } }] });
		expect((await api(sim, '/products?limit=1')).status).toBe(200);
		expect((await api(sim, '/orders?limit=1')).status).toBe(503);
		expect((await api(sim, '/orders/500001')).status).toBe(200);
		expect((await api(sim, '/orders?limit=1')).status).toBe(503);
		expect((await api(sim, '/orders?limit=1')).status).toBe(200);
	});

	it('500/502/504, forced 429 with Retry-After, malformed JSON, dropped connection, hang', async () => {
		sim.setFaults({
			rules: [
				{ path: '/charges', times: 1, action: { type: 'status', status: 502 } },
				{ path: '/charges', times: 1, action: { type: 'rateLimit' } },
				{ path: '/charges', times: 1, action: { type: 'malformed' } },
				{ path: '/charges', times: 1, action: { type: 'drop' } },
				{ path: '/charges', times: 1, action: { type: 'hang', ms: 300 } },
			],
		});
		expect((await api(sim, '/charges')).status).toBe(502);
		const limited = await api(sim, '/charges');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).not.toBeNull();
		const malformed = await fetch(`${sim.baseUrl}/charges`, { headers: { 'sc-api': sim.apiKey } });
		await expect(malformed.json()).rejects.toThrow();
		await expect(fetch(`${sim.baseUrl}/charges`, { headers: { 'sc-api': sim.apiKey } })).rejects.toThrow();
		await expect(fetch(`${sim.baseUrl}/charges`, { headers: { 'sc-api': sim.apiKey }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
		expect((await api(sim, '/charges?limit=1')).status).toBe(200);
	});

	it('drop closes the connection before a refund is handled; dropAfter carries it out, logs its status, then closes', async () => {
		const refunded = new Set(sim.data.refunds.map((r) => r.charge_id));
		const charge = sim.data.charges.find((c) => c.charge_refund_status === null && c.total > 1000 && !refunded.has(c.id))!;
		const path = `/refunds/charges/${charge.id}/`;
		const amounts = () => sim.data.refunds.filter((r) => r.charge_id === charge.id).map((r) => r.refund_amount);
		const refund = () => api(sim, path, { method: 'POST', body: { amount: 300 } });
		const socketError = { message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } };
		sim.setFaults({
			rules: [
				{ method: 'POST', path: '/refunds/charges/*', times: 1, action: { type: 'drop' } },
				{ method: 'POST', path: '/refunds/charges/*', times: 1, action: { type: 'dropAfter' } },
			],
		});
		sim.clearRequests();
		await expect(refund()).rejects.toMatchObject(socketError);
		expect(amounts()).toEqual([]);
		await expect(refund()).rejects.toMatchObject(socketError);
		expect(amounts()).toEqual([300]);
		expect(sim.data.charge(charge.id)?.charge_refund_status).toBe('partially_refunded');
		expect(sim.requests().map((r) => [r.method, r.path, r.fault, r.status])).toEqual([
			['POST', `/v1${path}`, 'drop', 0],
			['POST', `/v1${path}`, 'dropAfter', 200],
		]);
		// the rules are spent: the next refund is answered
		expect((await refund()).status).toBe(200);
		expect(amounts()).toEqual([300, 300]);
	});

	it('dropAfter logs the status of a refused request too (nothing changed, no answer)', async () => {
		sim.setFaults({ rules: [{ path: '/orders/*', times: 1, action: { type: 'dropAfter' } }] });
		sim.clearRequests();
		await expect(api(sim, '/orders/1')).rejects.toThrow('fetch failed');
		expect(sim.requests().map((r) => [r.path, r.fault, r.status])).toEqual([['/v1/orders/1', 'dropAfter', 404]]);
	});

	it('latency, and a deterministic share of failures', async () => {
		sim.setFaults({ latency: { fixedMs: 120 } });
		const t = Date.now();
		await api(sim, '/products?limit=1');
		expect(Date.now() - t).toBeGreaterThanOrEqual(110);
		sim.setFaults({ rules: [{ path: '/products/**', rate: 0.5, action: { type: 'status', status: 500 } }] });
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await api(sim, `/products/${sim.data.products[0].id}`)).status);
		const failures = statuses.filter((s) => s === 500).length;
		expect(failures).toBeGreaterThan(5);
		expect(failures).toBeLessThan(35);
	});
});

describe('admin surface', () => {
	it('logs requests without the sc-api value and counts per route', async () => {
		sim.clearRequests();
		await api(sim, '/orders?limit=2&test_mode=false');
		await api(sim, '/orders/500001');
		await api(sim, `/subscriptions/${sim.data.subscriptions[0].id}/update`, { method: 'POST', body: { next_rebilling_date: 'x' } });
		const log = sim.requests();
		expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/v1/orders', 200],
			['GET', '/v1/orders/500001', 200],
			['POST', `/v1/subscriptions/${sim.data.subscriptions[0].id}/update`, 400],
		]);
		expect(log[0].query).toEqual({ limit: '2', test_mode: 'false' });
		expect(log[2].body).toEqual({ next_rebilling_date: 'x' });
		expect(JSON.stringify(log)).not.toContain(sim.apiKey);
		expect(log[0].headers['sc-api']).toBe('[redacted]');
		expect(sim.routeCounts()).toEqual({ 'GET /orders': 1, 'GET /orders/:id': 1, 'POST /subscriptions/:id/update': 1 });
		const viaHttp = await (await fetch(`${sim.url}/__admin/requests`)).json();
		expect(viaHttp).toHaveLength(3);
		expect(await (await fetch(`${sim.url}/__admin/counts`)).json()).toEqual(sim.routeCounts());
	});

	it('sets faults and rate limit, reads records and resets over HTTP', async () => {
		const put = await fetch(`${sim.url}/__admin/faults`, {
			method: 'PUT',
			body: JSON.stringify({ rules: [{ method: 'GET', path: '/customers/*', times: 1, action: { type: 'status', status: 504 } }] }),
		});
		expect(put.status).toBe(200);
		expect((await api(sim, `/customers/${sim.data.customers[0].id}`)).status).toBe(504);
		await fetch(`${sim.url}/__admin/rate-limit`, { method: 'PUT', body: JSON.stringify({ limit: 1, windowMs: 60000 }) });
		expect((await api(sim, '/products?limit=1')).status).toBe(200);
		expect((await api(sim, '/products?limit=1')).status).toBe(429);
		await fetch(`${sim.url}/__admin/rate-limit`, { method: 'PUT', body: JSON.stringify({ limit: 0 }) });
		const order = sim.data.orders[0];
		expect(await (await fetch(`${sim.url}/__admin/records/orders/${order.id}`)).json()).toEqual(JSON.parse(JSON.stringify(order)));
		await api(sim, `/subscriptions/${sim.data.subscriptions.find((s) => s.status === 'active')!.id}/cancel`, { method: 'POST' });
		const canceledBefore = sim.data.subscriptions.filter((s) => s.status === 'canceled').length;
		const reset = await fetch(`${sim.url}/__admin/reset`, { method: 'POST', body: JSON.stringify({}) });
		expect(reset.status).toBe(200);
		expect(sim.data.subscriptions.filter((s) => s.status === 'canceled').length).toBe(canceledBefore - 1);
		expect(sim.requests()).toEqual([]);
		const info = await (await fetch(`${sim.url}/__admin/info`)).json();
		expect(info).toMatchObject({ seed: 7, counts: { orders: 600, customers: 200 } });
	});
});
