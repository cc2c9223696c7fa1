import nock from 'nock';

import { ORDER } from './fixtures';
import { runNode, shownFor } from './support';

const BASE = 'https://api.samcart.com';

const run = runNode;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('SamCart node router', () => {
	it('links every output item to its input item', async () => {
		nock(BASE).get('/v1/orders/42').reply(200, ORDER);
		nock(BASE)
			.get('/v1/orders/43')
			.reply(200, { ...ORDER, id: 43 });

		const [output] = await run({
			items: [{ json: {} }, { json: {} }],
			parametersFor: (i) => ({
				resource: 'order',
				operation: 'get',
				orderId: { mode: 'id', value: String(42 + i) },
			}),
		});

		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[42, { item: 0 }],
			[43, { item: 1 }],
		]);
	});

	it('outputs a Return All larger than a function call can take as arguments (130 000 records)', async () => {
		const total = 130_000;
		nock(BASE)
			.get('/v1/products')
			.query(true)
			.times(total / 100)
			.reply((uri) => {
				const offset = Number(new URL(uri, BASE).searchParams.get('offset') ?? 0);
				const data = Array.from({ length: 100 }, (_, i) => ({ id: offset + i + 1 }));
				const last = offset + 100 === total;
				return [
					200,
					{ data, pagination: { next: last ? null : `${BASE}/v1/products?offset=${offset + 100}` } },
				];
			});

		const [output] = await run({
			parameters: {
				resource: 'product',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: {},
			},
		});

		expect(output).toHaveLength(total);
		expect(output[total - 1]).toEqual({ json: { id: total }, pairedItem: { item: 0 } });
	}, 180_000); // 1 300 pages through nock: seconds on a quiet machine, far more on a loaded one

	it('asks SamCart once for a record several items want', async () => {
		const scope = nock(BASE).get('/v1/orders/42').once().reply(200, ORDER);
		const [output] = await run({
			items: [{ json: {} }, { json: {} }, { json: {} }],
			parameters: {
				resource: 'order',
				operation: 'get',
				orderId: { mode: 'url', value: 'https://app.samcart.com/app/orders/42' },
			},
		});
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(3);
		// Copies, not one shared object: changing one item must not change another.
		expect(output[0].json).not.toBe(output[1].json);
	});

	it('with Continue On Fail, turns a failed item into an error item and goes on', async () => {
		nock(BASE).get('/v1/orders/404').reply(404, { message: 'Object could not be found' });
		nock(BASE).get('/v1/orders/42').reply(200, ORDER);

		const [output] = await run({
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parametersFor: (i) => ({
				resource: 'order',
				operation: 'get',
				orderId: { mode: 'id', value: i ? '42' : '404' },
			}),
		});

		expect(output[0].json).toMatchObject({ error: 'Order 404 was not found' });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json.id).toBe(42);
	});

	it('without Continue On Fail, stops with an error naming the item', async () => {
		await expect(
			run({
				items: [{ json: {} }, { json: {} }],
				parametersFor: (i) => ({
					resource: 'order',
					operation: 'get',
					orderId: { mode: 'id', value: i ? 'abc' : '' },
				}),
			}),
		).rejects.toMatchObject({ message: 'Order ID "" is not valid', context: { itemIndex: 0 } });
	});

	it('refuses an unknown operation clearly', async () => {
		await expect(run({ parameters: { resource: 'order', operation: 'explode' } })).rejects.toThrow(
			'The operation "explode" is not known for "order"',
		);
	});
});

describe('Order operations', () => {
	it('Get returns the order exactly as SamCart sent it unless Simplify is on', async () => {
		nock(BASE).get('/v1/orders/42').twice().reply(200, ORDER);
		const [raw] = await run({
			parameters: { resource: 'order', operation: 'get', orderId: { mode: 'id', value: '42' } },
		});
		expect(raw[0].json).toEqual(ORDER);

		const [simple] = await run({
			parameters: {
				resource: 'order',
				operation: 'get',
				orderId: { mode: 'id', value: '42' },
				simplify: true,
			},
		});
		expect(simple[0].json).toMatchObject({
			id: 42,
			order_date: '2025-03-08T10:18:35Z',
			currency: 'USD',
			total_cents: 4900,
			total: 49,
			products: [{ product_id: 3, product_name: 'Course', status: 'charged', total_cents: 4900, total: 49 }],
		});
	});

	it('Get Many sends the filters and walks the pages for Return All', async () => {
		const queries: Array<Record<string, string>> = [];
		nock(BASE)
			.get('/v1/orders')
			.times(2)
			.query((query) => {
				queries.push(query as Record<string, string>);
				return true;
			})
			.reply(() =>
				queries.length === 1
					? [200, { data: [ORDER], pagination: { next: `${BASE}/v1/orders?offset=42&dir=next` } }]
					: [200, { data: [{ ...ORDER, id: 50 }], pagination: { next: null } }],
			);

		const [output] = await run({
			parameters: {
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: { createdAfter: '2025-01-01', createdBefore: '2025-01-31T18:00:00', testMode: 'live' },
			},
			timezone: 'America/New_York',
		});

		expect(output.map((item) => item.json.id)).toEqual([42, 50]);
		const filters = {
			created_at_min: '2025-01-01',
			created_at_max: '2025-01-31T23:00:00Z',
			test_mode: 'false',
		};
		expect(queries).toEqual([
			{ ...filters, limit: '100' },
			{ ...filters, limit: '100', offset: '42', dir: 'next' },
		]);
	});

	it('Get Many leaves test_mode out when the form is untouched, so no record is hidden', async () => {
		nock(BASE)
			.get('/v1/orders')
			.query({ limit: '50' })
			.reply(200, { data: [ORDER], pagination: { next: null } });
		const [output] = await run({ parameters: { resource: 'order', operation: 'getMany', simplify: true } });
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ id: 42, total_cents: 4900 });
	});

	it('defaults: Simplify on for Get Many and off for Get, Test Mode both, Limit 50', () => {
		const shown = (name: string, operation: string) => shownFor('order', operation, name);
		expect(shown('simplify', 'getMany')?.default).toBe(true);
		expect(shown('simplify', 'get')?.default).toBe(false);
		expect(shown('limit', 'getMany')?.default).toBe(50);
		const testMode = shown('filters', 'getMany')?.options?.find((option) => option.name === 'testMode');
		expect(testMode).toMatchObject({ default: 'both' });
	});
});
