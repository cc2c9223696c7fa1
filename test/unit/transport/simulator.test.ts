/** The transport against the SamCart simulator: real HTTP, SamCart's cursor, its rate limiter and its faults. */
import { samCartPaginate, samCartRequest } from '../../../nodes/SamCart/transport';
import type { SamCartContext } from '../../../nodes/SamCart/transport';
import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { createFakeContext } from '../helpers/fakeN8nContext';

let sim: Simulator;
const context = (apiKey = sim.apiKey) =>
	createFakeContext({ baseUrl: sim.baseUrl, apiKey }) as unknown as SamCartContext;

beforeAll(async () => {
	sim = await startSimulator({ size: 'small', seed: 7, now: '2026-01-15', rateLimit: { limit: 0 } });
});
afterAll(async () => sim.stop());
beforeEach(() => {
	sim.clearRequests();
	sim.clearFaults();
	sim.setRateLimit({ limit: 0 });
});

describe('transport × simulator', () => {
	it('Return All walks every order exactly once, one request per 100 records', async () => {
		const orders = await samCartPaginate.call(context(), { path: '/orders' });
		const expected = sim.data.orders.map((order) => order.id);
		expect(orders.map((order) => order.id)).toEqual(expected);
		expect(new Set(orders.map((order) => order.id)).size).toBe(orders.length);
		expect(sim.requests({ path: '/v1/orders' })).toHaveLength(Math.ceil(expected.length / 100));
	});

	it('keeps the filters on every page although the next URL drops them', async () => {
		const since = '2025-07-01';
		const orders = await samCartPaginate.call(context(), {
			path: '/orders',
			qs: { created_at_min: since, test_mode: false },
		});
		const expected = sim.data.orders.filter(
			(order) => order.order_date >= `${since} 00:00:00` && !order.test_mode,
		);
		expect(expected.length).toBeGreaterThan(100);
		expect(orders.map((order) => order.id)).toEqual(expected.map((order) => order.id));
		for (const request of sim.requests({ path: '/v1/orders' })) {
			expect(request.query).toMatchObject({ created_at_min: since, test_mode: 'false' });
		}
	});

	it('finishes a walk under the rate limit without a failed call', async () => {
		sim.setRateLimit({ limit: 2, windowMs: 300 });
		const orders = await samCartPaginate.call(context(), { path: '/orders' });
		expect(orders).toHaveLength(sim.data.orders.length);
		const statuses = sim.requests({ path: '/v1/orders' }).map((request) => request.status);
		expect(statuses).toContain(429);
		expect(statuses.filter((status) => status === 200)).toHaveLength(Math.ceil(orders.length / 100));
	});

	it('reads through a burst of server errors, but sends a refund only once', async () => {
		sim.addFault({ method: 'GET', path: '/orders/*', times: 2, action: { type: 'status', status: 502 } });
		const order = sim.data.orders[3];
		await expect(
			samCartRequest.call(context(), { method: 'GET', path: `/orders/${order.id}` }),
		).resolves.toMatchObject({
			id: order.id,
		});

		const charge = sim.data.charges.find((candidate) => !candidate.charge_refund_status)!;
		sim.addFault({ method: 'POST', path: '/refunds/**', times: 1, action: { type: 'status', status: 503 } });
		await expect(
			samCartRequest.call(context(), { method: 'POST', path: `/refunds/charges/${charge.id}/`, body: {} }),
		).rejects.toMatchObject({ httpCode: '503' });
		expect(sim.requests({ method: 'POST' })).toHaveLength(1);
	});

	it('does not send a refund again after a timeout', async () => {
		const charge = sim.data.charges.find((candidate) => !candidate.charge_refund_status)!;
		sim.addFault({ method: 'POST', path: '/refunds/**', times: 1, action: { type: 'hang', ms: 1500 } });
		await expect(
			samCartRequest.call(context(), {
				method: 'POST',
				path: `/refunds/charges/${charge.id}/`,
				body: {},
				retry: { timeoutMs: 300 },
			}),
		).rejects.toThrow(/did not answer in time/);
		expect(sim.requests({ method: 'POST' })).toHaveLength(1);
	});

	it('explains the documented 401 and 403 answers', async () => {
		await expect(
			samCartRequest.call(context('wrong-key'), { method: 'GET', path: '/orders' }),
		).rejects.toMatchObject({
			httpCode: '401',
			message: 'SamCart rejected the API key',
		});
		await expect(
			samCartRequest.call(context(sim.noAccessKey), { method: 'GET', path: '/orders' }),
		).rejects.toMatchObject({ httpCode: '403', message: 'This SamCart account has no API access' });
	});
});
