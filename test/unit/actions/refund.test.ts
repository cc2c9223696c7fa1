import nock from 'nock';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { runNode } from './support';

const BASE = 'https://api.samcart.com';
const REFUND = {
	id: 60001,
	charge_id: 12,
	cart_item_id: 900008,
	created_at: '2025-03-09 08:00:00',
	test_mode: false,
	charge_refund_status: 'refunded',
	currency: 'USD',
	refund_amount: 2900,
};

const run = runNode;
let sim: Simulator;
const onSim = async (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	await run({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, parameters, ...extra });

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1/);
	sim = await startSimulator({ size: 'small', seed: 9, rateLimit: { limit: 0 } });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	nock.enableNetConnect();
	await sim.stop();
});

describe('Refund > Get Many', () => {
	it('accepts `data` as one object (as SamCart documents it) as well as an array', async () => {
		nock(BASE)
			.get('/v1/refunds')
			.query({ limit: '50' })
			.reply(200, { data: REFUND, pagination: { next: null } });
		const [output] = await run({ parameters: { resource: 'refund', operation: 'getMany' } });
		expect(output.map((item) => item.json)).toEqual([REFUND]);
	});

	it('walks every page for Return All and simplifies', async () => {
		const queries: Array<Record<string, string>> = [];
		nock(BASE)
			.get('/v1/refunds')
			.times(2)
			.query((query) => {
				queries.push(query as Record<string, string>);
				return true;
			})
			.reply(() =>
				queries.length === 1
					? [200, { data: [REFUND], pagination: { next: `${BASE}/v1/refunds?offset=60001&dir=next` } }]
					: [200, { data: [{ ...REFUND, id: 60002, refund_amount: 29 }], pagination: { next: null } }],
			);
		const [output] = await run({
			parameters: { resource: 'refund', operation: 'getMany', returnAll: true, simplify: true },
		});
		expect(queries).toEqual([{ limit: '100' }, { limit: '100', offset: '60001', dir: 'next' }]);
		expect(output.map((item) => item.json)).toEqual([
			{
				id: 60001,
				charge_id: 12,
				cart_item_id: 900008,
				created_at: '2025-03-09T08:00:00Z',
				currency: 'USD',
				refund_amount_cents: 2900,
				refund_amount: 29,
				charge_refund_status: 'refunded',
				test_mode: false,
			},
			expect.objectContaining({ id: 60002, refund_amount_cents: 29, refund_amount: 0.29 }),
		]);
	});

	it('offers Return All / Limit, Newest First (off) and Simplify (on), and no filters SamCart does not document', () => {
		const shown = new SamCart().description.properties.filter(
			(property) =>
				property.displayOptions?.show?.resource?.includes('refund') &&
				property.displayOptions?.show?.operation?.includes('getMany') &&
				!property.displayOptions?.show?.['@tool'], // the tool variant's Description (toolDescriptions.ts)
		);
		expect(shown.map((property) => [property.name, property.default])).toEqual([
			['returnAll', false],
			['limit', 50],
			['newestFirst', false],
			['simplify', true],
		]);
	});

	it('against the simulator: Return All equals every refund, Limit the first ones', async () => {
		sim.clearRequests();
		const [all] = await onSim({ resource: 'refund', operation: 'getMany', returnAll: true, simplify: false });
		expect(all.map((item) => item.json)).toEqual(sim.data.refunds);
		expect(sim.requests({ path: '/v1/refunds' }).length).toBe(Math.ceil(sim.data.refunds.length / 100));
		const [some] = await onSim({ resource: 'refund', operation: 'getMany', limit: 7 });
		expect(some.map((item) => item.json.id)).toEqual(sim.data.refunds.slice(0, 7).map((r) => r.id));
	});

	it('against the simulator: Newest First reads every refund from the last back (dir=prev), Limit the last ones', async () => {
		expect(sim.data.refunds.length).toBeGreaterThan(100);
		sim.clearRequests();
		const [all] = await onSim({
			resource: 'refund',
			operation: 'getMany',
			returnAll: true,
			newestFirst: true,
			simplify: false,
		});
		expect(all.map((item) => item.json)).toEqual([...sim.data.refunds].reverse());
		const requests = sim.requests({ path: '/v1/refunds' });
		expect(requests.length).toBe(Math.ceil(sim.data.refunds.length / 100));
		expect(requests.map((r) => r.query.dir)).toEqual(requests.map(() => 'prev'));
		const [some] = await onSim({ resource: 'refund', operation: 'getMany', limit: 7, newestFirst: true });
		expect(some.map((item) => item.json.id)).toEqual(
			sim.data.refunds
				.slice(-7)
				.map((r) => r.id)
				.reverse(),
		);
	});
});

describe('Refund > Get', () => {
	it('gets one refund raw, or simplified', async () => {
		nock(BASE).get('/v1/refunds/60001').twice().reply(200, REFUND);
		const [raw] = await run({ parameters: { resource: 'refund', operation: 'get', refundId: '60001' } });
		expect(raw[0].json).toEqual(REFUND);
		const [simple] = await run({
			parameters: { resource: 'refund', operation: 'get', refundId: '60001', simplify: true },
		});
		expect(simple[0].json).toMatchObject({ refund_amount_cents: 2900, refund_amount: 29 });
	});

	it('against the simulator: equals the record; an unknown or invalid ID fails clearly, per item', async () => {
		const refund = sim.data.refunds[10];
		const [output] = await onSim({ resource: 'refund', operation: 'get', refundId: String(refund.id) });
		expect(output[0].json).toEqual(sim.record('refunds', refund.id));
		const [errors] = await run({
			baseUrl: sim.baseUrl,
			apiKey: sim.apiKey,
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parametersFor: (i) => ({ resource: 'refund', operation: 'get', refundId: i ? 'abc' : '1' }),
		});
		expect(errors.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Refund 1 was not found', { item: 0 }],
			['Refund ID "abc" is not valid', { item: 1 }],
		]);
	});
});
