import nock from 'nock';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { ORDER } from './fixtures';
import { runNode } from './support';

const BASE = 'https://api.samcart.com';

const run = runNode;
let sim: Simulator;
const onSim = async (parameters: Record<string, unknown>) =>
	await run({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, parameters });

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1/);
	sim = await startSimulator({ size: 'small', seed: 17, rateLimit: { limit: 0 } });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	nock.enableNetConnect();
	await sim.stop();
});

describe.each([
	['funnel', 'funnelId', 'funnels', 'Funnel'],
	['upsell', 'upsellId', 'upsells', 'Upsell'],
] as const)('%s > Get Orders', (resource, parameter, path, label) => {
	const ordersOf = (id: number) =>
		(resource === 'funnel' ? sim.data.indexes.ordersByFunnel : sim.data.indexes.ordersByUpsell).get(id) ?? [];
	const biggest = () =>
		[
			...(resource === 'funnel'
				? sim.data.indexes.ordersByFunnel
				: sim.data.indexes.ordersByUpsell
			).entries(),
		].sort((a, b) => b[1].length - a[1].length)[0][0];

	it('sends the filters and walks the pages, re-sending them', async () => {
		const queries: Array<Record<string, string>> = [];
		nock(BASE)
			.get(`/v1/${path}/31/orders`)
			.times(2)
			.query((query) => {
				queries.push(query as Record<string, string>);
				return true;
			})
			.reply(() =>
				queries.length === 1
					? [200, { data: [ORDER], pagination: { next: `${BASE}/v1/${path}/31/orders?offset=42&dir=next` } }]
					: [200, { data: [{ ...ORDER, id: 43 }], pagination: { next: null } }],
			);
		const [output] = await run({
			parameters: {
				resource,
				operation: 'getOrders',
				[parameter]: '31',
				returnAll: true,
				simplify: true,
				filters: { createdBefore: '2025-12-31', testMode: 'test' },
			},
		});
		const filters = { created_at_max: '2025-12-31', test_mode: 'true', limit: '100' };
		expect(queries).toEqual([filters, { ...filters, offset: '42', dir: 'next' }]);
		expect(output.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: 42, total_cents: 4900, total: 49, order_date: '2025-03-08T10:18:35Z' }),
			expect.objectContaining({ id: 43 }),
		]);
	});

	it.each([0, 31, '31'])('takes the ID as a number or as text, and refuses 0 (%p)', async (value) => {
		if (value === 0) {
			await expect(
				run({ parameters: { resource, operation: 'getOrders', [parameter]: value } }),
			).rejects.toMatchObject({ message: `${label} ID "0" is not valid`, context: { itemIndex: 0 } });
			return;
		}
		nock(BASE)
			.get(`/v1/${path}/31/orders`)
			.query({ limit: '50' })
			.reply(200, { data: [ORDER], pagination: { next: null } });
		const [output] = await run({ parameters: { resource, operation: 'getOrders', [parameter]: value } });
		expect(output[0].json).toEqual(ORDER);
	});

	it('an unknown ID is a clear 404', async () => {
		nock(BASE).get(`/v1/${path}/99/orders`).query(true).reply(404, { message: 'Object could not be found' });
		await expect(
			run({ parameters: { resource, operation: 'getOrders', [parameter]: '99' } }),
		).rejects.toThrow(`${label} 99 was not found`);
	});

	it('against the simulator: Return All equals its orders; Limit the first ones; the test-mode filter applies', async () => {
		const id = biggest();
		const [all] = await onSim({
			resource,
			operation: 'getOrders',
			[parameter]: String(id),
			returnAll: true,
			simplify: false,
		});
		expect(all.map((item) => item.json)).toEqual(ordersOf(id));
		const [two] = await onSim({
			resource,
			operation: 'getOrders',
			[parameter]: id,
			limit: 2,
			simplify: false,
		});
		expect(two.map((item) => item.json)).toEqual(ordersOf(id).slice(0, 2));
		const [live] = await onSim({
			resource,
			operation: 'getOrders',
			[parameter]: id,
			returnAll: true,
			filters: { testMode: 'live' },
		});
		expect(live.map((item) => item.json.id)).toEqual(
			ordersOf(id)
				.filter((o) => !o.test_mode)
				.map((o) => o.id),
		);
		await expect(onSim({ resource, operation: 'getOrders', [parameter]: '1' })).rejects.toThrow(
			`${label} 1 was not found`,
		);
	});
});

it('Funnel orders over 100 take several pages against the simulator', async () => {
	const big = await startSimulator({
		size: { customers: 400, orders: 1500 },
		seed: 3,
		rateLimit: { limit: 0 },
	});
	try {
		const [funnelId, orders] = [...big.data.indexes.ordersByFunnel.entries()].sort(
			(a, b) => b[1].length - a[1].length,
		)[0];
		expect(orders.length).toBeGreaterThan(100);
		const [output] = await run({
			baseUrl: big.baseUrl,
			apiKey: big.apiKey,
			parameters: { resource: 'funnel', operation: 'getOrders', funnelId, returnAll: true, simplify: false },
		});
		expect(output.map((item) => item.json)).toEqual(orders);
		expect(big.requests({ path: `/v1/funnels/${funnelId}/orders` }).length).toBe(
			Math.ceil(orders.length / 100),
		);
	} finally {
		await big.stop();
	}
});
