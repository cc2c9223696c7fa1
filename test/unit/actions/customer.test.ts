/** Customer operations: request shapes and output mapping (nock), then the same operations against the simulator. */
// The transport's waits cost no time here; its policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { RETRY_POLICY } from '../../../nodes/SamCart/transport';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { byId, ids, jsonOf, recordQueries, attemptsFor, run } from './support';
import { ORDER as SHARED_ORDER } from './fixtures';

const BASE = 'https://api.samcart.com';

const CUSTOMER = {
	id: 7,
	first_name: 'Ada',
	last_name: 'Lovelace',
	email: 'ada@example.com',
	phone: '5550100',
	customer_tags: [{ name: 'vip' }, { name: 'newsletter' }],
	lifetime_value: 123456,
	updated_at: '2025-05-01 10:00:00',
	created_at: '2024-05-01 09:00:00',
	addresses: [
		{
			type: 'billing',
			street: '1 Analytical St',
			postal_code: '10001',
			city: 'New York',
			state: 'NY',
			region: null,
			country: 'United States',
		},
	],
};

/** The shared order, with the null fields SamCart also sends. */
const ORDER = {
	...SHARED_ORDER,
	affiliate_id: null,
	cart_items: SHARED_ORDER.cart_items.map((item) => ({ ...item, subscription_id: null })),
};

const CHARGE = {
	id: 77,
	customer_id: 7,
	affiliate_id: null,
	order_id: 42,
	subscription_rebill_id: null,
	test_mode: false,
	processor_name: 'Stripe',
	processor_transaction_id: 'ch_1',
	currency: 'USD',
	card_used: 4242,
	charge_refund_status: 'partially_refunded',
	order_date: '2025-03-08 10:18:35',
	created_at: '2025-03-08 10:18:36',
	total: 4900,
};

const runCustomer = (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	run({ ...extra, parameters: { resource: 'customer', ...parameters } });

describe('Customer operations (request shape and output)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('Get returns the customer as SamCart sent it, or simplified with the name joined', async () => {
		nock(BASE).get('/v1/customers/7').twice().reply(200, CUSTOMER);
		expect(jsonOf(await runCustomer({ operation: 'get', customerId: byId(7) }))).toEqual([CUSTOMER]);
		expect(jsonOf(await runCustomer({ operation: 'get', customerId: byId(7), simplify: true }))).toEqual([
			{
				id: 7,
				name: 'Ada Lovelace',
				first_name: 'Ada',
				last_name: 'Lovelace',
				email: 'ada@example.com',
				phone: '5550100',
				tags: ['vip', 'newsletter'],
				currency: null,
				lifetime_value_cents: 123456,
				lifetime_value: null,
				created_at: '2024-05-01T09:00:00Z',
				updated_at: '2025-05-01T10:00:00Z',
			},
		]);
	});

	it('a customer without a last name gets just the first name', async () => {
		nock(BASE)
			.get('/v1/customers/7')
			.reply(200, { ...CUSTOMER, last_name: null });
		const [simple] = jsonOf(await runCustomer({ operation: 'get', customerId: byId(7), simplify: true }));
		expect(simple.name).toBe('Ada');
	});

	it('accepts the customer from the list, by ID and by URL', async () => {
		const scope = nock(BASE).get('/v1/customers/7').times(3).reply(200, CUSTOMER);
		for (const locator of [
			{ mode: 'list', value: '7' },
			{ mode: 'id', value: '7' },
			{ mode: 'url', value: 'https://app.samcart.com/app/customers/7' },
		]) {
			expect((await runCustomer({ operation: 'get', customerId: locator }))[0].json.id).toBe(7);
		}
		expect(scope.isDone()).toBe(true);
		await expect(runCustomer({ operation: 'get', customerId: byId('0') })).rejects.toMatchObject({
			message: 'Customer ID "0" is not valid',
		});
	});

	it('Get Many sends the emails and created window, and walks the pages for Return All', async () => {
		const { queries, match } = recordQueries();
		nock(BASE)
			.get('/v1/customers')
			.query(match)
			.reply(200, { data: [CUSTOMER], pagination: { next: `${BASE}/v1/customers?offset=7&dir=next` } });
		nock(BASE)
			.get('/v1/customers')
			.query(match)
			.reply(200, { data: [{ ...CUSTOMER, id: 9 }], pagination: { next: null } });
		const output = await runCustomer({
			operation: 'getMany',
			returnAll: true,
			simplify: true,
			filters: {
				email: 'ada@example.com, Bob@Example.com;carl@example.com',
				createdAfter: '2024-01-01',
				createdBefore: '2024-12-31T23:00:00Z',
			},
		});
		expect(jsonOf(output).map((item) => [item.id, item.name])).toEqual([
			[7, 'Ada Lovelace'],
			[9, 'Ada Lovelace'],
		]);
		const filters = {
			email: 'ada@example.com,Bob@Example.com,carl@example.com',
			created_at_min: '2024-01-01',
			created_at_max: '2024-12-31T23:00:00Z',
		};
		expect(queries).toEqual([
			{ ...filters, limit: '100' },
			{ ...filters, limit: '100', offset: '7', dir: 'next' },
		]);
	});

	it('Get Many with a Limit asks for that many and stops', async () => {
		nock(BASE)
			.get('/v1/customers')
			.query({ limit: '2' })
			.reply(200, {
				data: [CUSTOMER, { ...CUSTOMER, id: 8 }],
				pagination: { next: `${BASE}/v1/customers?offset=8&dir=next` },
			});
		const output = await runCustomer({ operation: 'getMany', limit: 2, simplify: false });
		expect(jsonOf(output)).toEqual([CUSTOMER, { ...CUSTOMER, id: 8 }]);
	});

	it('Get Many refuses more than 25 emails without asking SamCart', async () => {
		const email = Array.from({ length: 26 }, (_, i) => `c${i}@example.com`).join(',');
		await expect(runCustomer({ operation: 'getMany', filters: { email } })).rejects.toMatchObject({
			message: 'The Emails filter is not valid: SamCart accepts at most 25 emails, got 26',
			context: { itemIndex: 0 },
		});
	});

	it('Get Addresses returns one item per address, as SamCart sent them', async () => {
		nock(BASE)
			.get('/v1/customers/7/addresses')
			.reply(200, [CUSTOMER.addresses[0], { ...CUSTOMER.addresses[0], type: 'shipping' }]);
		const output = await runCustomer({ operation: 'getAddresses', customerId: byId(7) });
		expect(jsonOf(output)).toEqual([CUSTOMER.addresses[0], { ...CUSTOMER.addresses[0], type: 'shipping' }]);
	});

	it('Get Orders sends created and test-mode filters and simplifies the orders', async () => {
		nock(BASE)
			.get('/v1/customers/7/orders')
			.query({ created_at_min: '2025-01-01', test_mode: 'true' })
			.reply(200, [ORDER, { ...ORDER, id: 43 }, { ...ORDER, id: 44 }]);
		const output = await runCustomer({
			operation: 'getOrders',
			customerId: byId(7),
			limit: 2,
			simplify: true,
			filters: { createdAfter: '2025-01-01', testMode: 'test' },
		});
		expect(ids(jsonOf(output))).toEqual([42, 43]);
		expect(output[0].json).toMatchObject({
			id: 42,
			order_date: '2025-03-08T10:18:35Z',
			total_cents: 4900,
			total: 49,
			currency: 'USD',
		});
	});

	it('Get Charges returns the charges raw or simplified', async () => {
		nock(BASE).get('/v1/customers/7/charges').twice().reply(200, [CHARGE]);
		expect(
			jsonOf(
				await runCustomer({ operation: 'getCharges', customerId: byId(7), returnAll: true, simplify: false }),
			),
		).toEqual([CHARGE]);
		expect(
			jsonOf(await runCustomer({ operation: 'getCharges', customerId: byId(7), simplify: true })),
		).toEqual([
			{
				id: 77,
				order_id: 42,
				customer_id: 7,
				subscription_rebill_id: null,
				currency: 'USD',
				total_cents: 4900,
				total: 49,
				refund_status: 'partially_refunded',
				created_at: '2025-03-08T10:18:36Z',
				processor_name: 'Stripe',
				test_mode: false,
			},
		]);
	});

	it('Get Subscriptions sends every subscription filter', async () => {
		nock(BASE)
			.get('/v1/customers/7/subscriptions')
			.query({
				created_at_min: '2025-01-01',
				rebilling_at_max: '2025-12-31',
				canceled_at_min: '2025-02-01',
				status: 'paused',
				type: 'recurring_subscription',
				test_mode: 'false',
			})
			.reply(200, [
				{ id: 12, status: 'paused', recurring_price: { total: 900 }, created_at: '2025-01-02 00:00:00' },
			]);
		const output = await runCustomer({
			operation: 'getSubscriptions',
			customerId: byId(7),
			simplify: true,
			filters: {
				createdAfter: '2025-01-01',
				rebillingBefore: '2025-12-31',
				canceledAfter: '2025-02-01',
				status: 'paused',
				type: 'recurring_subscription',
				testMode: 'live',
			},
		});
		expect(output[0].json).toMatchObject({
			id: 12,
			status: 'paused',
			recurring_price_cents: 900,
			recurring_price: null,
			created_at: '2025-01-02T00:00:00Z',
		});
	});

	it('many items asking for the same customer list cost one request', async () => {
		const scope = nock(BASE).get('/v1/customers/7/orders').once().reply(200, [ORDER]);
		const output = await run({
			items: [{ json: {} }, { json: {} }],
			parameters: { resource: 'customer', operation: 'getOrders', customerId: byId(7) },
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	describe.each([
		[401, 'SamCart rejected the API key'],
		[403, 'This SamCart account has no API access'],
		[404, 'Customer 7 was not found'],
		[409, "SamCart refused the change because of the record's current state"],
		[
			429,
			`SamCart's rate limit was reached and did not clear after ${RETRY_POLICY.rateLimitAttempts} attempt(s)`,
		],
		[500, 'SamCart had a server error (500)'],
	])('a %i from SamCart on Get Orders', (status, message) => {
		const parameters = { operation: 'getOrders', customerId: byId(7) };

		it('stops the run with an error naming the item', async () => {
			nock(BASE).get('/v1/customers/7/orders').times(attemptsFor(status)).reply(status, { message: 'no' });
			await expect(runCustomer(parameters)).rejects.toMatchObject({
				message,
				httpCode: String(status),
				context: { itemIndex: 0 },
			});
		});

		it('with Continue On Fail, becomes an error item', async () => {
			nock(BASE).get('/v1/customers/7/orders').times(attemptsFor(status)).reply(status, { message: 'no' });
			const output = await runCustomer(parameters, { continueOnFail: true });
			expect(output).toEqual([
				expect.objectContaining({
					json: expect.objectContaining({ error: message }),
					pairedItem: { item: 0 },
				}),
			]);
		});
	});
});

describe('Customer operations against the simulator', () => {
	let sim: Simulator;
	const onSim = (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
		runCustomer(parameters, { baseUrl: sim.baseUrl, apiKey: sim.apiKey, ...extra });
	const customers = () => sim.data.customers as unknown as IDataObject[];
	const busiest = () =>
		[...sim.data.customers].sort(
			(a, b) =>
				(sim.data.indexes.ordersByCustomer.get(b.id)?.length ?? 0) -
				(sim.data.indexes.ordersByCustomer.get(a.id)?.length ?? 0),
		)[0];

	beforeAll(async () => {
		nock.enableNetConnect();
		sim = await startSimulator({ size: 'small', seed: 5, rateLimit: { limit: 0 } });
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearRequests();
		sim.clearFaults();
	});

	it('Get returns the simulator record as is', async () => {
		const customer = sim.data.customers[10];
		expect(jsonOf(await onSim({ operation: 'get', customerId: byId(customer.id) }))).toEqual([
			sim.record('customers', customer.id),
		]);
	});

	it('Get Many with Return All returns every customer, page by page', async () => {
		const output = await onSim({ operation: 'getMany', returnAll: true, simplify: false });
		expect(jsonOf(output)).toEqual(customers());
		expect(sim.requests({ path: '/v1/customers' })).toHaveLength(Math.ceil(customers().length / 100));
	});

	it('Get Many with a Limit returns the first customers, simplified', async () => {
		const output = await onSim({ operation: 'getMany', limit: 3, simplify: true });
		expect(jsonOf(output).map((item) => [item.id, item.name, item.email])).toEqual(
			sim.data.customers.slice(0, 3).map((c) => [c.id, `${c.first_name} ${c.last_name}`, c.email]),
		);
	});

	it('Get Many finds customers by email, in any case', async () => {
		const wanted = [sim.data.customers[150], sim.data.customers[4], sim.data.customers[77]];
		const email = wanted.map((c, i) => (i === 0 ? c.email.toUpperCase() : c.email)).join(', ');
		const output = await onSim({ operation: 'getMany', returnAll: true, filters: { email } });
		expect(ids(jsonOf(output))).toEqual(wanted.map((c) => c.id).sort((a, b) => a - b));
	});

	it('Get Many refuses 26 emails before any request', async () => {
		const email = sim.data.customers
			.slice(0, 26)
			.map((c) => c.email)
			.join(',');
		await expect(onSim({ operation: 'getMany', filters: { email } })).rejects.toThrow(/at most 25 emails/);
		expect(sim.requests()).toHaveLength(0);
	});

	it('Get Many filters by created window', async () => {
		const output = await onSim({
			operation: 'getMany',
			returnAll: true,
			filters: { createdAfter: '2025-02-01', createdBefore: '2025-06-30' },
		});
		const expected = sim.data.customers.filter(
			(c) => c.created_at >= '2025-02-01 00:00:00' && c.created_at <= '2025-06-30 23:59:59',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(jsonOf(output))).toEqual(ids(expected));
	});

	it('Get Addresses, Get Orders, Get Charges and Get Subscriptions equal the simulator data', async () => {
		const customer = busiest();
		const id = customer.id;
		expect(jsonOf(await onSim({ operation: 'getAddresses', customerId: byId(id) }))).toEqual(
			customer.addresses,
		);

		const orders = await onSim({
			operation: 'getOrders',
			customerId: byId(id),
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(orders)).toEqual(sim.data.indexes.ordersByCustomer.get(id));

		const charges = await onSim({
			operation: 'getCharges',
			customerId: byId(id),
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(charges)).toEqual(sim.data.indexes.chargesByCustomer.get(id));

		const subscriptions = await onSim({
			operation: 'getSubscriptions',
			customerId: byId(id),
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(subscriptions)).toEqual(sim.data.indexes.subscriptionsByCustomer.get(id) ?? []);
	});

	it('Get Orders and Get Charges apply the created window', async () => {
		const customer = busiest();
		const all = sim.data.indexes.ordersByCustomer.get(customer.id)!;
		const since = all[Math.floor(all.length / 2)].order_date.slice(0, 10);
		const output = await onSim({
			operation: 'getOrders',
			customerId: byId(customer.id),
			returnAll: true,
			filters: { createdAfter: since },
		});
		const expected = all.filter((o) => o.order_date >= `${since} 00:00:00`);
		expect(expected.length).toBeLessThan(all.length);
		expect(ids(jsonOf(output))).toEqual(ids(expected));

		const charges = sim.data.indexes.chargesByCustomer.get(customer.id)!;
		const chargeOutput = await onSim({
			operation: 'getCharges',
			customerId: byId(customer.id),
			returnAll: true,
			filters: { createdAfter: since },
		});
		expect(ids(jsonOf(chargeOutput))).toEqual(
			ids(charges.filter((c) => c.created_at >= `${since} 00:00:00`)),
		);
	});

	it('Get Subscriptions filters by status', async () => {
		const owner = sim.data.subscriptions.find((s) => s.status === 'canceled')!.customer_id;
		const output = await onSim({
			operation: 'getSubscriptions',
			customerId: byId(owner),
			returnAll: true,
			filters: { status: 'canceled' },
		});
		const expected = (sim.data.indexes.subscriptionsByCustomer.get(owner) ?? []).filter(
			(s) => s.status === 'canceled',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(jsonOf(output))).toEqual(ids(expected));
	});

	it.each([
		['401', { apiKey: 'wrong' }, (): number => sim.data.customers[0].id, 'SamCart rejected the API key'],
		[
			'403',
			{ apiKey: 'sc_sim_no_access' },
			(): number => sim.data.customers[0].id,
			'This SamCart account has no API access',
		],
		['404', {}, (): number => 42, 'Customer 42 was not found'],
	])(
		'a %s stops the run, or becomes an error item with Continue On Fail',
		async (code, extra, id, message) => {
			const parameters = { operation: 'getAddresses', customerId: byId(id()) };
			await expect(onSim(parameters, extra)).rejects.toMatchObject({ httpCode: code, message });
			expect((await onSim(parameters, { ...extra, continueOnFail: true }))[0].json).toMatchObject({
				error: message,
			});
		},
	);

	it('a 429 that does not clear, and a 500 on a read, are retried within bounds then reported', async () => {
		sim.addFault({ method: 'GET', path: '/customers/*', times: 2, action: { type: 'status', status: 500 } });
		const customer = sim.data.customers[1];
		// Two 500s then the answer: a read is retried.
		expect(jsonOf(await onSim({ operation: 'get', customerId: byId(customer.id) }))).toEqual([customer]);
		expect(sim.requests({ route: 'GET /customers/:id' })).toHaveLength(3);

		sim.addFault({
			method: 'GET',
			path: '/customers/*',
			times: RETRY_POLICY.rateLimitAttempts,
			action: { type: 'rateLimit' },
		});
		await expect(onSim({ operation: 'get', customerId: byId(customer.id) })).rejects.toMatchObject({
			httpCode: '429',
		});
	});
});
