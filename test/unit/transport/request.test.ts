import nock from 'nock';
import { sleep } from 'n8n-workflow';

import { RETRY_POLICY, samCartRequest } from '../../../nodes/SamCart/transport';
import type { SamCartContext, SamCartRequest } from '../../../nodes/SamCart/transport';
import { createFakeContext, TEST_API_KEY } from '../helpers/fakeN8nContext';

// Waits are recorded instead of slept: the tests assert how long the transport chose to wait.
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));
const sleepMock = sleep as jest.MockedFunction<typeof sleep>;

const BASE = 'https://api.samcart.com';
const context = () => createFakeContext() as unknown as SamCartContext;
const call = (request: SamCartRequest) => samCartRequest.call(context(), request);

async function failure(request: SamCartRequest) {
	try {
		await call(request);
	} catch (error) {
		return error as Error & { description?: string; httpCode?: string; context?: { itemIndex?: number } };
	}
	throw new Error('the request was expected to fail');
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => sleepMock.mockClear());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('authentication', () => {
	it('sends the key as sc-api with Accept: application/json', async () => {
		nock(BASE, { reqheaders: { 'sc-api': TEST_API_KEY, accept: 'application/json' } })
			.get('/v1/orders/1')
			.reply(200, { id: 1 });
		await expect(call({ method: 'GET', path: '/orders/1' })).resolves.toEqual({ id: 1 });
	});
});

describe('rate limiting (429)', () => {
	it('waits as long as Retry-After says, then succeeds', async () => {
		nock(BASE).get('/v1/orders').reply(429, { message: 'Too many requests' }, { 'Retry-After': '7' });
		nock(BASE).get('/v1/orders').reply(200, { data: [] });

		await expect(call({ method: 'GET', path: '/orders' })).resolves.toEqual({ data: [] });
		expect(sleepMock.mock.calls).toEqual([[7000]]);
	});

	it('falls back to RateLimit-Reset when there is no Retry-After', async () => {
		nock(BASE).get('/v1/orders').reply(429, { message: 'Too many requests' }, { 'RateLimit-Reset': '3' });
		nock(BASE).get('/v1/orders').reply(200, { data: [] });

		await call({ method: 'GET', path: '/orders' });
		expect(sleepMock.mock.calls).toEqual([[3000]]);
	});

	it('backs off exponentially, capped, when SamCart gives no hint', async () => {
		nock(BASE).get('/v1/orders').times(3).reply(429, { message: 'Too many requests' });
		nock(BASE).get('/v1/orders').reply(200, { data: [] });

		await call({ method: 'GET', path: '/orders' });
		const waits = sleepMock.mock.calls.map(([ms]) => ms);
		expect(waits).toHaveLength(3);
		expect(waits[0]).toBeGreaterThan(0);
		expect(waits[1]).toBeGreaterThan(waits[0]);
		expect(waits[2]).toBeGreaterThan(waits[1]);
		expect(Math.max(...waits)).toBeLessThanOrEqual(RETRY_POLICY.maxDelayMs);
	});

	it('gives up after a bounded number of attempts with an error naming the rate limit', async () => {
		const scope = nock(BASE)
			.get('/v1/orders')
			.times(RETRY_POLICY.rateLimitAttempts)
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '1' });

		const error = await failure({ method: 'GET', path: '/orders' });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toMatch(/rate limit/i);
		expect(error.httpCode).toBe('429');
		expect(sleepMock).toHaveBeenCalledTimes(RETRY_POLICY.rateLimitAttempts - 1);
	});

	it('does not wait an hour when Retry-After asks for one: it fails at once', async () => {
		nock(BASE).get('/v1/orders').reply(429, { message: 'Too many requests' }, { 'Retry-After': '3600' });
		const error = await failure({ method: 'GET', path: '/orders' });
		expect(error.httpCode).toBe('429');
		expect(sleepMock).not.toHaveBeenCalled();
	});

	it('sends a refund again after a 429, since SamCart refused it before doing anything', async () => {
		const refunds = nock(BASE)
			.post('/v1/refunds/charges/5/')
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '2' })
			.post('/v1/refunds/charges/5/')
			.reply(200, { id: 77 });

		await expect(call({ method: 'POST', path: '/refunds/charges/5/', body: {} })).resolves.toEqual({
			id: 77,
		});
		expect(refunds.isDone()).toBe(true);
	});
});

describe('stopping the execution during a wait', () => {
	/** A node run whose user presses Stop while the transport waits out a 429 (the wait itself never ends). */
	async function stoppedDuringWait(request: SamCartRequest) {
		const stop = new AbortController();
		const running = {
			...createFakeContext(),
			getExecutionCancelSignal: () => stop.signal,
		} as unknown as SamCartContext;
		sleepMock.mockImplementationOnce(async () => {
			stop.abort();
			await new Promise(() => {});
		});
		return await samCartRequest.call(running, request).then(
			() => {
				throw new Error('the request was expected to stop');
			},
			(error: Error) => error,
		);
	}

	it('stops waiting at once and sends nothing more', async () => {
		nock(BASE).get('/v1/orders').reply(429, { message: 'Too many requests' }, { 'Retry-After': '60' });
		const later = nock(BASE).get('/v1/orders').reply(200, { data: [] });

		const error = await stoppedDuringWait({ method: 'GET', path: '/orders' });

		expect(error.message).toMatch(
			/stopped while waiting to call SamCart again \(GET \/orders\); nothing more was sent/,
		);
		expect(sleepMock.mock.calls).toEqual([[60_000]]);
		expect(later.isDone()).toBe(false);
	});

	it('does not send a refund SamCart refused with a 429 once the execution is stopped', async () => {
		nock(BASE)
			.post('/v1/refunds/charges/5/')
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '5' });
		const second = nock(BASE).post('/v1/refunds/charges/5/').reply(200, { id: 77 });

		const error = await stoppedDuringWait({ method: 'POST', path: '/refunds/charges/5/', body: {} });

		expect(error.message).toMatch(/stopped while waiting/);
		expect(second.isDone()).toBe(false);
	});
});

describe('server and network errors', () => {
	it('retries a GET after a 503 and returns the later answer', async () => {
		nock(BASE).get('/v1/orders/3').reply(503, 'Service Unavailable');
		nock(BASE).get('/v1/orders/3').reply(504, { message: 'Timeout' });
		nock(BASE).get('/v1/orders/3').reply(200, { id: 3 });

		await expect(call({ method: 'GET', path: '/orders/3' })).resolves.toEqual({ id: 3 });
		expect(sleepMock).toHaveBeenCalledTimes(2);
	});

	it('retries a GET after a dropped connection', async () => {
		nock(BASE).get('/v1/orders/3').replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
		nock(BASE).get('/v1/orders/3').reply(200, { id: 3 });

		await expect(call({ method: 'GET', path: '/orders/3' })).resolves.toEqual({ id: 3 });
	});

	it('retries a GET whose 200 body is not JSON', async () => {
		nock(BASE).get('/v1/orders/3').reply(200, '{"id": 3', { 'Content-Type': 'application/json' });
		nock(BASE).get('/v1/orders/3').reply(200, { id: 3 });

		await expect(call({ method: 'GET', path: '/orders/3' })).resolves.toEqual({ id: 3 });
	});

	it('gives up on a GET after a bounded number of 5xx answers', async () => {
		const scope = nock(BASE)
			.get('/v1/orders/3')
			.times(RETRY_POLICY.transientAttempts)
			.reply(500, { message: 'boom' });
		const error = await failure({ method: 'GET', path: '/orders/3' });
		expect(scope.isDone()).toBe(true);
		expect(error.httpCode).toBe('500');
		expect(error.message).toMatch(/server error \(500\)/);
	});

	it('never sends a refund twice after a 503: one request, and an error saying why', async () => {
		let requests = 0;
		nock(BASE)
			.post('/v1/refunds/charges/5/')
			.times(5)
			.reply(() => {
				requests++;
				return [503, 'Service Unavailable'];
			});

		const error = await failure({ method: 'POST', path: '/refunds/charges/5/', body: {} });

		expect(requests).toBe(1);
		expect(error.httpCode).toBe('503');
		expect(error.description).toMatch(/not sent again/);
		expect(sleepMock).not.toHaveBeenCalled();
	});

	it('never sends a cancellation twice after a timeout', async () => {
		let requests = 0;
		nock(BASE)
			.post('/v1/subscriptions/9/cancel')
			.times(5)
			.delay(500)
			.reply(() => {
				requests++;
				return [200, { id: 9, status: 'canceled' }];
			});

		const error = await failure({
			method: 'POST',
			path: '/subscriptions/9/cancel',
			body: {},
			timeoutMs: 100,
		});

		expect(requests).toBe(1);
		expect(error.message).toMatch(/did not answer in time/);
		expect(error.description).toMatch(/not sent again/);
	});

	it('never sends an add-to-order twice after a dropped connection', async () => {
		const scope = nock(BASE)
			.post('/v1/orders/4/add-to-order')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
		const second = nock(BASE).post('/v1/orders/4/add-to-order').reply(200, { id: 1 });

		const error = await failure({ method: 'POST', path: '/orders/4/add-to-order', body: { product_id: 2 } });

		expect(scope.isDone()).toBe(true);
		expect(second.isDone()).toBe(false);
		expect(error.message).toMatch(/could not be reached \(ECONNRESET\)/);
	});

	it('keeps a write that succeeded with an unreadable confirmation as a success', async () => {
		nock(BASE).post('/v1/subscriptions/9/cancel').reply(200, '<html>ok</html>');
		await expect(call({ method: 'POST', path: '/subscriptions/9/cancel', body: {} })).resolves.toMatchObject({
			confirmed: true,
			status: 200,
		});
	});
});

describe('error mapping', () => {
	it.each([
		[
			401,
			{ message: 'Invalid authentication credentials' },
			/rejected the API key/,
			/Invalid authentication credentials/,
		],
		[401, { message: 'No API key found in request' }, /rejected the API key/, /No API key found/],
		[403, { message: 'Forbidden' }, /no API access/, /plan does not include API access/],
		[
			400,
			{ success: false, error: 'limit must be between 1 and 100', data: null },
			/limit must be between 1 and 100/,
			/Correct/,
		],
	])('%s %j', async (status, body, message, description) => {
		nock(BASE).get('/v1/orders').reply(status, body);
		const error = await failure({ method: 'GET', path: '/orders', itemIndex: 3 });
		expect(error.httpCode).toBe(String(status));
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
		expect(error.context?.itemIndex).toBe(3);
	});

	it('404 names the record that was not found', async () => {
		nock(BASE).get('/v1/orders/123').reply(404, { message: 'Object could not be found' });
		const error = await failure({ method: 'GET', path: '/orders/123', subject: 'Order 123' });
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('Order 123 was not found');
	});

	it('409 explains the conflict in the words of the operation', async () => {
		nock(BASE).post('/v1/refunds/charges/5/').reply(409, { message: 'Charge already refunded' });
		const error = await failure({
			method: 'POST',
			path: '/refunds/charges/5/',
			body: {},
			conflict: 'Charge 5 is already fully refunded',
		});
		expect(error.httpCode).toBe('409');
		expect(error.message).toBe('Charge 5 is already fully refunded');
		expect(error.description).toMatch(/Nothing was changed/);
	});

	it('never shows the API key, even when SamCart echoes it back', async () => {
		const statuses = [400, 401, 403, 404, 409, 422, 429, 500];
		for (const status of statuses) {
			nock(BASE)
				.post('/v1/orders/1/add-to-order')
				.times(RETRY_POLICY.rateLimitAttempts)
				.reply(status, { message: `key ${TEST_API_KEY} refused`, error: `bad key ${TEST_API_KEY}` });
			const error = await failure({
				method: 'POST',
				path: '/orders/1/add-to-order',
				body: { product_id: 1 },
			});
			const everything = [error.message, error.description, error.stack, JSON.stringify(error)].join('\n');
			expect(everything).not.toContain(TEST_API_KEY);
			expect(error.httpCode).toBe(String(status));
			nock.cleanAll();
		}
	});
});

describe('wait budget', () => {
	it('gives up instead of waiting past the caller’s budget (webhook verification must answer fast)', async () => {
		const scope = nock(BASE)
			.get('/v1/orders/1')
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '4' })
			.get('/v1/orders/1')
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '4' });
		const error = await failure({ method: 'GET', path: '/orders/1', waitBudgetMs: 5000 });
		expect(error.httpCode).toBe('429');
		expect(scope.isDone()).toBe(true);
		expect(sleepMock.mock.calls).toEqual([[4000]]);
	});
});

describe('retry policy', () => {
	it('is frozen: no caller can change it for everyone', () => {
		expect(Object.isFrozen(RETRY_POLICY)).toBe(true);
		expect(() => {
			(RETRY_POLICY as { transientAttempts: number }).transientAttempts = 1;
		}).toThrow(TypeError);
		expect(RETRY_POLICY.transientAttempts).toBe(4);
	});

	it("a request's own override applies to that request only", async () => {
		const once = nock(BASE).get('/v1/orders/3').reply(500, { message: 'boom' });
		const error = await failure({ method: 'GET', path: '/orders/3', retry: { transientAttempts: 1 } });
		expect(once.isDone()).toBe(true);
		expect(error.httpCode).toBe('500');
		expect(sleepMock).not.toHaveBeenCalled();

		const scope = nock(BASE).get('/v1/orders/3').times(2).reply(500, { message: 'boom' });
		nock(BASE).get('/v1/orders/3').reply(200, { id: 3 });
		await expect(call({ method: 'GET', path: '/orders/3' })).resolves.toEqual({ id: 3 });
		expect(scope.isDone()).toBe(true);
		expect(sleepMock.mock.calls).toEqual([[RETRY_POLICY.baseDelayMs], [RETRY_POLICY.baseDelayMs * 2]]);
	});

	it('an override of the delays shortens the backoff', async () => {
		nock(BASE).get('/v1/orders/3').twice().reply(503, { message: 'busy' });
		nock(BASE).get('/v1/orders/3').reply(200, { id: 3 });
		await call({ method: 'GET', path: '/orders/3', retry: { baseDelayMs: 5, maxDelayMs: 8 } });
		expect(sleepMock.mock.calls).toEqual([[5], [8]]);
	});
});
