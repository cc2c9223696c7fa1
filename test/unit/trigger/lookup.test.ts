import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { TEST_API_KEY } from '../helpers/fakeN8nContext';
import { deliver, json, samplePayload } from './helpers';

const BASE = 'https://api.samcart.com';
const api = () => nock(BASE, { reqheaders: { 'sc-api': TEST_API_KEY } });
const params = (events: string[], options: IDataObject = {}) => ({ parameters: { events, options } });

const ORDER = {
	id: 1001,
	customer_id: 55,
	test_mode: false,
	total: 4900,
	cart_items: [{ id: 1, product_id: 350399, subscription_id: 777 }],
};
const CUSTOMER = { id: 55, email: 'jane@example.com', first_name: 'Jane', last_name: 'Doe' };
const SUBSCRIPTION = { id: 777, customer_id: 55, order_id: 1001, status: 'active', product_id: 350399 };
const PLAN = { id: 3, product_id: 350399, plan_frequency: 'monthly', plan_price: 4900 };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Verify With SamCart', () => {
	it('runs the workflow when the order exists, saying what was checked', async () => {
		const scope = api().get('/v1/orders/1001').reply(200, ORDER);
		const delivery = await deliver({ ...params(['newOrder'], { verify: true }), ...json(samplePayload()) });
		expect(delivery.status).toBe(200);
		expect(delivery.items[0]).toMatchObject({ event: 'newOrder', verified: ['Order 1001'] });
		expect(delivery.items[0]).not.toHaveProperty('order');
		scope.done();
	});

	it('refuses a forged order with 422 and the reason, without execution or memory', async () => {
		const scope = api().get('/v1/orders/1001').reply(404, { message: 'Object could not be found' });
		const staticData: IDataObject = {};
		const delivery = await deliver({
			...params(['newOrder'], { verify: true, ignoreDuplicates: true }),
			staticData,
			...json(samplePayload()),
		});
		expect(delivery.status).toBe(422);
		expect(delivery.body).toEqual({
			error: 'record_not_found',
			message: expect.stringContaining('Order 1001 does not exist'),
		});
		expect(delivery.result).toEqual({ noWebhookResponse: true });
		expect(staticData.recentEventIds ?? []).toEqual([]);
		scope.done();
	});

	it("checks the refund's order and its charge when the delivery names one", async () => {
		const scope = api().get('/v1/orders/1001').reply(200, ORDER).get('/v1/charges/88').reply(404, {});
		const refund = samplePayload('Refund', { refund: { charge_id: 88, amount: '49.00' } });
		const delivery = await deliver({ ...params(['newRefund'], { verify: true }), ...json(refund) });
		expect(delivery.status).toBe(422);
		expect(delivery.body.message).toMatch(/Charge 88/);
		scope.done();
	});

	it('checks the subscription of a subscription event', async () => {
		const scope = api().get('/v1/subscriptions/777').reply(200, SUBSCRIPTION);
		const delivery = await deliver({
			...params(['subscriptionCharged'], { verify: true }),
			...json(samplePayload('RecurringPaymentSucceeded')),
		});
		expect(delivery.items[0]).toMatchObject({ verified: ['Subscription 777'] });
		scope.done();
	});

	it('checks the product of a lead (leads have no API record)', async () => {
		const scope = api().get('/v1/products/350399').reply(404, {});
		const lead = { type: 'Prospect Created', customer: { email: 'x@y.z' }, product: { id: 350399 } };
		const refused = await deliver({ ...params(['prospectCreated'], { verify: true }), ...json(lead) });
		expect(refused.status).toBe(422);
		scope.done();
		const bare = await deliver({
			...params(['prospectCreated'], { verify: true }),
			...json({ type: 'Prospect Created', customer: { email: 'x@y.z' } }),
		});
		expect(bare.items[0]).toMatchObject({ verified: [] });
	});

	it('refuses an order event that names no order with 422', async () => {
		const delivery = await deliver({
			...params(['newOrder'], { verify: true }),
			...json({ type: 'Order', order: { id: 'not-a-number' } }),
		});
		expect(delivery.status).toBe(422);
		expect(delivery.body.error).toBe('nothing_to_verify');
	});

	it('answers 503 (never 500) when SamCart cannot be asked, without the API key', async () => {
		const scope = api()
			.get('/v1/orders/1001')
			.reply(401, { message: `Invalid key ${TEST_API_KEY}` });
		const delivery = await deliver({ ...params(['newOrder'], { verify: true }), ...json(samplePayload()) });
		expect(delivery.status).toBe(503);
		expect(delivery.body.error).toBe('verification_unavailable');
		expect(JSON.stringify(delivery.body)).not.toContain(TEST_API_KEY);
		scope.done();

		const noCredential = await deliver({
			...params(['newOrder'], { verify: true }),
			withCredential: false,
			...json(samplePayload()),
		});
		expect(noCredential.status).toBe(503);
	});

	it('remembers a verified event for duplicate detection', async () => {
		const scope = api().get('/v1/orders/1001').reply(200, ORDER);
		const staticData: IDataObject = {};
		const options = { ...params(['newOrder'], { verify: true, ignoreDuplicates: true }), staticData };
		const first = await deliver({ ...options, ...json(samplePayload()) });
		expect(first.items).toHaveLength(1);
		const again = await deliver({ ...options, ...json(samplePayload()) });
		expect(again.body.ignored).toBe('duplicate');
		scope.done();
	});
});

describe('Enrich', () => {
	it('attaches the full order, customer and subscription with its plan, asking for each once', async () => {
		const scope = api()
			.get('/v1/orders/1001')
			.once()
			.reply(200, ORDER)
			.get('/v1/subscriptions/777')
			.once()
			.reply(200, SUBSCRIPTION)
			.get('/v1/subscriptions/777/plan')
			.reply(200, PLAN)
			.get('/v1/customers/55')
			.reply(200, CUSTOMER);
		const delivery = await deliver({
			...params(['newOrder'], { verify: true, enrich: true }),
			...json(samplePayload()),
		});
		expect(delivery.items[0]).toMatchObject({
			order: ORDER,
			customer: CUSTOMER,
			subscription: { ...SUBSCRIPTION, plan: PLAN },
			payload: samplePayload(),
		});
		expect(delivery.items[0]).not.toHaveProperty('enrichErrors');
		expect(JSON.stringify(delivery.items)).not.toContain(TEST_API_KEY);
		scope.done();
	});

	it('finds the subscription through the order when the delivery does not name it', async () => {
		const scope = api()
			.get('/v1/orders/1001')
			.reply(200, ORDER)
			.get('/v1/subscriptions/777')
			.reply(200, SUBSCRIPTION)
			.get('/v1/subscriptions/777/plan')
			.reply(200, PLAN)
			.get('/v1/customers/55')
			.reply(200, CUSTOMER);
		const payload = samplePayload('Order', { order: { id: 1001, total: '49.00' } });
		const delivery = await deliver({ ...params(['newOrder'], { enrich: true }), ...json(payload) });
		expect(delivery.items[0]).toMatchObject({ subscription: { id: 777, plan: PLAN }, customer: CUSTOMER });
		scope.done();
	});

	it('is best effort: a missing record is null and the reason is listed, the workflow still runs', async () => {
		const scope = api().get('/v1/orders/1001').reply(404, {}).get('/v1/subscriptions/777').reply(404, {});
		const payload = samplePayload('Order', { customer: { email: 'a@b.c' } });
		const delivery = await deliver({ ...params(['newOrder'], { enrich: true }), ...json(payload) });
		expect(delivery.status).toBe(200);
		expect(delivery.items[0]).toMatchObject({
			order: null,
			customer: null,
			subscription: null,
			enrichErrors: [expect.stringMatching(/Subscription 777/), expect.stringMatching(/Order 1001/)],
		});
		scope.done();
	});
});
