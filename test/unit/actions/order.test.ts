// The transport's waits cost no time here; its policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { addToOrderRefusal } from '../../../dev/samcart-simulator/writes';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { operationsOf, runNode, shownFor, until } from './support';

const BASE = 'https://api.samcart.com';
const CHARGE = {
	id: 12,
	customer_id: 7,
	order_id: 42,
	subscription_rebill_id: null,
	test_mode: false,
	processor_name: 'Stripe',
	currency: 'USD',
	charge_refund_status: 'partially_refunded',
	created_at: '2025-03-08 10:18:36',
	total: 4900,
};
const CUSTOMER = {
	id: 7,
	first_name: 'Jane',
	last_name: 'Doe',
	email: 'jane@example.com',
	phone: null,
	customer_tags: [{ name: 'vip' }],
	lifetime_value: 12345,
	created_at: '2024-01-02 03:04:05',
	updated_at: '2025-01-02 03:04:05',
	addresses: [],
};
const SUBSCRIPTION = {
	id: 700001,
	customer_id: 7,
	order_id: 42,
	status: 'active',
	type: 'recurring_subscription',
};

const run = runNode;
const order = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation,
	orderId: { mode: 'id', value: '42' },
	...extra,
});
const sentBody = (into: { body?: unknown }) => (body: unknown) => {
	into.body = body;
	return true;
};

let sim: Simulator;
const onSim = async (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	await run({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, parameters, ...extra });
const id = (value: number | string) => ({ mode: 'id', value: String(value) });

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1/);
	sim = await startSimulator({ size: 'small', seed: 5, rateLimit: { limit: 0 }, batchProcessingPolls: 1 });
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
afterAll(async () => {
	nock.enableNetConnect();
	await sim.stop();
});

/** Orders the simulator will let us add a product to, and a product it can charge on them. */
function chargeablePairs() {
	const products = sim.data.products.filter((p) => p.status === 'live');
	return sim.data.orders.flatMap((o) => {
		const product = products.find((p) => !addToOrderRefusal(sim.data, o, p.id));
		return product ? [{ order: o, product }] : [];
	});
}

describe('Order operations menu', () => {
	const shown = (name: string, operation: string) => shownFor('order', operation, name);

	it('lists every operation, sorted, with sentence-case actions', () => {
		const selector = { options: operationsOf('order') };
		expect(selector?.options?.map((option) => [option.name, (option as { action?: string }).action])).toEqual(
			[
				['Add Product', 'Add a product to an order'],
				['Batch Add Products', 'Add products to many orders'],
				['Get', 'Get an order'],
				['Get Batch Status', 'Get the status of a batch add'],
				['Get Charges', 'Get charges of an order'],
				['Get Customer', 'Get the customer of an order'],
				['Get Many', 'Get many orders'],
				['Get Subscriptions', 'Get the subscriptions of an order'],
				['Update Custom Field', 'Update a custom field of an order'],
			],
		);
	});

	it('defaults: lists simplified, Get Customer raw; Get Subscriptions offers every filter its endpoint takes', () => {
		expect(shown('simplify', 'getCharges')?.default).toBe(true);
		expect(shown('simplify', 'getSubscriptions')?.default).toBe(true);
		expect(shown('simplify', 'getCustomer')?.default).toBe(false);
		expect(shown('limit', 'getCharges')?.default).toBe(50);
		expect(shown('filters', 'getCharges')?.options?.map((option) => option.name)).toEqual([
			'createdAfter',
			'createdBefore',
			'testMode',
		]);
		expect(shown('filters', 'getSubscriptions')?.options?.map((option) => option.name)).toEqual([
			'canceledAfter',
			'canceledBefore',
			'createdAfter',
			'createdBefore',
			'rebillingAfter',
			'rebillingBefore',
			'status',
			'testMode',
			'type',
		]);
		expect(shown('productId', 'addProduct')).toMatchObject({ type: 'resourceLocator' });
	});
});

describe('Order > Get Charges', () => {
	it('sends the filters, reads the bare array, honours Limit and simplifies', async () => {
		nock(BASE)
			.get('/v1/orders/42/charges')
			.query({ created_at_min: '2025-01-01', test_mode: 'false' })
			.reply(200, [CHARGE, { ...CHARGE, id: 13 }]);
		const [output] = await run({
			parameters: order('getCharges', {
				limit: 1,
				simplify: true,
				filters: { createdAfter: '2025-01-01', testMode: 'live' },
			}),
		});
		expect(output.map((item) => item.json)).toEqual([
			{
				id: 12,
				order_id: 42,
				customer_id: 7,
				subscription_rebill_id: null,
				created_at: '2025-03-08T10:18:36Z',
				currency: 'USD',
				total_cents: 4900,
				total: 49,
				refund_status: 'partially_refunded',
				processor_name: 'Stripe',
				test_mode: false,
			},
		]);
	});

	it('against the simulator, equals the order’s charges (raw), for each locator mode', async () => {
		const [orderId, charges] = [...sim.data.indexes.chargesByOrder.entries()].find(
			([, list]) => list.length > 2,
		)!;
		for (const locator of [
			{ mode: 'list', value: String(orderId) },
			id(orderId),
			{ mode: 'url', value: `https://app.samcart.com/app/orders/${orderId}` },
		]) {
			const [output] = await onSim(
				order('getCharges', { orderId: locator, returnAll: true, simplify: false }),
			);
			expect(output.map((item) => item.json)).toEqual(charges);
		}
	});

	it('against the simulator, an unknown order is "Order N was not found"', async () => {
		await expect(onSim(order('getCharges', { orderId: id(1) }))).rejects.toThrow('Order 1 was not found');
	});
});

describe('Order > Get Customer', () => {
	it('returns the customer raw, or simplified', async () => {
		nock(BASE).get('/v1/orders/42/customer').twice().reply(200, CUSTOMER);
		const [raw] = await run({ parameters: order('getCustomer') });
		expect(raw[0].json).toEqual(CUSTOMER);
		const [simple] = await run({ parameters: order('getCustomer', { simplify: true }) });
		expect(simple[0].json).toMatchObject({
			id: 7,
			name: 'Jane Doe',
			email: 'jane@example.com',
			lifetime_value_cents: 12345,
			lifetime_value: null,
			created_at: '2024-01-02T03:04:05Z',
		});
	});

	it('against the simulator, is the order’s customer', async () => {
		const o = sim.data.orders[17];
		const [output] = await onSim(order('getCustomer', { orderId: id(o.id) }));
		expect(output[0].json).toEqual(sim.record('customers', o.customer_id));
	});
});

describe('Order > Get Subscriptions', () => {
	it('sends every filter the endpoint takes', async () => {
		nock(BASE)
			.get('/v1/orders/42/subscriptions')
			.query({
				created_at_min: '2025-01-01',
				created_at_max: '2025-12-31',
				rebilling_at_min: '2026-01-01',
				rebilling_at_max: '2026-02-01',
				canceled_at_min: '2025-06-01',
				canceled_at_max: '2025-07-01',
				test_mode: 'true',
				status: 'canceled',
				type: 'limited_subscription',
			})
			.reply(200, [SUBSCRIPTION]);
		const [output] = await run({
			parameters: order('getSubscriptions', {
				filters: {
					createdAfter: '2025-01-01',
					createdBefore: '2025-12-31',
					rebillingAfter: '2026-01-01',
					rebillingBefore: '2026-02-01',
					canceledAfter: '2025-06-01',
					canceledBefore: '2025-07-01',
					testMode: 'test',
					status: 'canceled',
					type: 'limited_subscription',
				},
			}),
		});
		expect(output.map((item) => item.json)).toEqual([SUBSCRIPTION]);
	});

	it('against the simulator, equals the order’s subscriptions, and the status filter narrows them', async () => {
		const [orderId, subscriptions] = [...sim.data.indexes.subscriptionsByOrder.entries()].find(
			([, list]) => list.length > 0,
		)!;
		const [all] = await onSim(order('getSubscriptions', { orderId: id(orderId), returnAll: true }));
		expect(all.map((item) => item.json)).toEqual(subscriptions);
		const other = subscriptions[0].status === 'paused' ? 'active' : 'paused';
		const [none] = await onSim(
			order('getSubscriptions', { orderId: id(orderId), returnAll: true, filters: { status: other } }),
		);
		expect(none.map((item) => item.json)).toEqual(subscriptions.filter((s) => s.status === other));
		const [simple] = await onSim(order('getSubscriptions', { orderId: id(orderId), simplify: true }));
		expect(simple[0].json).toMatchObject({ id: subscriptions[0].id, status: subscriptions[0].status });
	});
});

describe('Order > Update Custom Field', () => {
	it('PUTs the slug and value, and says what it did when SamCart answers with nothing', async () => {
		const sent: { body?: unknown } = {};
		nock(BASE).put('/v1/orders/42', sentBody(sent)).reply(200, '');
		const [output] = await run({
			parameters: order('updateCustomField', {
				customFieldSlug: ' custom_zL6FLFM3 ',
				customFieldValue: 'Acme',
			}),
		});
		expect(sent.body).toEqual({ custom_field_slug: 'custom_zL6FLFM3', custom_field_data: 'Acme' });
		expect(output[0].json).toEqual({
			order_id: 42,
			custom_field_slug: 'custom_zL6FLFM3',
			custom_field_data: 'Acme',
			updated: true,
		});
	});

	it('refuses an empty slug before calling SamCart', async () => {
		await expect(
			run({ parameters: order('updateCustomField', { customFieldSlug: '  ' }) }),
		).rejects.toMatchObject({
			message: 'Custom Field Slug is empty',
			context: { itemIndex: 0 },
		});
	});

	it('against the simulator, the order carries the new value; an unknown slug is SamCart’s refusal', async () => {
		const o = sim.data.orders[3];
		const { slug } = sim.data.customFields[0];
		const [output] = await onSim(
			order('updateCustomField', { orderId: id(o.id), customFieldSlug: slug, customFieldValue: 'Acme Ltd' }),
		);
		expect(output[0].json).toEqual(sim.record('orders', o.id));
		expect(o.custom_fields[slug]).toMatchObject({ value: 'Acme Ltd' });
		await expect(
			onSim(
				order('updateCustomField', {
					orderId: id(o.id),
					customFieldSlug: 'custom_nope',
					customFieldValue: 'x',
				}),
			),
		).rejects.toThrow('SamCart refused the request: The custom field custom_nope does not exist.');
	});
});

describe('Order > Add Product', () => {
	it.each([
		['list', '350001'],
		['id', '350001'],
		['url', 'https://app.samcart.com/app/products/350001'],
	])('POSTs the product (%s mode) to add-to-order and outputs SamCart’s answer', async (mode, value) => {
		const sent: { body?: unknown } = {};
		const answer = { order_id: 42, product_id: 350001, charge_id: 99, status: 'charged' };
		nock(BASE).post('/v1/orders/42/add-to-order', sentBody(sent)).reply(200, answer);
		const [output] = await run({ parameters: order('addProduct', { productId: { mode, value } }) });
		expect(sent.body).toEqual({ product_id: 350001 });
		expect(output[0].json).toEqual(answer);
	});

	it('409 says SamCart could not charge, and what to check', async () => {
		nock(BASE)
			.post('/v1/orders/42/add-to-order')
			.reply(409, { message: "The product could not be charged: the customer's card was declined." });
		const error = (await run({ parameters: order('addProduct', { productId: id(350001) }) }).catch(
			(e: unknown) => e,
		)) as Error & { description: string; httpCode: string };
		expect(error.message).toBe('SamCart could not charge product 350001 on order 42');
		expect(error.httpCode).toBe('409');
		expect(error.description).toMatch(
			/^Nothing was changed\. SamCart said: "The product could not be charged: the customer's card was declined\."\. Check/,
		);
	});

	it.each([
		[500, 'SamCart had a server error (500)'],
		[502, 'SamCart had a server error (502)'],
	])('a %i is not sent again (it may have charged)', async (status, message) => {
		let calls = 0;
		nock(BASE)
			.post('/v1/orders/42/add-to-order')
			.times(5)
			.reply(() => {
				calls++;
				return [status, {}];
			});
		const [output] = await run({
			parameters: order('addProduct', { productId: id(350001) }),
			continueOnFail: true,
		});
		expect(output[0].json.error).toBe(message);
		expect(calls).toBe(1);
	});

	it('against the simulator: the order gains the item and a charge; a refused charge is a 409', async () => {
		const { order: o, product } = chargeablePairs()[0];
		const itemsBefore = o.cart_items.length;
		const [output] = await onSim(order('addProduct', { orderId: id(o.id), productId: id(product.id) }));
		expect(output[0].json).toMatchObject({ order_id: o.id, product_id: product.id, status: 'charged' });
		expect(sim.record('charges', output[0].json.charge_id as number)).toMatchObject({ order_id: o.id });
		expect(o.cart_items).toHaveLength(itemsBefore + 1);

		const paypal = sim.data.orders.find(
			(candidate) => candidate.processor_name === 'PayPal' && !candidate.test_mode,
		)!;
		await expect(
			onSim(order('addProduct', { orderId: id(paypal.id), productId: id(product.id) })),
		).rejects.toThrow(`SamCart could not charge product ${product.id} on order ${paypal.id}`);
	});

	it('an add-to-order whose first attempt times out is not sent a second time', async () => {
		const { order: o, product } = chargeablePairs()[1];
		const itemsBefore = o.cart_items.length;
		sim.addFault({
			method: 'POST',
			path: '/orders/*/add-to-order',
			times: 1,
			action: { type: 'hang', ms: 1200 },
		});
		sim.clearRequests();
		const error = (await onSim(order('addProduct', { orderId: id(o.id), productId: id(product.id) }), {
			timeoutMs: 300,
		}).catch((e: unknown) => e)) as Error & { description: string };
		expect(error.message).toBe('SamCart did not answer in time');
		expect(error.description).toMatch(/not sent again automatically/);
		await until(() => o.cart_items.length > itemsBefore);
		// Give a (wrong) second attempt time to arrive.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(sim.requests({ method: 'POST' }).map((r) => r.path)).toEqual([`/v1/orders/${o.id}/add-to-order`]);
		// The customer was charged once, by the one request SamCart received.
		expect(o.cart_items).toHaveLength(itemsBefore + 1);
	});
});

describe('Order > Batch Add Products / Get Batch Status', () => {
	it.each([
		['text with commas and spaces', '500001, 500002 ,500003', '350001;350002'],
		['arrays from an expression', [500001, '500002', 500003], [350001, 350002]],
	])('sends the IDs as unique integers (%s)', async (_how, orderIds, productIds) => {
		const sent: { body?: unknown } = {};
		nock(BASE).post('/v1/orders/batch-add-to-order', sentBody(sent)).reply(202, { batch_id: 'b-1' });
		const [output] = await run({
			parameters: { resource: 'order', operation: 'batchAddProducts', orderIds, productIds },
		});
		expect(sent.body).toEqual({ order_ids: [500001, 500002, 500003], product_ids: [350001, 350002] });
		expect(output[0].json).toEqual({ batch_id: 'b-1' });
	});

	const many = (count: number, from: number) => Array.from({ length: count }, (_, i) => from + i);
	it.each([
		['', '1', 'Order IDs: no order IDs given'],
		['1, 2, 1', '1', 'Order IDs: 1 appears more than once'],
		['1, two', '1', 'Order IDs: "two" is not a valid order ID'],
		['1, 0', '1', 'Order IDs: "0" is not a valid order ID'],
		['1, -3', '1', 'Order IDs: "-3" is not a valid order ID'],
		['1.5', '1', 'Order IDs: "1.5" is not a valid order ID'],
		[many(5001, 1), '1', 'Order IDs: 5,001 IDs given; SamCart accepts at most 5,000 in one batch'],
		['1', many(26, 1), 'Product IDs: 26 IDs given; SamCart accepts at most 25 in one batch'],
		['1', '7, 7', 'Product IDs: 7 appears more than once'],
		['1', '', 'Product IDs: no product IDs given'],
	])('refuses orders %j / products %j before sending anything', async (orderIds, productIds, message) => {
		const post = nock(BASE).post('/v1/orders/batch-add-to-order').reply(202, { batch_id: 'b' });
		await expect(
			run({ parameters: { resource: 'order', operation: 'batchAddProducts', orderIds, productIds } }),
		).rejects.toMatchObject({ message, context: { itemIndex: 0 } });
		expect(post.isDone()).toBe(false);
	});

	it('accepts exactly 5,000 orders and 25 products', async () => {
		const sent: { body?: { order_ids: number[]; product_ids: number[] } } = {};
		nock(BASE)
			.post('/v1/orders/batch-add-to-order', sentBody(sent as { body?: unknown }))
			.reply(202, { batch_id: 'b' });
		await run({
			parameters: {
				resource: 'order',
				operation: 'batchAddProducts',
				orderIds: many(5000, 1).join(','),
				productIds: many(25, 1),
			},
		});
		expect(sent.body?.order_ids).toHaveLength(5000);
		expect(sent.body?.product_ids).toHaveLength(25);
	});

	it('Get Batch Status asks for the batch, every time (a status changes), and refuses an odd ID', async () => {
		nock(BASE)
			.get('/v1/orders/batch-add-to-order/0b6a1c5e-2f4d')
			.twice()
			.reply(200, { batch_id: '0b6a1c5e-2f4d', status: 'processing' });
		const [output] = await run({
			items: [{ json: {} }, { json: {} }],
			parameters: { resource: 'order', operation: 'getBatchStatus', batchId: ' 0b6a1c5e-2f4d ' },
		});
		expect(output.map((item) => item.json.status)).toEqual(['processing', 'processing']);
		expect(nock.isDone()).toBe(true);
		await expect(
			run({ parameters: { resource: 'order', operation: 'getBatchStatus', batchId: '../orders' } }),
		).rejects.toMatchObject({ message: 'Batch ID "../orders" is not valid', context: { itemIndex: 0 } });
	});

	it('against the simulator: a batch is accepted, then reported processing, then completed with results', async () => {
		const pairs = chargeablePairs().slice(5, 7);
		const orderIds = pairs.map((pair) => pair.order.id);
		const productIds = [pairs[0].product.id];
		const [accepted] = await onSim({
			resource: 'order',
			operation: 'batchAddProducts',
			orderIds: orderIds.join(','),
			productIds: String(productIds[0]),
		});
		const batchId = accepted[0].json.batch_id as string;
		expect(batchId).toEqual(expect.any(String));
		const status = { resource: 'order', operation: 'getBatchStatus', batchId };
		const [first] = await onSim(status);
		expect(first[0].json).toMatchObject({ batch_id: batchId, status: 'processing', total: 2 });
		const [second] = await onSim(status);
		expect(second[0].json).toMatchObject({ batch_id: batchId, status: 'completed', total: 2, processed: 2 });
		expect((second[0].json.results as Array<{ order_id: number }>).map((r) => r.order_id)).toEqual(orderIds);
		await expect(onSim({ ...status, batchId: 'nope' })).rejects.toThrow('Batch nope was not found');
	});
});
