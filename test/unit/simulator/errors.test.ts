import type { Simulator } from '../../../dev/samcart-simulator';
import { api, start } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await start({ rateLimit: { limit: 5, windowMs: 1500 } });
});
afterAll(() => sim.stop());
beforeEach(() => sim.setRateLimit({ limit: 0 }));

describe('authentication and error bodies (§2, §5)', () => {
	it('401 without a key, 401 with a wrong key, 403 for a key without API access', async () => {
		expect(await api(sim, '/orders', { key: null })).toMatchObject({ status: 401, body: { message: 'No API key found in request' } });
		expect(await api(sim, '/orders', { key: 'nope' })).toMatchObject({ status: 401, body: { message: 'Invalid authentication credentials' } });
		const forbidden = await api<{ message: string }>(sim, '/orders', { key: sim.noAccessKey });
		expect(forbidden.status).toBe(403);
		expect(forbidden.body.message).toEqual(expect.any(String));
	});

	it('404 with {"message":"Object could not be found"} for missing and non-integer ids', async () => {
		for (const path of ['/orders/1', '/customers/999999999', '/charges/abc', '/subscriptions/1.5', '/refunds/0', '/orders/1/charges']) {
			expect(await api(sim, path)).toMatchObject({ status: 404, body: { message: 'Object could not be found' } });
		}
		const charge = sim.data.charges.find((c) => !sim.data.indexes.refundsByCharge.has(c.id))!;
		const refund = sim.data.refunds[0];
		expect((await api(sim, `/charges/${charge.id}/refunds/${refund.id}`)).status).toBe(404);
		expect((await api(sim, `/charges/${refund.charge_id}/refunds/${refund.id}`)).body).toEqual(refund);
	});

	it('400 validation body for bad filters and bodies', async () => {
		for (const path of [
			'/orders?created_at_min=2025-13-01',
			'/orders?created_at_max=yesterday',
			'/charges?created_at_min=2025-01-16T14:30:00',
			'/orders?test_mode=maybe',
			'/subscriptions?status=cancelled',
			'/subscriptions?type=weekly',
			'/products?pricing_type=limited',
			'/products?status=draft',
			'/products?product_category=service',
		]) {
			const res = await api(sim, path);
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, error: expect.any(String), data: null });
		}
		const res = await fetch(`${sim.baseUrl}/subscriptions/${sim.data.subscriptions[0].id}/cancel`, {
			method: 'POST',
			headers: { 'sc-api': sim.apiKey, 'Content-Type': 'application/json' },
			body: '{not json',
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ success: false, data: null });
	});

	it('answers JSON on every endpoint', async () => {
		const res = await fetch(`${sim.baseUrl}/products/${sim.data.products[0].id}`, { headers: { 'sc-api': sim.apiKey } });
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
	});
});

describe('rate limiting (§5)', () => {
	it('counts per window, sends RateLimit-* on every authenticated response, 429 with Retry-After, then resets', async () => {
		sim.setRateLimit({ limit: 3, windowMs: 1200 });
		const first = await api(sim, '/products?limit=1');
		expect(first.headers.get('ratelimit-limit')).toBe('3');
		expect(first.headers.get('ratelimit-remaining')).toBe('2');
		expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
		expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(2);
		const notFound = await api(sim, '/orders/1');
		expect(notFound.headers.get('ratelimit-remaining')).toBe('1');
		await api(sim, '/products?limit=1');
		const limited = await api(sim, '/products?limit=1');
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ message: 'Too many requests' });
		expect(limited.headers.get('ratelimit-remaining')).toBe('0');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		// unauthenticated requests are not counted and carry no RateLimit headers
		const anon = await api(sim, '/products', { key: null });
		expect(anon.headers.get('ratelimit-limit')).toBeNull();
		await new Promise((r) => setTimeout(r, 1300));
		const after = await api(sim, '/products?limit=1');
		expect(after.status).toBe(200);
		expect(after.headers.get('ratelimit-remaining')).toBe('2');
	});

	it('limit 0 disables limiting', async () => {
		sim.setRateLimit({ limit: 0 });
		const results = await Promise.all(Array.from({ length: 20 }, () => api(sim, '/products?limit=1')));
		expect(results.every((r) => r.status === 200)).toBe(true);
	});
});
