import nock from 'nock';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { failureCategory } from '../../../nodes/SamCart/actions/failedCharge/failureCategory';
import { runNode, shownFor } from './support';

const BASE = 'https://api.samcart.com';
const FAILED = {
	id: 40001,
	customer_id: 7,
	affiliate_id: null,
	order_id: 42,
	subscription_rebill_id: 2500001,
	test_mode: false,
	processor_name: 'Stripe',
	processor_transaction_id: null,
	currency: 'USD',
	card_used: 4242,
	created_at: '2025-03-08 10:18:36',
	total: 2999,
	error: 'Your card has insufficient funds.',
};

const run = runNode;
let sim: Simulator;
const onSim = async (parameters: Record<string, unknown>) =>
	await run({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, parameters });

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1/);
	sim = await startSimulator({ size: 'small', seed: 13, rateLimit: { limit: 0 } });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	nock.enableNetConnect();
	await sim.stop();
});

describe('Failed Charge > Get Many', () => {
	it('sends the filters, adds failure_category and simplifies', async () => {
		nock(BASE)
			.get('/v1/failed-charges')
			.query({ created_at_min: '2025-03-01', test_mode: 'false', limit: '50' })
			.reply(200, {
				data: [FAILED, { ...FAILED, id: 40002, error: 'Do Not Honor' }],
				pagination: { next: null },
			});
		const [output] = await run({
			parameters: {
				resource: 'failedCharge',
				operation: 'getMany',
				addFailureCategory: true,
				simplify: true,
				filters: { createdAfter: '2025-03-01', testMode: 'live' },
			},
		});
		expect(output.map((item) => item.json)).toEqual([
			{
				id: 40001,
				customer_id: 7,
				order_id: 42,
				subscription_rebill_id: 2500001,
				created_at: '2025-03-08T10:18:36Z',
				currency: 'USD',
				total_cents: 2999,
				total: 29.99,
				error: 'Your card has insufficient funds.',
				failure_category: 'insufficient_funds',
				processor_name: 'Stripe',
				test_mode: false,
			},
			expect.objectContaining({ id: 40002, failure_category: 'card_declined' }),
		]);
	});

	it('with Simplify off, is SamCart’s record plus failure_category; with the option off, exactly SamCart’s record', async () => {
		nock(BASE)
			.get('/v1/failed-charges')
			.twice()
			.query(true)
			.reply(200, { data: [FAILED], pagination: { next: null } });
		const [withCategory] = await run({
			parameters: {
				resource: 'failedCharge',
				operation: 'getMany',
				addFailureCategory: true,
				simplify: false,
			},
		});
		expect(withCategory[0].json).toEqual({ ...FAILED, failure_category: 'insufficient_funds' });
		const [raw] = await run({
			parameters: {
				resource: 'failedCharge',
				operation: 'getMany',
				addFailureCategory: false,
				simplify: false,
			},
		});
		expect(raw[0].json).toEqual(FAILED);
	});

	it('defaults: Add Failure Category on, Simplify on, Limit 50', () => {
		const shown = (name: string) => shownFor('failedCharge', 'getMany', name);
		expect(shown('addFailureCategory')?.default).toBe(true);
		expect(shown('simplify')?.default).toBe(true);
		expect(shown('limit')?.default).toBe(50);
	});

	it('against the simulator: Return All equals every failed charge, each categorised from its error', async () => {
		const [output] = await onSim({
			resource: 'failedCharge',
			operation: 'getMany',
			returnAll: true,
			addFailureCategory: true,
			simplify: false,
		});
		expect(output.map((item) => item.json)).toEqual(
			sim.data.failedCharges.map((failed) => ({
				...failed,
				failure_category: failureCategory(failed.error),
			})),
		);
		// The simulator uses the processors' own wording; none of it should fall through to "other".
		const categories = new Set(output.map((item) => item.json.failure_category));
		expect(categories.has('other')).toBe(false);
		expect(categories.size).toBeGreaterThanOrEqual(4);
	});

	it('against the simulator: the test-mode filter and Limit', async () => {
		const [output] = await onSim({
			resource: 'failedCharge',
			operation: 'getMany',
			limit: 5,
			filters: { testMode: 'live' },
		});
		expect(output.map((item) => item.json.id)).toEqual(
			sim.data.failedCharges
				.filter((failed) => !failed.test_mode)
				.slice(0, 5)
				.map((failed) => failed.id),
		);
	});
});

describe('Failed Charge > Get', () => {
	it('gets one failed charge with its category; Simplify off by default', async () => {
		nock(BASE)
			.get('/v1/failed-charges/40001')
			.reply(200, { ...FAILED, error: 'Your card has expired.' });
		const [output] = await run({
			parameters: {
				resource: 'failedCharge',
				operation: 'get',
				failedChargeId: '40001',
				addFailureCategory: true,
			},
		});
		expect(output[0].json).toEqual({
			...FAILED,
			error: 'Your card has expired.',
			failure_category: 'expired_card',
		});
	});

	it('against the simulator: equals the record; unknown is "Failed charge N was not found"', async () => {
		const failed = sim.data.failedCharges[4];
		const [output] = await onSim({
			resource: 'failedCharge',
			operation: 'get',
			failedChargeId: String(failed.id),
			addFailureCategory: false,
		});
		expect(output[0].json).toEqual(sim.record('failed-charges', failed.id));
		await expect(onSim({ resource: 'failedCharge', operation: 'get', failedChargeId: '1' })).rejects.toThrow(
			'Failed charge 1 was not found',
		);
	});
});
