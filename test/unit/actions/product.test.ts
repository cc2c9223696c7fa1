/** Product operations: request shapes and output mapping (nock), then the same operations against the simulator. */
// The transport's waits cost no time here; its policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { RETRY_POLICY } from '../../../nodes/SamCart/transport';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { attemptsFor, byId, ids, jsonOf, operationsOf, recordQueries, run, shownFor } from './support';
import { ORDER } from './fixtures';

const BASE = 'https://api.samcart.com';

const PRODUCT = {
	id: 3,
	sku: 'SKU-3',
	internal_product_name: 'Course [one_time]',
	product_name: 'Course',
	description: 'Learn things',
	currency: 'USD',
	price: 4900,
	product_category: 'digital',
	pricing_type: 'one_time',
	status: 'live',
	taxes: false,
	upsell_funnel: null,
	order_bumps: [],
	bundled_products: [],
	slug: 'course',
	custom_domain: null,
	product_tags: [{ name: 'evergreen' }],
	created_at: '2024-01-02 03:04:05',
	updated_at: '2024-02-02 03:04:05',
	archived_date: null,
};

const runProduct = (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	run({ ...extra, parameters: { resource: 'product', ...parameters } });

describe('Product operations (request shape and output)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('Get returns the product as SamCart sent it, or simplified', async () => {
		nock(BASE).get('/v1/products/3').twice().reply(200, PRODUCT);
		expect(jsonOf(await runProduct({ operation: 'get', productId: byId(3) }))).toEqual([PRODUCT]);
		expect(jsonOf(await runProduct({ operation: 'get', productId: byId(3), simplify: true }))).toEqual([
			{
				id: 3,
				product_name: 'Course',
				internal_product_name: 'Course [one_time]',
				sku: 'SKU-3',
				status: 'live',
				pricing_type: 'one_time',
				product_category: 'digital',
				currency: 'USD',
				price_cents: 4900,
				price: 49,
				tags: ['evergreen'],
				created_at: '2024-01-02T03:04:05Z',
			},
		]);
	});

	it('a price that is not whole cents is an error naming the field and value with Simplify, kept as sent without', async () => {
		nock(BASE)
			.get('/v1/products/3')
			.times(2)
			.reply(200, { ...PRODUCT, price: 10.25 });
		await expect(runProduct({ operation: 'get', productId: byId(3), simplify: true })).rejects.toThrow(
			'SamCart sent price 10.25, which is not a whole number of cents. Turn off Simplify to get the value as sent.',
		);
		const [raw] = jsonOf(await runProduct({ operation: 'get', productId: byId(3), simplify: false }));
		expect(raw.price).toBe(10.25);
	});

	it('accepts the product from the list, by ID and by URL', async () => {
		const scope = nock(BASE).get('/v1/products/3').times(3).reply(200, PRODUCT);
		for (const locator of [
			{ mode: 'list', value: '3' },
			{ mode: 'id', value: '3' },
			{ mode: 'url', value: 'https://app.samcart.com/app/products/3' },
		]) {
			expect((await runProduct({ operation: 'get', productId: locator }))[0].json.id).toBe(3);
		}
		expect(scope.isDone()).toBe(true);
	});

	it('Get Many sends status, category, pricing type and created window, across pages', async () => {
		const { queries, match } = recordQueries();
		nock(BASE)
			.get('/v1/products')
			.query(match)
			.reply(200, { data: [PRODUCT], pagination: { next: `${BASE}/v1/products?offset=3&dir=next` } });
		nock(BASE)
			.get('/v1/products')
			.query(match)
			.reply(200, { data: [{ ...PRODUCT, id: 4 }], pagination: { next: null } });
		const output = await runProduct({
			operation: 'getMany',
			returnAll: true,
			simplify: false,
			filters: {
				status: 'archived',
				productCategory: 'physical',
				pricingType: 'pwyw_limited_subscription',
				createdAfter: '2024-01-01',
			},
		});
		expect(jsonOf(output)).toEqual([PRODUCT, { ...PRODUCT, id: 4 }]);
		const filters = {
			status: 'archived',
			product_category: 'physical',
			pricing_type: 'pwyw_limited_subscription',
			created_at_min: '2024-01-01',
		};
		expect(queries).toEqual([
			{ ...filters, limit: '100' },
			{ ...filters, limit: '100', offset: '3', dir: 'next' },
		]);
	});

	it('Get Many with a Limit asks for no more than it needs', async () => {
		nock(BASE)
			.get('/v1/products')
			.query({ limit: '1' })
			.reply(200, { data: [PRODUCT], pagination: { next: `${BASE}/v1/products?offset=3&dir=next` } });
		const output = await runProduct({ operation: 'getMany', limit: 1, simplify: true });
		expect(jsonOf(output)).toEqual([expect.objectContaining({ id: 3, price_cents: 4900 })]);
	});

	it('Get Orders walks the product order pages with the filters re-sent', async () => {
		const { queries, match } = recordQueries();
		nock(BASE)
			.get('/v1/products/3/orders')
			.query(match)
			.reply(200, { data: [ORDER], pagination: { next: `${BASE}/v1/products/3/orders?offset=42&dir=next` } });
		nock(BASE)
			.get('/v1/products/3/orders')
			.query(match)
			.reply(200, { data: [{ ...ORDER, id: 43 }], pagination: { next: null } });
		const output = await runProduct({
			operation: 'getOrders',
			productId: byId(3),
			returnAll: true,
			simplify: true,
			filters: { createdBefore: '2025-06-30', testMode: 'live' },
		});
		expect(jsonOf(output)).toEqual([
			expect.objectContaining({ id: 42, total_cents: 4900, order_date: '2025-03-08T10:18:35Z' }),
			expect.objectContaining({ id: 43 }),
		]);
		const filters = { created_at_max: '2025-06-30', test_mode: 'false' };
		expect(queries).toEqual([
			{ ...filters, limit: '100' },
			{ ...filters, limit: '100', offset: '42', dir: 'next' },
		]);
	});

	describe.each([
		[401, 'SamCart rejected the API key'],
		[403, 'This SamCart account has no API access'],
		[404, 'Product 3 was not found'],
		[409, "SamCart refused the change because of the record's current state"],
		[
			429,
			`SamCart's rate limit was reached and did not clear after ${RETRY_POLICY.rateLimitAttempts} attempt(s)`,
		],
		[500, 'SamCart had a server error (500)'],
	])('a %i from SamCart on Get Orders', (status, message) => {
		const parameters = { operation: 'getOrders', productId: byId(3) };

		it('stops the run with an error naming the item', async () => {
			nock(BASE)
				.get('/v1/products/3/orders')
				.query(true)
				.times(attemptsFor(status))
				.reply(status, { message: 'no' });
			await expect(runProduct(parameters)).rejects.toMatchObject({
				message,
				httpCode: String(status),
				context: { itemIndex: 0 },
			});
		});

		it('with Continue On Fail, becomes an error item', async () => {
			nock(BASE)
				.get('/v1/products/3/orders')
				.query(true)
				.times(attemptsFor(status))
				.reply(status, { message: 'no' });
			const output = await runProduct(parameters, { continueOnFail: true });
			expect(output).toEqual([
				expect.objectContaining({
					json: expect.objectContaining({ error: message }),
					pairedItem: { item: 0 },
				}),
			]);
		});
	});
});

describe('Customer, Product and Subscription descriptions', () => {
	const valuesOf = (resource: string) => operationsOf(resource).map((option) => option.value);

	it('offers the operations, sorted by name', () => {
		expect(valuesOf('customer')).toEqual([
			'get',
			'getAddresses',
			'getCharges',
			'getMany',
			'getOrders',
			'getSubscriptions',
		]);
		expect(valuesOf('product')).toEqual(['get', 'getMany', 'getOrders']);
		expect(valuesOf('subscription')).toEqual([
			'cancel',
			'get',
			'getCharges',
			'getCustomer',
			'getHistory',
			'getMany',
			'getPlan',
			'scheduleCancel',
			'updateNextRebillingDate',
		]);
	});

	it.each([
		['customer', 'getMany', true],
		['customer', 'getOrders', true],
		['customer', 'getCharges', true],
		['customer', 'getSubscriptions', true],
		['customer', 'get', false],
		['product', 'getMany', true],
		['product', 'getOrders', true],
		['product', 'get', false],
		['subscription', 'getMany', true],
		['subscription', 'getCharges', true],
		['subscription', 'get', false],
		['subscription', 'getPlan', false],
		['subscription', 'getCustomer', false],
	])('%s %s: Simplify defaults to %s', (resource, operation, simplify) => {
		expect(shownFor(resource, operation, 'simplify')?.default).toBe(simplify);
	});

	it.each([
		['customer', 'getMany', ['createdAfter', 'createdBefore', 'email']],
		['customer', 'getOrders', ['createdAfter', 'createdBefore', 'testMode']],
		['customer', 'getCharges', ['createdAfter', 'createdBefore', 'testMode']],
		[
			'customer',
			'getSubscriptions',
			[
				'canceledAfter',
				'canceledBefore',
				'createdAfter',
				'createdBefore',
				'rebillingAfter',
				'rebillingBefore',
				'status',
				'testMode',
				'type',
			],
		],
		['product', 'getMany', ['createdAfter', 'createdBefore', 'pricingType', 'productCategory', 'status']],
		['product', 'getOrders', ['createdAfter', 'createdBefore', 'testMode']],
		[
			'subscription',
			'getMany',
			[
				'canceledAfter',
				'canceledBefore',
				'createdAfter',
				'createdBefore',
				'rebillingAfter',
				'rebillingBefore',
				'status',
				'testMode',
				'type',
			],
		],
		['subscription', 'getCharges', ['createdAfter', 'createdBefore', 'testMode']],
		['subscription', 'getHistory', ['createdAfter', 'createdBefore']],
	])(
		'%s %s offers the filters its endpoint accepts, Test Mode untouched = both',
		(resource, operation, names) => {
			const filters = shownFor(resource, operation, 'filters')?.options as INodeProperties[];
			expect(filters.map((filter) => filter.name).sort()).toEqual(names);
			const testMode = filters.find((filter) => filter.name === 'testMode');
			if (testMode) expect(testMode.default).toBe('both');
			expect(shownFor(resource, operation, 'limit')?.default).toBe(50);
		},
	);
});

describe('Product operations against the simulator', () => {
	let sim: Simulator;
	const onSim = (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
		runProduct(parameters, { baseUrl: sim.baseUrl, apiKey: sim.apiKey, ...extra });
	const products = () => sim.data.products as unknown as IDataObject[];

	beforeAll(async () => {
		nock.enableNetConnect();
		sim = await startSimulator({ size: { customers: 300, orders: 2400 }, seed: 3, rateLimit: { limit: 0 } });
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearRequests();
		sim.clearFaults();
	});

	it('Get returns the simulator record as is', async () => {
		const product = sim.data.products[2];
		expect(jsonOf(await onSim({ operation: 'get', productId: byId(product.id) }))).toEqual([
			sim.record('products', product.id),
		]);
	});

	it('Get Many with Return All returns every product', async () => {
		expect(jsonOf(await onSim({ operation: 'getMany', returnAll: true, simplify: false }))).toEqual(
			products(),
		);
	});

	it.each([
		['status', { status: 'archived' }, (p: IDataObject) => p.status === 'archived'],
		[
			'product category',
			{ productCategory: 'physical' },
			(p: IDataObject) => p.product_category === 'physical',
		],
		[
			'created window',
			{ createdAfter: '2024-10-12', createdBefore: '2024-10-31' },
			(p: IDataObject) =>
				String(p.created_at) >= '2024-10-12 00:00:00' && String(p.created_at) <= '2024-10-31 23:59:59',
		],
	])('Get Many filters by %s', async (_name, filters, keep) => {
		const output = await onSim({ operation: 'getMany', returnAll: true, filters });
		const expected = products().filter(keep);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(products().length);
		expect(ids(jsonOf(output))).toEqual(ids(expected));
	});

	it.each(['one_time', 'recurring_subscription', 'limited_subscription', 'pwyw_one_time'])(
		'Get Many filters by pricing type %s',
		async (pricingType) => {
			const output = await onSim({ operation: 'getMany', returnAll: true, filters: { pricingType } });
			const expected = sim.data.products.filter((p) => sim.data.productPricing.get(p.id) === pricingType);
			expect(expected.length).toBeGreaterThan(0);
			expect(ids(jsonOf(output))).toEqual(ids(expected));
		},
	);

	it('Get Orders with Return All walks several pages of one product', async () => {
		const [productId, orders] = [...sim.data.indexes.ordersByProduct.entries()].sort(
			(a, b) => b[1].length - a[1].length,
		)[0];
		expect(orders.length).toBeGreaterThan(100);
		const output = await onSim({
			operation: 'getOrders',
			productId: byId(productId),
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(output)).toEqual(orders);
		expect(sim.requests({ route: 'GET /products/:id/orders' })).toHaveLength(Math.ceil(orders.length / 100));

		const limited = await onSim({ operation: 'getOrders', productId: byId(productId), limit: 5 });
		expect(ids(jsonOf(limited))).toEqual(ids(orders.slice(0, 5)));

		const since = orders[Math.floor(orders.length / 2)].order_date.slice(0, 10);
		const windowed = await onSim({
			operation: 'getOrders',
			productId: byId(productId),
			returnAll: true,
			filters: { createdAfter: since, testMode: 'live' },
		});
		expect(ids(jsonOf(windowed))).toEqual(
			ids(orders.filter((o) => o.order_date >= `${since} 00:00:00` && !o.test_mode)),
		);
	});

	it.each([
		['401', { apiKey: 'wrong' }, (): number => sim.data.products[0].id, 'SamCart rejected the API key'],
		[
			'403',
			{ apiKey: 'sc_sim_no_access' },
			(): number => sim.data.products[0].id,
			'This SamCart account has no API access',
		],
		['404', {}, (): number => 12, 'Product 12 was not found'],
	])(
		'a %s stops the run, or becomes an error item with Continue On Fail',
		async (code, extra, id, message) => {
			const parameters = { operation: 'get', productId: byId(id()) };
			await expect(onSim(parameters, extra)).rejects.toMatchObject({ httpCode: code, message });
			expect((await onSim(parameters, { ...extra, continueOnFail: true }))[0].json).toMatchObject({
				error: message,
			});
		},
	);
});
