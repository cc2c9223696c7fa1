/** The list searches behind the resource locators: request shapes (nock) and results against the simulator. */
import nock from 'nock';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import {
	searchCharges,
	searchCustomers,
	searchOrders,
	searchProducts,
	searchSubscriptions,
} from '../../../nodes/SamCart/methods/listSearch';
import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { createFakeLoadOptionsContext } from '../helpers/fakeN8nContext';
import type { FakeContextOptions } from '../helpers/fakeN8nContext';

const BASE = 'https://api.samcart.com';
const DASHBOARD = 'https://app.samcart.com/app';

type Search = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

const search = async (method: Search, filter?: string, token?: string, options: FakeContextOptions = {}) =>
	await method.call(createFakeLoadOptionsContext(options) as unknown as ILoadOptionsFunctions, filter, token);

const product = (id: number, name: string, extra: Record<string, unknown> = {}) => ({
	id,
	product_name: name,
	internal_product_name: `${name} [internal]`,
	sku: `SKU-${id}`,
	status: 'live',
	...extra,
});
const customer = (id: number, first: string, last: string, email: string) => ({
	id,
	first_name: first,
	last_name: last,
	email,
});
const page = (data: unknown[], next: string | null) => ({ data, pagination: { next, prev: null } });

function recordQueries() {
	const queries: Array<Record<string, string>> = [];
	return {
		queries,
		match: (query: object) => {
			queries.push({ ...query } as Record<string, string>);
			return true;
		},
	};
}

describe('list searches (request shape and results)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('every resource locator of the node points at a search the node registers', () => {
		const node = new SamCart();
		const registered = Object.keys(node.methods.listSearch);
		const used = node.description.properties
			.filter((property) => property.type === 'resourceLocator')
			.map((property) => property.modes?.find((mode) => mode.name === 'list')?.typeOptions?.searchListMethod);
		expect(used.length).toBeGreaterThan(0);
		for (const method of used) expect(registered).toContain(method);
	});

	it('products without a filter: one page, names, IDs, dashboard links and the next token', async () => {
		nock(BASE)
			.get('/v1/products')
			.query({ limit: '100' })
			.reply(
				200,
				page(
					[product(3, 'Course'), product(4, 'Old Course', { status: 'archived' }), product(5, '')],
					`${BASE}/v1/products?offset=5&dir=next`,
				),
			);
		expect(await search(searchProducts)).toEqual({
			results: [
				{ name: 'Course', value: '3', url: `${DASHBOARD}/products/3` },
				{ name: 'Old Course (archived)', value: '4', url: `${DASHBOARD}/products/4` },
				{ name: ' [internal]', value: '5', url: `${DASHBOARD}/products/5` },
			],
			paginationToken: '5',
		});
	});

	it('products by name read on until enough match, and the token continues after the last page read', async () => {
		const { queries, match } = recordQueries();
		const names = ['Alpha', 'Yoga Basics', 'Beta', 'Advanced yoga', 'Gamma'];
		for (let i = 0; i < 5; i++) {
			nock(BASE)
				.get('/v1/products')
				.query(match)
				.reply(200, page([product(10 + i, names[i])], `${BASE}/v1/products?offset=${10 + i}&dir=next`));
		}
		const result = await search(searchProducts, 'YOGA');
		expect(result.results.map((item) => item.name)).toEqual(['Yoga Basics', 'Advanced yoga']);
		// Five pages at most per call; the rest comes with the token.
		expect(queries).toEqual([
			{ limit: '100' },
			{ limit: '100', offset: '10', dir: 'next' },
			{ limit: '100', offset: '11', dir: 'next' },
			{ limit: '100', offset: '12', dir: 'next' },
			{ limit: '100', offset: '13', dir: 'next' },
		]);
		expect(result.paginationToken).toBe('14');
	});

	it('a pagination token is sent as the offset, with no ID look-up', async () => {
		nock(BASE)
			.get('/v1/products')
			.query({ limit: '100', offset: '14', dir: 'next' })
			.reply(200, page([product(15, 'Yoga Pro'), product(16, 'Other')], null));
		const result = await search(searchProducts, 'yoga', '14');
		expect(result).toEqual({
			results: [{ name: 'Yoga Pro', value: '15', url: `${DASHBOARD}/products/15` }],
			paginationToken: undefined,
		});
	});

	it('a whole ID is looked up directly and listed first; a 404 there is just no match', async () => {
		nock(BASE).get('/v1/subscriptions/700123').reply(200, {
			id: 700123,
			product_name: 'Coaching',
			status: 'active',
			customer_id: 9,
		});
		nock(BASE)
			.get('/v1/subscriptions')
			.query({ limit: '100' })
			.reply(
				200,
				page(
					[
						{ id: 700123, product_name: 'Coaching', status: 'active', customer_id: 9 },
						{ id: 1, product_name: 'Plan 700123', status: 'paused', customer_id: 8 },
					],
					null,
				),
			);
		const result = await search(searchSubscriptions, '700123');
		expect(result.results).toEqual([
			{
				name: '#700123 · Coaching · active · customer #9',
				value: '700123',
				url: `${DASHBOARD}/subscriptions/700123`,
			},
			{ name: '#1 · Plan 700123 · paused · customer #8', value: '1', url: `${DASHBOARD}/subscriptions/1` },
		]);

		nock(BASE).get('/v1/customers/55').reply(404, { message: 'Object could not be found' });
		nock(BASE)
			.get('/v1/customers')
			.query({ limit: '100' })
			.reply(200, page([customer(7, 'Ada', 'Lovelace', 'ada@example.com')], null));
		expect((await search(searchCustomers, '55')).results).toEqual([]);
	});

	it('customers by exact email are matched by SamCart, any case, without reading pages', async () => {
		nock(BASE)
			.get('/v1/customers')
			.query({ limit: '100', email: 'ADA@example.com' })
			.reply(200, page([customer(7, 'Ada', 'Lovelace', 'ada@example.com')], null));
		expect(await search(searchCustomers, ' ADA@example.com ')).toEqual({
			results: [{ name: 'Ada Lovelace <ada@example.com>', value: '7', url: `${DASHBOARD}/customers/7` }],
			paginationToken: undefined,
		});
	});

	it('customers by part of a name or email filter the listed customers', async () => {
		nock(BASE)
			.get('/v1/customers')
			.query({ limit: '100' })
			.twice()
			.reply(
				200,
				page(
					[
						customer(7, 'Ada', 'Lovelace', 'ada@example.com'),
						customer(8, 'Grace', 'Hopper', 'grace@navy.mil'),
						customer(9, '', '', 'anon@example.com'),
					],
					null,
				),
			);
		expect((await search(searchCustomers, 'love')).results.map((item) => item.value)).toEqual(['7']);
		expect((await search(searchCustomers, '@example')).results).toEqual([
			{ name: 'Ada Lovelace <ada@example.com>', value: '7', url: `${DASHBOARD}/customers/7` },
			{ name: 'anon@example.com', value: '9', url: `${DASHBOARD}/customers/9` },
		]);
	});

	it('orders and charges: the last 90 days, with product, amount and day in the name', async () => {
		const since = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
		nock(BASE)
			.get('/v1/orders')
			.query({ limit: '100', created_at_min: since })
			.reply(
				200,
				page(
					[
						{
							id: 42,
							customer_id: 7,
							order_date: '2026-10-01 10:00:00',
							total: 4900,
							cart_items: [{ product_name: 'Course', currency: 'USD' }],
						},
					],
					null,
				),
			);
		expect((await search(searchOrders)).results).toEqual([
			{ name: '#42 · Course · 49.00 USD · 2026-10-01', value: '42', url: `${DASHBOARD}/orders/42` },
		]);

		nock(BASE)
			.get('/v1/charges')
			.query({ limit: '100', created_at_min: since })
			.reply(
				200,
				page(
					[
						{
							id: 77,
							order_id: 42,
							customer_id: 7,
							total: 1250,
							currency: 'EUR',
							created_at: '2026-10-02 00:00:00',
						},
					],
					null,
				),
			);
		expect((await search(searchCharges)).results).toEqual([
			{ name: '#77 · order #42 · 12.50 EUR · 2026-10-02', value: '77', url: `${DASHBOARD}/charges/77` },
		]);
	});

	it('a record without a currency shows its cents as they are, never an assumed "USD" (issue 20)', async () => {
		const since = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
		nock(BASE)
			.get('/v1/charges')
			.query({ limit: '100', created_at_min: since })
			.reply(200, page([{ id: 78, order_id: 43, customer_id: 7, total: 500, created_at: '2026-10-03 00:00:00' }], null));
		expect((await search(searchCharges)).results).toEqual([
			{ name: '#78 · order #43 · 500 cents · 2026-10-03', value: '78', url: `${DASHBOARD}/charges/78` },
		]);
	});

	it('a rejected key is reported, not shown as an empty list', async () => {
		nock(BASE).get('/v1/products').query(true).reply(401, { message: 'Invalid authentication credentials' });
		await expect(search(searchProducts)).rejects.toMatchObject({
			message: 'SamCart rejected the API key',
			httpCode: '401',
		});
	});
});

describe('list searches against the simulator', () => {
	let sim: Simulator;
	const onSim = (method: Search, filter?: string, token?: string) =>
		search(method, filter, token, { baseUrl: sim.baseUrl, apiKey: sim.apiKey });

	beforeAll(async () => {
		nock.enableNetConnect();
		sim = await startSimulator({ size: 'small', seed: 9, rateLimit: { limit: 0 } });
	});
	afterAll(async () => sim.stop());
	beforeEach(() => sim.clearRequests());

	it('lists every product with its name', async () => {
		const result = await onSim(searchProducts);
		expect(
			result.results.map((item) => [item.value, item.name.replace(/ \((test|archived)\)$/, '')]),
		).toEqual(sim.data.products.map((p) => [String(p.id), p.product_name]));
		expect(result.paginationToken).toBeUndefined();
	});

	it('finds products by part of their name', async () => {
		const target = sim.data.products[5];
		const word = target.product_name.split(' ').pop()!.toLowerCase();
		const result = await onSim(searchProducts, word);
		const expected = sim.data.products.filter((p) =>
			[p.product_name, p.internal_product_name, p.sku, String(p.id)].some((v) =>
				v.toLowerCase().includes(word),
			),
		);
		expect(result.results.map((item) => item.value)).toEqual(expected.map((p) => String(p.id)));
		expect(result.results.map((item) => item.value)).toContain(String(target.id));
	});

	it('pages through every customer with the tokens, each exactly once', async () => {
		const seen: string[] = [];
		let token: string | undefined;
		let calls = 0;
		do {
			const result = await onSim(searchCustomers, undefined, token);
			seen.push(...result.results.map((item) => String(item.value)));
			token = result.paginationToken;
			calls++;
		} while (token && calls < 10);
		expect(seen).toEqual(sim.data.customers.map((c) => String(c.id)));
		expect(calls).toBe(Math.ceil(sim.data.customers.length / 100));
	});

	it('finds a customer by exact email through SamCart, and by last name across pages', async () => {
		const target = sim.data.customers[170];
		const byEmail = await onSim(searchCustomers, target.email.toUpperCase());
		expect(byEmail.results.map((item) => item.value)).toEqual([String(target.id)]);
		expect(sim.requests({ path: '/v1/customers' })[0].query).toMatchObject({
			email: target.email.toUpperCase(),
		});

		sim.clearRequests();
		const byName = await onSim(searchCustomers, target.last_name);
		const expected = sim.data.customers.filter((c) =>
			[c.email, `${c.first_name} ${c.last_name}`, c.phone, String(c.id)].some((v) =>
				v.toLowerCase().includes(target.last_name.toLowerCase()),
			),
		);
		expect(byName.results.map((item) => item.value)).toEqual(expected.map((c) => String(c.id)));
		// The customer is on the second page: the search read on to find them.
		expect(sim.requests({ path: '/v1/customers' }).length).toBeGreaterThan(1);
	});

	it('finds a subscription by its ID, even when it is not on the first page', async () => {
		const target = sim.data.subscriptions[sim.data.subscriptions.length - 1];
		const result = await onSim(searchSubscriptions, String(target.id));
		expect(result.results[0]).toEqual({
			name: `#${target.id} · ${target.product_name} · ${target.status} · customer #${target.customer_id}`,
			value: String(target.id),
			url: `${DASHBOARD}/subscriptions/${target.id}`,
		});
	});

	it('lists recent orders and charges only', async () => {
		const since = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
		const orders = await onSim(searchOrders);
		const expected = sim.data.orders.filter((o) => o.order_date >= `${since} 00:00:00`).slice(0, 100);
		expect(expected.length).toBeGreaterThan(0);
		expect(orders.results.map((item) => item.value)).toEqual(expected.map((o) => String(o.id)));

		const charges = await onSim(searchCharges);
		const expectedCharges = sim.data.charges.filter((c) => c.created_at >= `${since} 00:00:00`).slice(0, 100);
		expect(charges.results.map((item) => item.value)).toEqual(expectedCharges.map((c) => String(c.id)));
	});
});
