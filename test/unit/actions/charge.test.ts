// The transport's waits cost no time here; its policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { operationsOf, runNode, shownFor, until } from './support';

const BASE = 'https://api.samcart.com';
const CHARGE = {
	id: 12,
	customer_id: 7,
	affiliate_id: null,
	order_id: 42,
	subscription_rebill_id: null,
	test_mode: false,
	processor_name: 'Stripe',
	processor_transaction_id: 'ch_1',
	currency: 'USD',
	card_used: 4242,
	charge_refund_status: null,
	order_date: '2025-03-08 10:18:35',
	created_at: '2025-03-08 10:18:36',
	total: 4900,
};
const REFUND = {
	id: 60001,
	charge_id: 12,
	cart_item_id: 900008,
	created_at: '2025-03-09 08:00:00',
	test_mode: false,
	charge_refund_status: 'partially_refunded',
	currency: 'USD',
	refund_amount: 1250,
};

const run = runNode;
const charge = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'charge',
	operation,
	chargeId: { mode: 'id', value: '12' },
	...extra,
});

let sim: Simulator;
const onSim = async (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	await run({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, parameters, ...extra });

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1/);
	sim = await startSimulator({ size: 'small', seed: 11, rateLimit: { limit: 0 } });
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
afterAll(async () => {
	nock.enableNetConnect();
	await sim.stop();
});

/** Charges the simulator can refund: USD, not refunded yet, big enough for partial refunds. Each test takes its own. */
function refundableCharges() {
	const refunded = new Set(sim.data.refunds.map((refund) => refund.charge_id));
	return sim.data.charges.filter(
		(c) => c.charge_refund_status === null && !refunded.has(c.id) && c.total > 5000 && c.currency === 'USD',
	);
}
const takeRefundable = () => refundableCharges()[0];

describe('Charge parameters', () => {
	const shown = (name: string, operation: string) => shownFor('charge', operation, name);

	it('offers the operations in n8n’s words, sorted by name', () => {
		const selector = { options: operationsOf('charge') };
		expect(selector?.options).toEqual([
			{ name: 'Get', value: 'get', action: 'Get a charge', description: 'Get a charge by its ID' },
			expect.objectContaining({ name: 'Get Many', value: 'getMany', action: 'Get many charges' }),
			expect.objectContaining({ name: 'Get Refund', value: 'getRefund', action: 'Get a refund of a charge' }),
			expect.objectContaining({
				name: 'Get Refunds',
				value: 'getRefunds',
				action: 'Get refunds of a charge',
			}),
			{
				name: 'Refund',
				value: 'refund',
				action: 'Refund a charge',
				description: 'Refund a charge in full or in part',
			},
		]);
	});

	it('defaults: Simplify on for lists and off for single records, Limit 50, Test Mode both, Full refund', () => {
		expect(shown('simplify', 'getMany')?.default).toBe(true);
		expect(shown('simplify', 'getRefunds')?.default).toBe(true);
		expect(shown('simplify', 'get')?.default).toBe(false);
		expect(shown('simplify', 'getRefund')?.default).toBe(false);
		expect(shown('limit', 'getMany')?.default).toBe(50);
		expect(shown('returnAll', 'getMany')?.default).toBe(false);
		const filters = shown('filters', 'getMany')?.options?.map((option) => option.name);
		expect(filters).toEqual(['createdAfter', 'createdBefore', 'testMode']);
		expect(shown('refundType', 'refund')?.default).toBe('full');
		expect(shown('amount', 'refund')?.displayOptions?.show).toMatchObject({ refundType: ['partial'] });
		expect(shown('chargeId', 'refund')).toMatchObject({
			type: 'resourceLocator',
			default: { mode: 'list' },
		});
	});
});

describe('Charge > Get', () => {
	it.each([
		['list', '12'],
		['id', ' 12 '],
		['url', 'https://app.samcart.com/app/charges/12'],
	])('finds the charge from the %s locator mode, exactly as SamCart sent it', async (mode, value) => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		const [output] = await run({ parameters: charge('get', { chargeId: { mode, value } }) });
		expect(output).toEqual([{ json: CHARGE, pairedItem: { item: 0 } }]);
	});

	it('simplifies: ten fields, amounts in cents and decimals, ISO times', async () => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		const [output] = await run({ parameters: charge('get', { simplify: true }) });
		expect(output[0].json).toEqual({
			id: 12,
			order_id: 42,
			customer_id: 7,
			subscription_rebill_id: null,
			created_at: '2025-03-08T10:18:36Z',
			currency: 'USD',
			total_cents: 4900,
			total: 49,
			refund_status: null,
			processor_name: 'Stripe',
			test_mode: false,
		});
	});

	it('refuses an ID that is not a whole number before calling SamCart', async () => {
		await expect(
			run({ parameters: charge('get', { chargeId: { mode: 'id', value: '12a' } }) }),
		).rejects.toMatchObject({ message: 'Charge ID "12a" is not valid', context: { itemIndex: 0 } });
	});

	it('returns the simulator’s record', async () => {
		const record = sim.data.charges[5];
		const [output] = await onSim(charge('get', { chargeId: { mode: 'id', value: String(record.id) } }));
		expect(output[0].json).toEqual(sim.record('charges', record.id));
	});
});

describe('Charge > Get Many', () => {
	it('sends every filter and walks the pages for Return All', async () => {
		const queries: Array<Record<string, string>> = [];
		nock(BASE)
			.get('/v1/charges')
			.times(2)
			.query((query) => {
				queries.push(query as Record<string, string>);
				return true;
			})
			.reply(() =>
				queries.length === 1
					? [200, { data: [CHARGE], pagination: { next: `${BASE}/v1/charges?offset=12&dir=next` } }]
					: [200, { data: [{ ...CHARGE, id: 13 }], pagination: { next: null } }],
			);
		const [output] = await run({
			parameters: {
				resource: 'charge',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: { createdAfter: '2025-01-01', createdBefore: '2025-02-01T00:00:00Z', testMode: 'test' },
			},
		});
		expect(output.map((item) => item.json)).toEqual([CHARGE, { ...CHARGE, id: 13 }]);
		const filters = {
			created_at_min: '2025-01-01',
			created_at_max: '2025-02-01T00:00:00Z',
			test_mode: 'true',
		};
		expect(queries).toEqual([
			{ ...filters, limit: '100' },
			{ ...filters, limit: '100', offset: '12', dir: 'next' },
		]);
	});

	it('asks for no more than Limit, leaves test mode out when the filter is untouched, and simplifies', async () => {
		nock(BASE)
			.get('/v1/charges')
			.query({ limit: '2' })
			.reply(200, {
				data: [CHARGE, { ...CHARGE, id: 13 }],
				pagination: { next: `${BASE}/v1/charges?offset=13&dir=next` },
			});
		const [output] = await run({
			parameters: { resource: 'charge', operation: 'getMany', limit: 2, simplify: true },
		});
		expect(output.map((item) => item.json.id)).toEqual([12, 13]);
		expect(output[0].json).toMatchObject({
			total_cents: 4900,
			total: 49,
			created_at: '2025-03-08T10:18:36Z',
		});
		expect(nock.isDone()).toBe(true);
	});

	it.each([
		['Live Only', { testMode: 'live' }, { test_mode: 'false', limit: '50' }],
		[
			'Created After',
			{ createdAfter: '2025-01-16T14:30:00Z' },
			{ created_at_min: '2025-01-16T14:30:00Z', limit: '50' },
		],
		['Created Before', { createdBefore: '2025-01-16' }, { created_at_max: '2025-01-16', limit: '50' }],
	])('sends the %s filter alone', async (_name, filters, query) => {
		nock(BASE)
			.get('/v1/charges')
			.query(query)
			.reply(200, { data: [], pagination: { next: null } });
		const [output] = await run({ parameters: { resource: 'charge', operation: 'getMany', filters } });
		expect(output).toEqual([]);
		expect(nock.isDone()).toBe(true);
	});

	it('against the simulator, Return All gets every test-mode charge across pages', async () => {
		sim.clearRequests();
		const [output] = await onSim({
			resource: 'charge',
			operation: 'getMany',
			returnAll: true,
			simplify: false,
			filters: { testMode: 'test' },
		});
		const expected = sim.data.charges.filter((c) => c.test_mode);
		expect(output.map((item) => item.json)).toEqual(expected);
		expect(sim.requests({ method: 'GET', path: '/v1/charges' }).length).toBe(
			Math.ceil(expected.length / 100) || 1,
		);
	});

	it('against the simulator, Return All over 100 records takes several pages, and Limit stops early', async () => {
		const after = '2025-06-01';
		const expected = sim.data.charges.filter((c) => c.created_at >= `${after} 00:00:00`);
		expect(expected.length).toBeGreaterThan(200);
		sim.clearRequests();
		const [all] = await onSim({
			resource: 'charge',
			operation: 'getMany',
			returnAll: true,
			simplify: false,
			filters: { createdAfter: after },
		});
		expect(all.map((item) => item.json.id)).toEqual(expected.map((c) => c.id));
		expect(sim.requests({ path: '/v1/charges' }).length).toBe(Math.ceil(expected.length / 100));

		sim.clearRequests();
		const [limited] = await onSim({
			resource: 'charge',
			operation: 'getMany',
			limit: 150,
			filters: { createdAfter: after },
		});
		expect(limited.map((item) => item.json.id)).toEqual(expected.slice(0, 150).map((c) => c.id));
		expect(sim.requests({ path: '/v1/charges' }).map((r) => r.query.limit)).toEqual(['100', '50']);
	});

	it('against the simulator, Created Before keeps only older charges', async () => {
		const before = '2025-01-31';
		const [output] = await onSim({
			resource: 'charge',
			operation: 'getMany',
			returnAll: true,
			filters: { createdBefore: before },
		});
		const expected = sim.data.charges.filter((c) => c.created_at <= `${before} 23:59:59`);
		expect(output.map((item) => item.json.id)).toEqual(expected.map((c) => c.id));
	});
});

describe('Charge > Refund', () => {
	it('Full sends no amount to the documented path (with its trailing slash) and outputs SamCart’s refund', async () => {
		let body: unknown;
		nock(BASE)
			.post('/v1/refunds/charges/12/', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, { ...REFUND, refund_amount: 4900, charge_refund_status: 'refunded' });
		const [output] = await run({ parameters: charge('refund', { refundType: 'full' }) });
		expect(body).toEqual({});
		expect(output[0].json).toEqual({ ...REFUND, refund_amount: 4900, charge_refund_status: 'refunded' });
	});

	it.each([
		[12.5, 1250],
		['12.50', 1250],
		[0.29, 29],
		['0.1', 10],
		[48.99, 4899],
		[49, 4900],
	])('Partial %p is sent as exactly %p cents', async (amount, cents) => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		nock(BASE).get('/v1/charges/12/refunds').reply(200, []);
		let body: unknown;
		nock(BASE)
			.post('/v1/refunds/charges/12/', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, REFUND);
		await run({ parameters: charge('refund', { refundType: 'partial', amount }) });
		expect(body).toEqual({ amount: cents });
	});

	it('Partial reads the decimals from the charge’s currency (JPY has none)', async () => {
		nock(BASE)
			.get('/v1/charges/12')
			.twice()
			.reply(200, { ...CHARGE, currency: 'JPY', total: 5000 });
		nock(BASE).get('/v1/charges/12/refunds').reply(200, []);
		let body: unknown;
		nock(BASE)
			.post('/v1/refunds/charges/12/', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, REFUND);
		await run({ parameters: charge('refund', { refundType: 'partial', amount: 1250 }) });
		expect(body).toEqual({ amount: 1250 });
		await expect(
			run({ parameters: charge('refund', { refundType: 'partial', amount: 12.5 }) }),
		).rejects.toThrow('Amount "12.5" is not valid: "12.5" has more than 0 decimal places');
	});

	it.each([
		[12.505, 'Amount "12.505" is not valid: "12.505" has more than 2 decimal places'],
		[0, 'Amount "0" is not valid: a refund must be more than 0'],
		[-5, 'Amount "-5" is not valid: a refund must be more than 0'],
		['ten', 'Amount "ten" is not valid: "ten" is not an amount like 12.50'],
		[49.01, 'Amount "49.01" is not valid: it is more than charge 12\'s total of 49.00 USD'],
	])('Partial refuses %p before sending anything', async (amount, message) => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		const post = nock(BASE).post('/v1/refunds/charges/12/').reply(200, REFUND);
		await expect(
			run({
				items: [{ json: {} }, { json: {} }],
				parametersFor: (i) => (i ? charge('refund', { refundType: 'partial', amount }) : charge('get')),
			}),
		).rejects.toMatchObject({ message, context: { itemIndex: 1 } });
		expect(post.isDone()).toBe(false);
	});

	it('409 without the option fails with a clear message and says how to make reruns safe', async () => {
		nock(BASE)
			.post('/v1/refunds/charges/12/')
			.reply(409, { message: 'This charge has already been fully refunded.' });
		const error = await run({ parameters: charge('refund', { refundType: 'full' }) }).catch(
			(e: unknown) => e,
		);
		expect(error).toMatchObject({
			message: 'Charge 12 is already fully refunded',
			httpCode: '409',
			context: { itemIndex: 0 },
		});
		expect((error as Error & { description: string }).description).toBe(
			'Nothing was changed. SamCart said: "This charge has already been fully refunded.". Turn on "Treat \'Already Refunded\' as Success" under Options if this step may run again for the same charge.',
		);
	});

	it('409 with "Treat \'Already Refunded\' as Success" outputs already_refunded instead of failing', async () => {
		nock(BASE).post('/v1/refunds/charges/12/').reply(409, { message: 'already refunded' });
		const [output] = await run({
			parameters: charge('refund', { refundType: 'full', options: { treatAlreadyRefundedAsSuccess: true } }),
		});
		expect(output).toEqual([
			{
				json: {
					charge_id: 12,
					refunded: false,
					already_refunded: true,
					already_in_state: true,
					message: 'already refunded',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('the option does not hide other failures', async () => {
		nock(BASE).post('/v1/refunds/charges/12/').reply(404, { message: 'Object could not be found' });
		await expect(
			run({ parameters: charge('refund', { options: { treatAlreadyRefundedAsSuccess: true } }) }),
		).rejects.toThrow('Charge 12 was not found');
	});

	it('against the simulator: full, then partial amounts land as exact cents, then a rerun is safe', async () => {
		const full = takeRefundable();
		const [fullOut] = await onSim(charge('refund', { chargeId: { mode: 'id', value: String(full.id) } }));
		expect(fullOut[0].json).toMatchObject({
			charge_id: full.id,
			refund_amount: full.total,
			charge_refund_status: 'refunded',
		});
		expect(sim.data.refunds.filter((r) => r.charge_id === full.id)).toEqual([fullOut[0].json]);

		const partial = takeRefundable();
		for (const amount of [12.5, 0.29]) {
			await onSim(
				charge('refund', {
					chargeId: { mode: 'id', value: String(partial.id) },
					refundType: 'partial',
					amount,
				}),
			);
		}
		expect(sim.data.refunds.filter((r) => r.charge_id === partial.id).map((r) => r.refund_amount)).toEqual([
			1250, 29,
		]);
		expect((sim.record('charges', partial.id) as IDataObject).charge_refund_status).toBe(
			'partially_refunded',
		);

		const [again] = await onSim(
			charge('refund', {
				chargeId: { mode: 'id', value: String(full.id) },
				options: { treatAlreadyRefundedAsSuccess: true },
			}),
		);
		expect(again[0].json).toMatchObject({ charge_id: full.id, refunded: false, already_refunded: true });
		await expect(
			onSim(charge('refund', { chargeId: { mode: 'id', value: String(full.id) } })),
		).rejects.toMatchObject({
			message: `Charge ${full.id} is already fully refunded`,
		});
		expect(sim.data.refunds.filter((r) => r.charge_id === full.id)).toHaveLength(1);
	});

	it('a refund whose first attempt times out is not sent a second time', async () => {
		const target = takeRefundable();
		sim.addFault({
			method: 'POST',
			path: '/refunds/charges/*',
			times: 1,
			action: { type: 'hang', ms: 1200 },
		});
		sim.clearRequests();
		const error = (await onSim(charge('refund', { chargeId: { mode: 'id', value: String(target.id) } }), {
			timeoutMs: 300,
		}).catch((e: unknown) => e)) as Error & { description: string };
		expect(error).toMatchObject({ message: 'SamCart did not answer in time', context: { itemIndex: 0 } });
		expect(error.description).toMatch(/not sent again automatically/);
		// SamCart received it once and (after the hang) carried it out once; nobody asked twice.
		await until(() => sim.data.refunds.some((r) => r.charge_id === target.id));
		// Give a (wrong) second attempt time to arrive.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(sim.requests({ method: 'POST' }).map((r) => r.path)).toEqual([
			`/v1/refunds/charges/${target.id}/`,
		]);
		expect(sim.data.refunds.filter((r) => r.charge_id === target.id)).toHaveLength(1);
	});

	it('a refund answered 500 is not sent again either', async () => {
		const target = takeRefundable();
		sim.addFault({
			method: 'POST',
			path: '/refunds/charges/*',
			times: 1,
			action: { type: 'status', status: 500 },
		});
		sim.clearRequests();
		await expect(
			onSim(charge('refund', { chargeId: { mode: 'id', value: String(target.id) } })),
		).rejects.toMatchObject({
			message: 'SamCart had a server error (500)',
		});
		expect(sim.requests({ method: 'POST' })).toHaveLength(1);
	});
});

describe('Charge > Refund: a partial refund of more than is left', () => {
	const refunded = (...cents: number[]) =>
		cents.map((refund_amount, i) => ({ ...REFUND, id: REFUND.id + i, refund_amount }));

	it('is refused naming the cents left and asked, after reading the charge and its refunds, before any POST', async () => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		const reads = nock(BASE).get('/v1/charges/12/refunds').reply(200, refunded(1250, 3150));
		const post = nock(BASE).post('/v1/refunds/charges/12/').reply(200, REFUND);
		const error = (await run({
			parameters: charge('refund', { refundType: 'partial', amount: 10 }),
		}).catch((e: unknown) => e)) as Error & { description: string };
		expect(error).toMatchObject({
			message: 'Amount "10" is not valid: charge 12 has 500 cents left to refund, 1000 cents were asked',
			context: { itemIndex: 0 },
		});
		expect(error.description).toBe(
			'4400 of the charge\'s 4900 cents are already refunded. Nothing was sent. Refund at most 5.00 USD, or choose Refund Type "Full" to refund what is left.',
		);
		expect(reads.isDone()).toBe(true);
		expect(post.isDone()).toBe(false);
	});

	it('exactly what is left is sent', async () => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		nock(BASE)
			.get('/v1/charges/12/refunds')
			.reply(200, { data: refunded(4400) });
		let body: unknown;
		nock(BASE)
			.post('/v1/refunds/charges/12/', (sent) => ((body = sent), true))
			.reply(200, REFUND);
		await run({ parameters: charge('refund', { refundType: 'partial', amount: 5 }) });
		expect(body).toEqual({ amount: 500 });
	});

	it('a charge with nothing left goes to SamCart, whose 409 the "Already Refunded" option turns into success', async () => {
		nock(BASE).get('/v1/charges/12').twice().reply(200, CHARGE);
		nock(BASE).get('/v1/charges/12/refunds').twice().reply(200, refunded(4900));
		const post = nock(BASE)
			.post('/v1/refunds/charges/12/')
			.twice()
			.reply(409, { message: 'This charge has already been fully refunded.' });
		const partial = (options: object) => charge('refund', { refundType: 'partial', amount: 1, options });
		const [output] = await run({ parameters: partial({ treatAlreadyRefundedAsSuccess: true }) });
		expect(output[0].json).toMatchObject({ charge_id: 12, refunded: false, already_refunded: true });
		await expect(run({ parameters: partial({}) })).rejects.toMatchObject({
			message: 'Charge 12 is already fully refunded',
		});
		expect(post.isDone()).toBe(true);
	});

	it('against the simulator: a second item over what the first left is refused (refunds read afresh); Full refunds the rest', async () => {
		const target = takeRefundable();
		const first = Math.floor(target.total * 0.6);
		const amount = (first / 100).toFixed(2);
		const chargeId = { mode: 'id', value: String(target.id) };
		sim.clearRequests();
		const [output] = await run({
			baseUrl: sim.baseUrl,
			apiKey: sim.apiKey,
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: charge('refund', { chargeId, refundType: 'partial', amount }),
		});
		expect(output.map((item) => item.json.refund_amount ?? item.json.error)).toEqual([
			first,
			`Amount "${amount}" is not valid: charge ${target.id} has ${target.total - first} cents left to refund, ${first} cents were asked`,
		]);
		expect(sim.requests({ method: 'POST' })).toHaveLength(1);

		const [rest] = await onSim(charge('refund', { chargeId, refundType: 'full' }));
		expect(rest[0].json).toMatchObject({
			refund_amount: target.total - first,
			charge_refund_status: 'refunded',
		});
		expect(sim.data.refunds.filter((r) => r.charge_id === target.id).map((r) => r.refund_amount)).toEqual([
			first,
			target.total - first,
		]);
	});
});

describe('Charge > Get Refunds / Get Refund', () => {
	it('Get Refunds reads the bare array, simplifies, and honours Limit', async () => {
		nock(BASE)
			.get('/v1/charges/12/refunds')
			.reply(200, [REFUND, { ...REFUND, id: 60002, refund_amount: 29 }]);
		const [output] = await run({ parameters: charge('getRefunds', { limit: 1, simplify: true }) });
		expect(output.map((item) => item.json)).toEqual([
			{
				id: 60001,
				charge_id: 12,
				cart_item_id: 900008,
				created_at: '2025-03-09T08:00:00Z',
				currency: 'USD',
				refund_amount_cents: 1250,
				refund_amount: 12.5,
				charge_refund_status: 'partially_refunded',
				test_mode: false,
			},
		]);
	});

	it('Get Refund asks for one refund of the charge, raw by default', async () => {
		nock(BASE).get('/v1/charges/12/refunds/60001').reply(200, REFUND);
		const [output] = await run({ parameters: charge('getRefund', { refundId: '60001' }) });
		expect(output[0].json).toEqual(REFUND);
	});

	it('against the simulator, both return the simulator’s refunds', async () => {
		const refund = sim.data.refunds[3];
		const chargeId = { mode: 'id', value: String(refund.charge_id) };
		const [list] = await onSim(charge('getRefunds', { chargeId, returnAll: true, simplify: false }));
		expect(list.map((item) => item.json)).toEqual(sim.data.indexes.refundsByCharge.get(refund.charge_id));
		const [one] = await onSim(charge('getRefund', { chargeId, refundId: String(refund.id) }));
		expect(one[0].json).toEqual(sim.record('refunds', refund.id));
		await expect(
			onSim(charge('getRefund', { chargeId: { mode: 'id', value: '1200001' }, refundId: '1' })),
		).rejects.toThrow('Refund 1 of charge 1200001 was not found');
	});
});

describe('Charge errors, with and without Continue On Fail', () => {
	// status, message for Refund (a write), times Refund was sent, message for Get, times Get was sent
	const cases: Array<[number, string, number, string, number]> = [
		[401, 'SamCart rejected the API key', 1, 'SamCart rejected the API key', 1],
		[403, 'This SamCart account has no API access', 1, 'This SamCart account has no API access', 1],
		[404, 'Charge 12 was not found', 1, 'Charge 12 was not found', 1],
		[
			409,
			'Charge 12 is already fully refunded',
			1,
			"SamCart refused the change because of the record's current state",
			1,
		],
		// 429: SamCart did nothing, so even a refund may be asked again (Retry-After: 0 here).
		[
			429,
			"SamCart's rate limit was reached and did not clear after 6 attempt(s)",
			6,
			"SamCart's rate limit was reached and did not clear after 6 attempt(s)",
			6,
		],
		// 500: a read is retried, a refund never.
		[500, 'SamCart had a server error (500)', 1, 'SamCart had a server error (500)', 4],
	];
	const twoItems = [{ json: {} }, { json: {} }];

	it.each(cases)(
		'Refund answered %i: "%s", sent %i time(s); the error names item 1; Continue On Fail outputs it and goes on',
		async (status, message, attempts) => {
			let calls = 0;
			nock(BASE)
				.post('/v1/refunds/charges/12/')
				.times(20)
				.reply(() => {
					calls++;
					return [status, { message: `simulated ${status}` }, { 'Retry-After': '0' }];
				});
			nock(BASE)
				.get('/v1/charges/13')
				.times(2)
				.reply(200, { ...CHARGE, id: 13 });
			const parametersFor = (i: number) =>
				i ? charge('refund') : charge('get', { chargeId: { mode: 'id', value: '13' } });

			const error = await run({ items: twoItems, parametersFor }).catch((e: unknown) => e);
			expect(error).toMatchObject({ message, context: { itemIndex: 1 } });
			expect(calls).toBe(attempts);

			calls = 0;
			const [output] = await run({ items: twoItems, parametersFor, continueOnFail: true });
			expect(output[0].json.id).toBe(13);
			expect(output[1].json.error).toBe(message);
			expect(output[1].pairedItem).toEqual({ item: 1 });
			expect(calls).toBe(attempts);
		},
	);

	it.each(cases)(
		'Get answered %i: fails without Continue On Fail, error item with it',
		async (status, _m, _a, message, attempts) => {
			let calls = 0;
			nock(BASE)
				.get('/v1/charges/12')
				.times(20)
				.reply(() => {
					calls++;
					return [status, { message: `simulated ${status}` }, { 'Retry-After': '0' }];
				});
			nock(BASE)
				.get('/v1/charges/13')
				.reply(200, { ...CHARGE, id: 13 });
			await expect(run({ parameters: charge('get') })).rejects.toMatchObject({
				message,
				context: { itemIndex: 0 },
			});
			expect(calls).toBe(attempts);

			const [output] = await run({
				continueOnFail: true,
				items: twoItems,
				parametersFor: (i) => charge('get', { chargeId: { mode: 'id', value: i ? '13' : '12' } }),
			});
			expect(output[0].json.error).toBe(message);
			expect(output[0].pairedItem).toEqual({ item: 0 });
			expect(output[1].json.id).toBe(13);
		},
	);

	it('against the simulator: a wrong key is 401, a key without API access is 403, an unknown charge is 404', async () => {
		const parameters = charge('get', { chargeId: { mode: 'id', value: String(sim.data.charges[0].id) } });
		await expect(run({ baseUrl: sim.baseUrl, apiKey: 'wrong', parameters })).rejects.toThrow(
			'SamCart rejected the API key',
		);
		await expect(run({ baseUrl: sim.baseUrl, apiKey: sim.noAccessKey, parameters })).rejects.toThrow(
			'This SamCart account has no API access',
		);
		const [output] = await onSim(charge('get', { chargeId: { mode: 'id', value: '999' } }), {
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({ error: 'Charge 999 was not found' });
	});
});
