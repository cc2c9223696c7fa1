/**
 * Fault injection through the simulator against the SamCart node's operations (fake execute context, real HTTP):
 * 429 storms (the simulator's own limiter, with Retry-After), 5xx bursts, timeouts (a hang longer than the client
 * timeout), dropped connections and malformed JSON.
 *
 * Reads: a burst shorter than the retry budget is absorbed and the right record comes back; a persistent fault fails
 * with a clear message. Writes (refund, cancel, add-to-order): never issued twice, proved by the simulator's request
 * log (POSTs per path) and by the simulator's state (one refund, one cancellation, one added cart item at most).
 */
// The transport's waits cost no time, except where a test needs the simulator's rate-limit window to pass. The policy
// itself is asserted in test/unit/transport.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import { sleep as transportSleep } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { FaultRule, Simulator } from '../../../dev/samcart-simulator';
import { addToOrderRefusal, refundedSoFar } from '../../../dev/samcart-simulator/writes';
import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { RETRY_POLICY } from '../../../nodes/SamCart/transport';
import { createFakeExecuteContext } from '../helpers/fakeN8nContext';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';

jest.setTimeout(60_000);

type Action = FaultRule['action'];
interface FaultKind {
	name: string;
	action: Action;
	/** What a read says when the fault never clears. */
	readError: string;
	/** What a write says when its one attempt met the fault (undefined: the write goes through). */
	writeError?: string;
	/** The simulator carries the write out despite the fault (a hang only delays it). */
	writeApplied: boolean;
}

const HANG_MS = 900;
const CLIENT_TIMEOUT_MS = 250;

const FAULT_KINDS: FaultKind[] = [
	{ name: '429 storm', action: { type: 'rateLimit' }, readError: `SamCart's rate limit was reached and did not clear after ${RETRY_POLICY.rateLimitAttempts} attempt(s)`, writeApplied: true },
	{ name: '503 burst', action: { type: 'status', status: 503 }, readError: 'SamCart had a server error (503)', writeError: 'SamCart had a server error (503)', writeApplied: false },
	{ name: '500 burst', action: { type: 'status', status: 500 }, readError: 'SamCart had a server error (500)', writeError: 'SamCart had a server error (500)', writeApplied: false },
	{ name: 'timeout', action: { type: 'hang', ms: HANG_MS }, readError: 'SamCart did not answer in time', writeError: 'SamCart did not answer in time', writeApplied: true },
	{ name: 'dropped connection', action: { type: 'drop' }, readError: 'SamCart could not be reached (ECONNRESET)', writeError: 'SamCart could not be reached (ECONNRESET)', writeApplied: false },
	{ name: 'malformed JSON', action: { type: 'malformed' }, readError: 'SamCart answered 200: SamCart answered with a body that is not JSON', writeApplied: false },
];

let sim: Simulator;

const run = async (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	await new SamCart().execute.call(
		createFakeExecuteContext({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, parameters, timeoutMs: CLIENT_TIMEOUT_MS, ...extra }) as unknown as IExecuteFunctions,
	);
const byId = (value: number) => ({ mode: 'id', value: String(value) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function outcome(parameters: Record<string, unknown>) {
	try {
		return { output: (await run(parameters))[0], error: undefined };
	} catch (error) {
		return { output: undefined, error: error as Error & { description?: string } };
	}
}

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1/);
	sim = await startSimulator({ size: 'small', seed: 21, rateLimit: { limit: 0, windowMs: 1_000 } });
});
beforeEach(() => {
	sim.clearFaults();
	sim.setRateLimit({ limit: 0, windowMs: 1_000 });
	sim.clearRequests();
});
afterAll(async () => {
	nock.enableNetConnect();
	await sim.stop();
});

describe.each(FAULT_KINDS)('reads under $name', (kind) => {
	it('a burst shorter than the retry budget is absorbed: the right record comes back', async () => {
		const order = sim.data.orders[7];
		sim.addFault({ method: 'GET', path: '/orders/*', times: 2, action: kind.action });
		const [output] = await run({ resource: 'order', operation: 'get', orderId: byId(order.id) });
		expect(output.map((item) => item.json)).toEqual([sim.record('orders', order.id)]);
		expect(sim.requests({ method: 'GET', path: `/v1/orders/${order.id}` })).toHaveLength(3);
	});

	it('a fault that never clears fails with a clear error, after a bounded number of attempts', async () => {
		const customer = sim.data.customers[3];
		sim.addFault({ method: 'GET', path: '/customers/*', action: kind.action });
		const { error } = await outcome({ resource: 'customer', operation: 'get', customerId: byId(customer.id) });
		expect(error?.message).toBe(kind.readError);
		const attempts = sim.requests({ method: 'GET', path: `/v1/customers/${customer.id}` }).length;
		expect(attempts).toBe(kind.action.type === 'rateLimit' ? RETRY_POLICY.rateLimitAttempts : RETRY_POLICY.transientAttempts);
		expect(error?.description ?? '').not.toBe('');
	});

	it('Return All across pages returns every record exactly once when pages fail on the way', async () => {
		const expected = sim.data.orders.map((order) => order.id);
		// Two page requests, picked by the simulator's seeded dice, meet the fault.
		sim.addFault({ method: 'GET', path: '/orders', times: 2, rate: 0.4, action: kind.action });
		const [output] = await run({ resource: 'order', operation: 'getMany', returnAll: true, simplify: false, filters: {} });
		expect(output.map((item) => item.json.id)).toEqual(expected);
		const pages = sim.requests({ method: 'GET', path: '/v1/orders' });
		expect(pages.filter((request) => request.fault !== undefined).length).toBeGreaterThanOrEqual(1);
		expect(pages.filter((request) => request.status === 200 && request.fault === undefined)).toHaveLength(Math.ceil(expected.length / 100));
	});
});

describe('writes are never issued twice', () => {
	/** Targets the simulator can act on: each test takes its own, so states do not mix. */
	const used = new Set<number>();
	const take = <T extends { id: number }>(candidates: T[]): T => {
		const found = candidates.find((candidate) => !used.has(candidate.id));
		if (!found) throw new Error('the simulator dataset ran out of targets');
		used.add(found.id);
		return found;
	};
	const refundable = () =>
		take(sim.data.charges.filter((charge) => charge.charge_refund_status === null && refundedSoFar(sim.data, charge.id) === 0 && charge.total > 0));
	const cancellable = () => take(sim.data.subscriptions.filter((subscription) => subscription.status === 'active'));
	const chargeable = () => {
		const live = sim.data.products.filter((product) => product.status === 'live');
		const order = take(sim.data.orders.filter((candidate) => live.some((product) => !addToOrderRefusal(sim.data, candidate, product.id))));
		return { order, product: live.find((product) => !addToOrderRefusal(sim.data, order, product.id))! };
	};

	interface WriteCase {
		name: string;
		/** Prepares a target; returns the parameters, the POST path, and how many times the change was applied. */
		prepare: () => { parameters: Record<string, unknown>; path: string; applied: () => number };
	}
	const WRITES: WriteCase[] = [
		{
			name: 'Charge > Refund',
			prepare: () => {
				const charge = refundable();
				return {
					parameters: { resource: 'charge', operation: 'refund', chargeId: byId(charge.id), refundType: 'full', options: {} },
					path: `/v1/refunds/charges/${charge.id}/`,
					applied: () => sim.data.refunds.filter((refund) => refund.charge_id === charge.id).length,
				};
			},
		},
		{
			name: 'Subscription > Cancel',
			prepare: () => {
				const subscription = cancellable();
				return {
					parameters: { resource: 'subscription', operation: 'cancel', subscriptionId: byId(subscription.id), options: {} },
					path: `/v1/subscriptions/${subscription.id}/cancel`,
					applied: () => sim.data.history.filter((entry) => entry.subscription_id === subscription.id && entry.new_status === 'canceled' && /^api/.test(String(entry.source))).length,
				};
			},
		},
		{
			name: 'Order > Add Product',
			prepare: () => {
				const { order, product } = chargeable();
				const before = order.cart_items.length;
				return {
					parameters: { resource: 'order', operation: 'addProduct', orderId: byId(order.id), productId: byId(product.id) },
					path: `/v1/orders/${order.id}/add-to-order`,
					applied: () => order.cart_items.length - before,
				};
			},
		},
	];

	const cases = WRITES.flatMap((write) => FAULT_KINDS.map((kind) => ({ write, kind, label: `${write.name} under ${kind.name}` })));

	it.each(cases)('$label', async ({ write, kind }) => {
		const { parameters, path, applied } = write.prepare();
		// The fault would fire on a second (and third) attempt too: any retry would show in the log. A 429 storm is
		// one attempt shorter than the 429 budget, so the write goes through after waiting.
		const times = kind.action.type === 'rateLimit' ? RETRY_POLICY.rateLimitAttempts - 1 : 3;
		sim.addFault({ method: 'POST', path: path.slice(3), times, action: kind.action });
		const { output, error } = await outcome(parameters);
		// Let a late or wrongly retried request arrive, and a hung one complete, before counting.
		await sleep(kind.action.type === 'hang' ? HANG_MS + 300 : 300);

		const posts = sim.requests({ method: 'POST', path });
		if (kind.action.type === 'rateLimit') {
			// SamCart refused before doing anything: retried, and carried out exactly once.
			expect(error).toBeUndefined();
			expect(posts.filter((request) => request.status !== 429)).toHaveLength(1);
			expect(posts).toHaveLength(times + 1);
		} else {
			expect(posts).toHaveLength(1);
			if (kind.writeError) {
				expect(error?.message).toBe(kind.writeError);
				expect(error?.description).toMatch(/not sent again automatically/);
			} else {
				// An unreadable confirmation of a write is reported as sent, never repeated.
				expect(error).toBeUndefined();
				expect(output).toHaveLength(1);
			}
		}
		expect(applied()).toBe(kind.writeApplied ? 1 : 0);
	});

	it.each(WRITES)('$name: a 429 storm that outlasts the budget fails clearly and changes nothing', async (write) => {
		const { parameters, path, applied } = write.prepare();
		sim.addFault({ method: 'POST', path: path.slice(3), action: { type: 'rateLimit' } });
		const { error } = await outcome(parameters);
		expect(error?.message).toBe(`SamCart's rate limit was reached and did not clear after ${RETRY_POLICY.rateLimitAttempts} attempt(s)`);
		const posts = sim.requests({ method: 'POST', path });
		expect(posts.map((request) => request.status)).toEqual(Array(RETRY_POLICY.rateLimitAttempts).fill(429));
		expect(applied()).toBe(0);
	});

	it('Continue On Fail: every item of a batch of refunds meets a 503, each is sent once and fails on its own', async () => {
		const charges = [refundable(), refundable(), refundable()];
		sim.addFault({ method: 'POST', path: '/refunds/charges/*', action: { type: 'status', status: 503 } });
		const [output] = await new SamCart().execute.call(
			createFakeExecuteContext({
				baseUrl: sim.baseUrl,
				apiKey: sim.apiKey,
				continueOnFail: true,
				items: charges.map(() => ({ json: {} })),
				parametersFor: (index) => ({ resource: 'charge', operation: 'refund', chargeId: byId(charges[index].id), refundType: 'full', options: {} }),
			}) as unknown as IExecuteFunctions,
		);
		expect(output.map((item) => item.json.error)).toEqual(charges.map(() => 'SamCart had a server error (503)'));
		for (const charge of charges) expect(sim.requests({ method: 'POST', path: `/v1/refunds/charges/${charge.id}/` })).toHaveLength(1);
	});
});

describe('the rate limit itself (no injected fault)', () => {
	it('a Return All bigger than the allowance waits for the window (Retry-After) and fails no request', async () => {
		sim.setRateLimit({ limit: 2, windowMs: 1_000 });
		// Here the transport really waits as long as Retry-After says (at most the 1-second window).
		const actualSleep = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow').sleep;
		jest.mocked(transportSleep).mockImplementation(async (ms) => await actualSleep(Math.min(ms, 1_000)));
		const [output] = await run({ resource: 'order', operation: 'getMany', returnAll: true, simplify: false, filters: {} }).finally(() =>
			jest.mocked(transportSleep).mockImplementation(async () => undefined),
		);
		expect(output).toHaveLength(sim.data.orders.length);
		const pages = sim.requests({ method: 'GET', path: '/v1/orders' });
		const served = pages.filter((request) => request.status === 200);
		expect(served).toHaveLength(Math.ceil(sim.data.orders.length / 100));
		expect(pages.every((request) => request.status === 200 || request.status === 429)).toBe(true);
	});
});
