/** Subscription operations: request shapes and output mapping (nock), then the same operations against the simulator. */
// The transport's waits cost no time here; its policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { RETRY_POLICY } from '../../../nodes/SamCart/transport';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { byId, ids, jsonOf, recordQueries, attemptsFor, run } from './support';

const BASE = 'https://api.samcart.com';

const SUBSCRIPTION = {
	id: 12,
	customer_id: 7,
	affiliate_id: null,
	order_id: 40,
	product_id: 5,
	sku: 'SKU-1',
	status: 'active',
	type: 'recurring_subscription',
	product_name: 'Coaching',
	internal_product_name: 'Coaching [monthly]',
	initial_price: { subtotal: 100, taxes: 8, shipping: 0, total: 108 },
	recurring_price: { subtotal: 4900, taxes: 392, shipping: 0, total: 5292 },
	coupon: null,
	processor_name: 'Stripe',
	test_mode: false,
	card_used: 4242,
	created_at: '2025-01-02 03:04:05',
	start_date: '2025-02-01 03:04:05',
	end_date: null,
	next_rebilling_date: '2025-12-01 03:04:05',
	total_failed_charges: 0,
	cancel_schedule: { status: 'scheduled', cancel_date: '2025-12-01 03:04:05' },
};

const PLAN = {
	id: 90,
	product_id: 5,
	plan_status: 'active',
	plan_archived_date: null,
	plan_duration: null,
	plan_frequency: 'monthly',
	plan_price: 4900,
	trial_period: 14,
	rebill_days: null,
	stripe_compatible: true,
	stripe_plan_id: 'samcart_plan_1_5',
	on_stripe_sandbox: false,
	recurring_shipping: 0,
};

const runSubscription = (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
	run({ ...extra, parameters: { resource: 'subscription', ...parameters } });

/** Records every query SamCart received on a nock interceptor. */

describe('Subscription operations (request shape and output)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('Get returns the subscription exactly as SamCart sent it, or simplified', async () => {
		nock(BASE).get('/v1/subscriptions/12').reply(200, SUBSCRIPTION);
		const raw = await runSubscription({ operation: 'get', subscriptionId: byId(12) });
		expect(raw[0].json).toEqual(SUBSCRIPTION);

		// A subscription carries no currency: Simplify reads its product's (GET /products/{product_id}).
		nock(BASE).get('/v1/subscriptions/12').reply(200, SUBSCRIPTION);
		const product = nock(BASE).get('/v1/products/5').reply(200, { id: 5, currency: 'eur', price: 4900 });
		const simple = await runSubscription({ operation: 'get', subscriptionId: byId(12), simplify: true });
		expect(product.isDone()).toBe(true);
		expect(simple[0].json).toEqual({
			id: 12,
			customer_id: 7,
			product_id: 5,
			product_name: 'Coaching',
			status: 'active',
			type: 'recurring_subscription',
			currency: 'EUR',
			initial_price_cents: 108,
			initial_price: 1.08,
			recurring_price_cents: 5292,
			recurring_price: 52.92,
			next_rebilling_date: '2025-12-01T03:04:05Z',
			scheduled_cancel_date: '2025-12-01T03:04:05Z',
			created_at: '2025-01-02T03:04:05Z',
			test_mode: false,
		});
	});

	it.each([
		['names no currency', 200, { id: 5, price: 4900 }],
		['is not found (404)', 404, { message: 'Product not found' }],
	])(
		'Simplify: when the product %s, the currency is null (no default, no error)',
		async (_case, status, body) => {
			nock(BASE).get('/v1/subscriptions/12').reply(200, SUBSCRIPTION);
			let asked = 0;
			nock(BASE)
				.get('/v1/products/5')
				.times(3)
				.reply(() => {
					asked++;
					return [status, body];
				});
			// Two items, one subscription: the product is asked once in the execution.
			const output = await run({
				parameters: { resource: 'subscription', operation: 'get', subscriptionId: byId(12), simplify: true },
				items: [{ json: {} }, { json: {} }],
			});
			expect(asked).toBe(1);
			for (const { json } of output) {
				expect(json).toMatchObject({
					currency: null,
					recurring_price_cents: 5292,
					recurring_price: null,
					initial_price: null,
				});
			}
		},
	);

	it('accepts the subscription from the list, by ID and by URL, and refuses an ID that is not one', async () => {
		const scope = nock(BASE).get('/v1/subscriptions/12').times(3).reply(200, SUBSCRIPTION);
		for (const locator of [
			{ mode: 'list', value: '12' },
			{ mode: 'id', value: ' 12 ' },
			{ mode: 'url', value: 'https://app.samcart.com/app/subscriptions/12' },
		]) {
			const output = await runSubscription({ operation: 'get', subscriptionId: locator });
			expect(output[0].json.id).toBe(12);
		}
		expect(scope.isDone()).toBe(true);
		await expect(runSubscription({ operation: 'get', subscriptionId: byId('12a') })).rejects.toMatchObject({
			message: 'Subscription ID "12a" is not valid',
			context: { itemIndex: 0 },
		});
	});

	it('Get with Include Plan merges the plan fields, raw and simplified', async () => {
		nock(BASE).get('/v1/subscriptions/12').reply(200, SUBSCRIPTION);
		nock(BASE).get('/v1/subscriptions/12/plan').reply(200, PLAN);
		const [raw] = jsonOf(
			await runSubscription({ operation: 'get', subscriptionId: byId(12), options: { includePlan: true } }),
		);
		expect(raw).toEqual({
			...SUBSCRIPTION,
			plan_id: 90,
			plan_frequency: 'monthly',
			plan_price: 4900,
			plan_duration: null,
			rebill_days: null,
			trial_period: 14,
			stripe_plan_id: 'samcart_plan_1_5',
		});

		nock(BASE).get('/v1/subscriptions/12').reply(200, SUBSCRIPTION);
		nock(BASE).get('/v1/subscriptions/12/plan').reply(200, PLAN);
		const [simple] = jsonOf(
			await runSubscription({
				operation: 'get',
				subscriptionId: byId(12),
				simplify: true,
				options: { includePlan: true },
			}),
		);
		expect(simple).toMatchObject({
			id: 12,
			plan_id: 90,
			plan_frequency: 'monthly',
			plan_price_cents: 4900,
			plan_price: null,
			trial_period: 14,
			stripe_plan_id: 'samcart_plan_1_5',
		});
	});

	it('Get Many with Include Plan and Share Plan Per Product reads each product plan once, across pages', async () => {
		const { queries, match } = recordQueries();
		const page1 = [
			{ ...SUBSCRIPTION, id: 1, product_id: 5 },
			{ ...SUBSCRIPTION, id: 2, product_id: 6 },
		];
		const page2 = [
			{ ...SUBSCRIPTION, id: 3, product_id: 5 },
			{ ...SUBSCRIPTION, id: 4, product_id: 6 },
			{ ...SUBSCRIPTION, id: 5, product_id: 5 },
		];
		nock(BASE)
			.get('/v1/subscriptions')
			.query(match)
			.reply(200, { data: page1, pagination: { next: `${BASE}/v1/subscriptions?offset=2&dir=next` } });
		nock(BASE)
			.get('/v1/subscriptions')
			.query(match)
			.reply(200, { data: page2, pagination: { next: null } });
		// Exactly one plan request per product: a third would find no interceptor and fail the run.
		const plan5 = nock(BASE).get('/v1/subscriptions/1/plan').once().reply(200, PLAN);
		const plan6 = nock(BASE)
			.get('/v1/subscriptions/2/plan')
			.once()
			.reply(200, { ...PLAN, id: 91, product_id: 6, plan_frequency: 'yearly' });

		const output = jsonOf(
			await runSubscription({
				operation: 'getMany',
				returnAll: true,
				simplify: true,
				options: { includePlan: true, sharePlanPerProduct: true },
			}),
		);
		expect(plan5.isDone() && plan6.isDone()).toBe(true);
		expect(output.map((item) => [item.id, item.plan_id, item.plan_frequency])).toEqual([
			[1, 90, 'monthly'],
			[2, 91, 'yearly'],
			[3, 90, 'monthly'],
			[4, 91, 'yearly'],
			[5, 90, 'monthly'],
		]);
		expect(queries).toEqual([{ limit: '100' }, { limit: '100', offset: '2', dir: 'next' }]);
	});

	it('Include Plan gives null plan fields when SamCart has no plan, and fails on other plan errors', async () => {
		nock(BASE).get('/v1/subscriptions/12').twice().reply(200, SUBSCRIPTION);
		nock(BASE).get('/v1/subscriptions/12/plan').reply(404, { message: 'Object could not be found' });
		const [item] = jsonOf(
			await runSubscription({ operation: 'get', subscriptionId: byId(12), options: { includePlan: true } }),
		);
		expect(item).toMatchObject({ id: 12, plan_id: null, plan_frequency: null, plan_price: null });

		nock(BASE).get('/v1/subscriptions/12/plan').times(attemptsFor(500)).reply(500, { message: 'boom' });
		await expect(
			runSubscription({ operation: 'get', subscriptionId: byId(12), options: { includePlan: true } }),
		).rejects.toMatchObject({ httpCode: '500', context: { itemIndex: 0 } });
	});

	it('Get Many sends every filter and the Limit, and leaves test_mode out when untouched', async () => {
		const { queries, match } = recordQueries();
		nock(BASE)
			.get('/v1/subscriptions')
			.times(2)
			.query(match)
			.reply(200, {
				data: [SUBSCRIPTION, { ...SUBSCRIPTION, id: 13 }, { ...SUBSCRIPTION, id: 14 }],
				pagination: { next: null },
			});
		const limited = await runSubscription(
			{
				operation: 'getMany',
				limit: 2,
				simplify: false,
				filters: {
					createdAfter: '2025-01-01',
					createdBefore: '2025-01-31',
					rebillingAfter: '2025-02-01T00:00:00Z',
					rebillingBefore: '2025-02-28',
					canceledAfter: '2025-03-01',
					canceledBefore: '2025-03-31T12:00:00',
					status: 'canceled',
					type: 'limited_subscription',
					testMode: 'test',
				},
			},
			{ timezone: 'Europe/Berlin' },
		);
		expect(limited.map((item) => item.json.id)).toEqual([12, 13]);
		await runSubscription({ operation: 'getMany' });
		expect(queries).toEqual([
			{
				limit: '2',
				created_at_min: '2025-01-01',
				created_at_max: '2025-01-31',
				rebilling_at_min: '2025-02-01T00:00:00Z',
				rebilling_at_max: '2025-02-28',
				canceled_at_min: '2025-03-01',
				canceled_at_max: '2025-03-31T10:00:00Z',
				status: 'canceled',
				type: 'limited_subscription',
				test_mode: 'true',
			},
			{ limit: '50' },
		]);
	});

	it('Get Many without Simplify returns the records exactly as SamCart sent them', async () => {
		nock(BASE)
			.get('/v1/subscriptions')
			.query(true)
			.reply(200, { data: [SUBSCRIPTION], pagination: { next: null } });
		const output = await runSubscription({ operation: 'getMany', simplify: false });
		expect(jsonOf(output)).toEqual([SUBSCRIPTION]);
	});

	it('Cancel posts silent_cancel and reports the cancellation', async () => {
		let body: unknown;
		nock(BASE)
			.post('/v1/subscriptions/12/cancel', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, { id: 12, status: 'canceled' });
		const output = await runSubscription({
			operation: 'cancel',
			subscriptionId: byId(12),
			options: { silentCancel: true },
		});
		expect(body).toEqual({ silent_cancel: true });
		expect(output[0].json).toEqual({
			subscription_id: 12,
			canceled: true,
			already_in_state: false,
			status: 'canceled',
			silent_cancel: true,
		});

		nock(BASE)
			.post('/v1/subscriptions/12/cancel', { silent_cancel: false })
			.reply(200, { id: 12, status: 'canceled' });
		const loud = await runSubscription({ operation: 'cancel', subscriptionId: byId(12) });
		expect(loud[0].json.silent_cancel).toBe(false);
	});

	it("Cancel: a 409 fails clearly, or is a success with Treat 'Not Active' as Success", async () => {
		const said = { message: 'Subscription cannot be canceled because its status is canceled.' };
		nock(BASE).post('/v1/subscriptions/12/cancel').reply(409, said);
		await expect(runSubscription({ operation: 'cancel', subscriptionId: byId(12) })).rejects.toMatchObject({
			httpCode: '409',
			message:
				'Subscription 12 cannot be canceled: it is not active, delinquent or paused (it may already be canceled)',
			context: { itemIndex: 0 },
		});

		nock(BASE).post('/v1/subscriptions/12/cancel').reply(409, said);
		const output = await runSubscription({
			operation: 'cancel',
			subscriptionId: byId(12),
			options: { treatNotActiveAsSuccess: true },
		});
		expect(output[0].json).toEqual({
			subscription_id: 12,
			canceled: false,
			already_in_state: true,
			message: said.message,
		});
	});

	it('the 409 option does not hide other failures', async () => {
		nock(BASE).post('/v1/subscriptions/12/cancel').reply(404, { message: 'Object could not be found' });
		await expect(
			runSubscription({
				operation: 'cancel',
				subscriptionId: byId(12),
				options: { treatNotActiveAsSuccess: true },
			}),
		).rejects.toMatchObject({ httpCode: '404', message: 'Subscription 12 was not found' });
	});

	it('Schedule Cancellation at the end of the period posts cancel_when "end"', async () => {
		let body: unknown;
		nock(BASE)
			.post('/v1/subscriptions/12/scheduleCancel', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, {
				id: 12,
				status: 'active',
				cancel_schedule: { status: 'scheduled', cancel_date: '2025-12-01 03:04:05' },
			});
		const output = await runSubscription({ operation: 'scheduleCancel', subscriptionId: byId(12) });
		expect(body).toEqual({ cancel_when: 'end' });
		expect(output[0].json).toEqual({
			subscription_id: 12,
			scheduled: true,
			already_in_state: false,
			status: 'active',
			cancel_when: 'end',
			scheduled_cancel_date: '2025-12-01T03:04:05Z',
		});
	});

	it.each([
		['a picker value', '2031-05-01T00:00:00', 'America/New_York', '2031-05-01'],
		['a date', '2031-05-01', 'Asia/Tokyo', '2031-05-01'],
		[
			'an instant, converted to the workflow time zone',
			'2031-05-01T02:00:00Z',
			'America/New_York',
			'2031-04-30',
		],
	])('Schedule Cancellation on a date sends the day of %s', async (_what, value, timezone, expected) => {
		let body: unknown;
		nock(BASE)
			.post('/v1/subscriptions/12/scheduleCancel', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, { id: 12, status: 'active' });
		const output = await runSubscription(
			{ operation: 'scheduleCancel', subscriptionId: byId(12), cancelWhen: 'custom', scheduleDate: value },
			{ timezone },
		);
		expect(body).toEqual({ cancel_when: 'custom', schedule_date: expected });
		expect(output[0].json).toMatchObject({ scheduled: true, schedule_date: expected });
	});

	it('Schedule Cancellation refuses today, a past day or no date without sending anything', async () => {
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Auckland' }).format(new Date());
		for (const scheduleDate of [today, '2020-01-01', '', 'next tuesday']) {
			await expect(
				runSubscription(
					{ operation: 'scheduleCancel', subscriptionId: byId(12), cancelWhen: 'custom', scheduleDate },
					{ timezone: 'Pacific/Auckland' },
				),
			).rejects.toMatchObject({
				message: expect.stringMatching(/^The Cancellation Date /),
				context: { itemIndex: 0 },
			});
		}
	});

	it('Schedule Cancellation: a 409 fails, or is reported as already scheduled with the option', async () => {
		const said = { message: 'A cancellation is already scheduled for this subscription.' };
		nock(BASE).post('/v1/subscriptions/12/scheduleCancel').twice().reply(409, said);
		await expect(
			runSubscription({ operation: 'scheduleCancel', subscriptionId: byId(12) }),
		).rejects.toMatchObject({ httpCode: '409', message: expect.stringContaining('already scheduled') });
		const output = await runSubscription({
			operation: 'scheduleCancel',
			subscriptionId: byId(12),
			options: { treatAlreadyScheduledAsSuccess: true },
		});
		expect(output[0].json).toEqual({
			subscription_id: 12,
			scheduled: false,
			already_in_state: true,
			message: said.message,
		});
	});

	it('Update Next Rebilling Date posts an ISO 8601 instant read in the workflow time zone', async () => {
		let body: unknown;
		nock(BASE)
			.post('/v1/subscriptions/12/update', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, { id: 12, status: 'active', next_rebilling_date: '2031-01-02 08:00:00' });
		const output = await runSubscription(
			{
				operation: 'updateNextRebillingDate',
				subscriptionId: byId(12),
				nextRebillingDate: '2031-01-02T09:00:00',
			},
			{ timezone: 'Europe/Berlin' },
		);
		expect(body).toEqual({ next_rebilling_date: '2031-01-02T08:00:00Z' });
		expect(output[0].json).toEqual({
			subscription_id: 12,
			updated: true,
			status: 'active',
			next_rebilling_date: '2031-01-02T08:00:00Z',
		});

		nock(BASE)
			.post('/v1/subscriptions/12/update', { next_rebilling_date: '2031-01-01T23:00:00Z' })
			.reply(200, { id: 12, status: 'active' });
		const dateOnly = await runSubscription(
			{ operation: 'updateNextRebillingDate', subscriptionId: byId(12), nextRebillingDate: '2031-01-02' },
			{ timezone: 'Europe/Berlin' },
		);
		expect(dateOnly[0].json.next_rebilling_date).toBe('2031-01-01T23:00:00Z');
	});

	it('Update Next Rebilling Date refuses a time that is not in the future, before sending', async () => {
		const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
		for (const nextRebillingDate of [anHourAgo, '2020-01-01', '', 'soon']) {
			await expect(
				runSubscription({
					operation: 'updateNextRebillingDate',
					subscriptionId: byId(12),
					nextRebillingDate,
				}),
			).rejects.toMatchObject({
				message: expect.stringMatching(/^The Next Rebilling Date /),
				context: { itemIndex: 0 },
			});
		}
	});

	it("Update Next Rebilling Date surfaces SamCart's validation failure", async () => {
		nock(BASE).post('/v1/subscriptions/12/update').reply(400, {
			success: false,
			error: 'The next_rebilling_date must be within 2 years for Stripe subscriptions.',
			data: null,
		});
		await expect(
			runSubscription({
				operation: 'updateNextRebillingDate',
				subscriptionId: byId(12),
				nextRebillingDate: '2040-01-01T00:00:00Z',
			}),
		).rejects.toMatchObject({
			httpCode: '400',
			message:
				'SamCart refused the request: The next_rebilling_date must be within 2 years for Stripe subscriptions.',
		});
	});

	it('Get History, Get Charges, Get Plan and Get Customer read the sub-resources', async () => {
		const history = [
			{
				id: 1,
				subscription_id: 12,
				new_status: 'active',
				source: 'checkout',
				type: 'status',
				change_date: '2025-01-02 03:04:05',
			},
			{
				id: 2,
				subscription_id: 12,
				new_status: 'paused',
				source: 'dashboard',
				type: 'status',
				change_date: '2025-03-02 03:04:05',
			},
		];
		nock(BASE)
			.get('/v1/subscriptions/12/history')
			.query({ created_at_min: '2025-01-01' })
			.reply(200, history);
		expect(
			jsonOf(
				await runSubscription({
					operation: 'getHistory',
					subscriptionId: byId(12),
					returnAll: true,
					filters: { createdAfter: '2025-01-01' },
				}),
			),
		).toEqual(history);

		const charge = {
			id: 77,
			customer_id: 7,
			affiliate_id: null,
			order_id: 40,
			subscription_rebill_id: 'rb_1',
			test_mode: false,
			processor_name: 'Stripe',
			processor_transaction_id: 'ch_1',
			currency: 'EUR',
			card_used: 4242,
			charge_refund_status: null,
			order_date: '2025-01-02 03:04:05',
			created_at: '2025-02-02 03:04:05',
			total: 5292,
		};
		nock(BASE)
			.get('/v1/subscriptions/12/charges')
			.query({ test_mode: 'false' })
			.reply(200, [charge, { ...charge, id: 78 }]);
		const charges = jsonOf(
			await runSubscription({
				operation: 'getCharges',
				subscriptionId: byId(12),
				limit: 1,
				simplify: true,
				filters: { testMode: 'live' },
			}),
		);
		expect(charges).toEqual([
			{
				id: 77,
				order_id: 40,
				customer_id: 7,
				subscription_rebill_id: 'rb_1',
				currency: 'EUR',
				total_cents: 5292,
				total: 52.92,
				refund_status: null,
				created_at: '2025-02-02T03:04:05Z',
				processor_name: 'Stripe',
				test_mode: false,
			},
		]);

		nock(BASE).get('/v1/subscriptions/12/plan').twice().reply(200, PLAN);
		expect(jsonOf(await runSubscription({ operation: 'getPlan', subscriptionId: byId(12) }))).toEqual([PLAN]);
		// A plan names no currency either: Simplify takes its product's (JPY: no decimals).
		nock(BASE).get('/v1/products/5').reply(200, { id: 5, currency: 'JPY' });
		expect(
			jsonOf(await runSubscription({ operation: 'getPlan', subscriptionId: byId(12), simplify: true })),
		).toEqual([
			{
				id: 90,
				product_id: 5,
				plan_status: 'active',
				plan_frequency: 'monthly',
				currency: 'JPY',
				plan_price_cents: 4900,
				plan_price: 4900,
				plan_duration: null,
				rebill_days: null,
				trial_period: 14,
				stripe_plan_id: 'samcart_plan_1_5',
			},
		]);

		const customer = {
			id: 7,
			first_name: 'Ada',
			last_name: 'Lovelace',
			email: 'ada@example.com',
			phone: '555',
			customer_tags: [{ name: 'vip' }],
			lifetime_value: 123456,
			updated_at: '2025-05-01 00:00:00',
			created_at: '2024-05-01 00:00:00',
			addresses: [],
		};
		nock(BASE).get('/v1/subscriptions/12/customer').twice().reply(200, customer);
		expect(jsonOf(await runSubscription({ operation: 'getCustomer', subscriptionId: byId(12) }))).toEqual([
			customer,
		]);
		expect(
			jsonOf(
				await runSubscription({ operation: 'getCustomer', subscriptionId: byId(12), simplify: true }),
			)[0],
		).toMatchObject({
			id: 7,
			name: 'Ada Lovelace',
			tags: ['vip'],
			lifetime_value_cents: 123456,
			lifetime_value: null,
		});
	});

	describe.each([
		[401, { message: 'Invalid authentication credentials' }, 'SamCart rejected the API key'],
		[403, { message: 'Your plan does not include API access.' }, 'This SamCart account has no API access'],
		[404, { message: 'Object could not be found' }, 'Subscription 12 was not found'],
		[
			429,
			{ message: 'Too many requests' },
			`SamCart's rate limit was reached and did not clear after ${RETRY_POLICY.rateLimitAttempts} attempt(s)`,
		],
		[500, { message: 'Server error' }, 'SamCart had a server error (500)'],
	])('a %i from SamCart', (status, body, message) => {
		it('stops the run with an error naming the item', async () => {
			nock(BASE).get('/v1/subscriptions/12').times(attemptsFor(status)).reply(status, body);
			await expect(
				runSubscription({ operation: 'get', subscriptionId: byId(12) }, { items: [{ json: {} }] }),
			).rejects.toMatchObject({ message, httpCode: String(status), context: { itemIndex: 0 } });
		});

		it('with Continue On Fail, becomes an error item and the next item still runs', async () => {
			nock(BASE).get('/v1/subscriptions/12').times(attemptsFor(status)).reply(status, body);
			nock(BASE)
				.get('/v1/subscriptions/13')
				.reply(200, { ...SUBSCRIPTION, id: 13 });
			const output = await run({
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parametersFor: (i) => ({ resource: 'subscription', operation: 'get', subscriptionId: byId(12 + i) }),
			});
			expect(output[0].json).toMatchObject({ error: message });
			expect(output[0].pairedItem).toEqual({ item: 0 });
			expect(output[1].json.id).toBe(13);
		});
	});

	it('a 409 on Cancel with Continue On Fail becomes an error item', async () => {
		nock(BASE).post('/v1/subscriptions/12/cancel').reply(409, { message: 'status is canceled' });
		const output = await runSubscription(
			{ operation: 'cancel', subscriptionId: byId(12) },
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toMatch(/^Subscription 12 cannot be canceled/);
	});
});

describe('Subscription operations against the simulator', () => {
	let sim: Simulator;
	const onSim = (parameters: Record<string, unknown>, extra: FakeExecuteOptions = {}) =>
		runSubscription(parameters, { baseUrl: sim.baseUrl, apiKey: sim.apiKey, ...extra });
	const subscriptions = () => sim.data.subscriptions as unknown as IDataObject[];
	const canceledAt = (id: number) => sim.data.subscriptionMeta.get(id)?.canceled_at ?? null;

	beforeAll(async () => {
		nock.enableNetConnect();
		sim = await startSimulator({ size: 'small', seed: 11, rateLimit: { limit: 0 } });
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearRequests();
		sim.clearFaults();
	});

	it('Get returns the simulator record as is', async () => {
		const record = sim.data.subscriptions[3];
		const output = await onSim({ operation: 'get', subscriptionId: byId(record.id) });
		expect(output[0].json).toEqual(sim.record('subscriptions', record.id));
	});

	it('Get Many with Return All returns every subscription, one request per 100', async () => {
		const output = await onSim({ operation: 'getMany', returnAll: true, simplify: false });
		// cancel_schedule is unconfirmed: the simulator keeps it to itself unless asked (see currency.test.ts).
		const served = subscriptions().map((record) => {
			const copy = { ...record };
			delete copy.cancel_schedule;
			return copy;
		});
		expect(jsonOf(output)).toEqual(served);
		expect(sim.requests({ path: '/v1/subscriptions' })).toHaveLength(Math.ceil(subscriptions().length / 100));
	});

	it('Get Many with a Limit returns the first records', async () => {
		const output = await onSim({ operation: 'getMany', limit: 7 });
		expect(ids(jsonOf(output))).toEqual(ids(subscriptions().slice(0, 7)));
	});

	it.each([
		['status', { status: 'delinquent' }, (s: IDataObject) => s.status === 'delinquent'],
		['type', { type: 'limited_subscription' }, (s: IDataObject) => s.type === 'limited_subscription'],
		['test mode (live only)', { testMode: 'live' }, (s: IDataObject) => s.test_mode === false],
		['test mode (test only)', { testMode: 'test' }, (s: IDataObject) => s.test_mode === true],
		[
			'created window',
			{ createdAfter: '2025-03-01', createdBefore: '2025-08-31' },
			(s: IDataObject) =>
				String(s.created_at) >= '2025-03-01 00:00:00' && String(s.created_at) <= '2025-08-31 23:59:59',
		],
		[
			'rebilling window',
			{ rebillingAfter: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) },
			(s: IDataObject) =>
				s.next_rebilling_date !== null &&
				String(s.next_rebilling_date) >=
					`${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)} 00:00:00`,
		],
		[
			'canceled window',
			{ canceledAfter: '2025-01-01', canceledBefore: '2026-06-30' },
			(s: IDataObject) => {
				const at = canceledAt(s.id as number);
				return at !== null && at >= '2025-01-01 00:00:00' && at <= '2026-06-30 23:59:59';
			},
		],
	])('Get Many filters by %s', async (_name, filters, keep) => {
		const output = await onSim({ operation: 'getMany', returnAll: true, simplify: false, filters });
		const expected = subscriptions().filter(keep);
		expect(ids(jsonOf(output))).toEqual(ids(expected));
		if (!(_name as string).includes('test only')) expect(expected.length).toBeGreaterThan(0);
	});

	it('Get Many with Include Plan asks for the plan of every subscription, exactly', async () => {
		const output = jsonOf(
			await onSim({ operation: 'getMany', returnAll: true, simplify: true, options: { includePlan: true } }),
		);
		expect(output).toHaveLength(subscriptions().length);
		for (const item of output) {
			expect(item.plan_id).toBe(sim.data.planByProduct.get(item.product_id as number)!.id);
		}
		const planRequests = sim.requests({ route: 'GET /subscriptions/:id/plan' });
		expect(planRequests.map((request) => request.path).sort()).toEqual(
			output.map((item) => `/v1/subscriptions/${item.id}/plan`).sort(),
		);
	});

	it('Get Many with Include Plan and Share Plan Per Product asks once per distinct plan', async () => {
		const output = jsonOf(
			await onSim({
				operation: 'getMany',
				returnAll: true,
				simplify: true,
				options: { includePlan: true, sharePlanPerProduct: true },
			}),
		);
		expect(output).toHaveLength(subscriptions().length);
		for (const item of output) {
			const plan = sim.data.planByProduct.get(item.product_id as number)!;
			expect(item).toMatchObject({
				plan_id: plan.id,
				plan_frequency: plan.plan_frequency,
				plan_price_cents: plan.plan_price,
				trial_period: plan.trial_period,
				stripe_plan_id: plan.stripe_plan_id,
			});
		}
		const distinctPlans = new Set(output.map((item) => item.plan_id)).size;
		expect(distinctPlans).toBeGreaterThan(1);
		expect(sim.requests({ route: 'GET /subscriptions/:id/plan' })).toHaveLength(distinctPlans);
		expect(distinctPlans).toBeLessThan(output.length);
	});

	it('Get History, Get Charges, Get Plan and Get Customer equal the simulator data', async () => {
		const withCharges = sim.data.subscriptions.find(
			(s) => (sim.data.indexes.chargesBySubscription.get(s.id) ?? []).length > 3,
		)!;
		const id = withCharges.id;
		const history = await onSim({ operation: 'getHistory', subscriptionId: byId(id), returnAll: true });
		expect(jsonOf(history)).toEqual(sim.data.indexes.historyBySubscription.get(id));

		const charges = await onSim({
			operation: 'getCharges',
			subscriptionId: byId(id),
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(charges)).toEqual(sim.data.indexes.chargesBySubscription.get(id));
		const two = await onSim({ operation: 'getCharges', subscriptionId: byId(id), limit: 2 });
		expect(ids(jsonOf(two))).toEqual(ids(sim.data.indexes.chargesBySubscription.get(id)!.slice(0, 2)));

		const plan = await onSim({ operation: 'getPlan', subscriptionId: byId(id) });
		expect(plan[0].json).toEqual(sim.data.planByProduct.get(withCharges.product_id));

		const customer = await onSim({ operation: 'getCustomer', subscriptionId: byId(id), simplify: true });
		const owner = sim.data.customer(withCharges.customer_id)!;
		expect(customer[0].json).toMatchObject({
			id: owner.id,
			name: `${owner.first_name} ${owner.last_name}`,
			email: owner.email,
			lifetime_value_cents: owner.lifetime_value,
		});
	});

	it('Cancel cancels once; the second time is a 409 error, or a success with the option', async () => {
		const target = sim.data.subscriptions.find((s) => s.status === 'active')!;
		const first = await onSim({
			operation: 'cancel',
			subscriptionId: byId(target.id),
			options: { silentCancel: true },
		});
		expect(first[0].json).toMatchObject({ subscription_id: target.id, canceled: true, status: 'canceled' });
		expect(sim.data.subscription(target.id)?.status).toBe('canceled');
		expect(sim.requests({ method: 'POST' })[0].body).toEqual({ silent_cancel: true });
		expect(sim.data.history.filter((h) => h.subscription_id === target.id).pop()).toMatchObject({
			new_status: 'canceled',
			source: 'api_silent',
		});

		await expect(onSim({ operation: 'cancel', subscriptionId: byId(target.id) })).rejects.toMatchObject({
			httpCode: '409',
			context: { itemIndex: 0 },
		});
		const again = await onSim({
			operation: 'cancel',
			subscriptionId: byId(target.id),
			options: { treatNotActiveAsSuccess: true },
		});
		expect(again[0].json).toEqual({
			subscription_id: target.id,
			canceled: false,
			already_in_state: true,
			message: 'Subscription cannot be canceled because its status is canceled.',
		});
	});

	it('two items canceling the same subscription send two requests (writes are not cached)', async () => {
		const target = sim.data.subscriptions.find((s) => s.status === 'paused')!;
		const output = await run({
			baseUrl: sim.baseUrl,
			apiKey: sim.apiKey,
			items: [{ json: {} }, { json: {} }],
			parameters: {
				resource: 'subscription',
				operation: 'cancel',
				subscriptionId: byId(target.id),
				options: { treatNotActiveAsSuccess: true },
			},
		});
		expect(output.map((item) => [item.json.canceled, item.json.already_in_state])).toEqual([
			[true, false],
			[false, true],
		]);
		expect(sim.requests({ method: 'POST' })).toHaveLength(2);
	});

	it('a cancel whose first attempt times out is not sent a second time', async () => {
		const target = sim.data.subscriptions.find((s) => s.status === 'active')!;
		const path = `/subscriptions/${target.id}/cancel`;
		sim.addFault({ method: 'POST', path, times: 1, action: { type: 'hang', ms: 900 } });
		await expect(
			onSim({ operation: 'cancel', subscriptionId: byId(target.id) }, { timeoutMs: 300 }),
		).rejects.toMatchObject({
			message: 'SamCart did not answer in time',
			description: expect.stringContaining('It was not sent again automatically'),
			context: { itemIndex: 0 },
		});
		// Let the hanging request finish on the simulator's side: SamCart carried it out…
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(sim.data.subscription(target.id)?.status).toBe('canceled');
		// … and was asked exactly once, so nothing can have been done twice.
		expect(sim.requests({ method: 'POST', path: `/v1${path}` })).toHaveLength(1);
		expect(sim.requests()).toHaveLength(1);
	});

	it('Schedule Cancellation schedules once; the second time is a 409, or a success with the option', async () => {
		const target = sim.data.subscriptions.find((s) => s.status === 'active' && !s.cancel_schedule)!;
		const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
		const first = await onSim({
			operation: 'scheduleCancel',
			subscriptionId: byId(target.id),
			cancelWhen: 'custom',
			scheduleDate: `${day}T00:00:00`,
		});
		expect(sim.requests({ method: 'POST' })[0].body).toEqual({ cancel_when: 'custom', schedule_date: day });
		expect(sim.data.subscription(target.id)?.cancel_schedule).toEqual({
			status: 'scheduled',
			cancel_date: `${day} 00:00:00`,
		});
		// The date asked for is in the output whether or not SamCart answers with cancel_schedule (here it does not).
		expect(first[0].json).toMatchObject({ scheduled: true, schedule_date: day, scheduled_cancel_date: null });

		await expect(
			onSim({ operation: 'scheduleCancel', subscriptionId: byId(target.id) }),
		).rejects.toMatchObject({ httpCode: '409' });
		const again = await onSim({
			operation: 'scheduleCancel',
			subscriptionId: byId(target.id),
			options: { treatAlreadyScheduledAsSuccess: true },
		});
		expect(again[0].json).toEqual({
			subscription_id: target.id,
			scheduled: false,
			already_in_state: true,
			message: 'A cancellation is already scheduled for this subscription.',
		});
	});

	it('Schedule Cancellation at the end of the period asks for the end, and the simulator schedules the next rebilling date', async () => {
		const target = sim.data.subscriptions.find(
			(s) => s.status === 'active' && !s.cancel_schedule && s.next_rebilling_date,
		)!;
		const output = await onSim({ operation: 'scheduleCancel', subscriptionId: byId(target.id) });
		expect(output[0].json).toMatchObject({
			scheduled: true,
			cancel_when: 'end',
			scheduled_cancel_date: null,
		});
		expect(sim.data.subscription(target.id)?.cancel_schedule?.cancel_date).toBe(target.next_rebilling_date);
	});

	it('Update Next Rebilling Date moves the next charge; SamCart validation errors are surfaced', async () => {
		const target = sim.data.subscriptions.find(
			(s) => s.status === 'active' && s.processor_name === 'Stripe' && !s.cancel_schedule,
		)!;
		const when = new Date(Date.now() + 60 * 86_400_000);
		when.setUTCHours(9, 30, 0, 0);
		const iso = when.toISOString().replace('.000Z', 'Z');
		const output = await onSim({
			operation: 'updateNextRebillingDate',
			subscriptionId: byId(target.id),
			nextRebillingDate: iso,
		});
		expect(output[0].json).toEqual({
			subscription_id: target.id,
			updated: true,
			status: 'active',
			next_rebilling_date: iso,
		});
		expect(sim.data.subscription(target.id)?.next_rebilling_date).toBe(
			iso.replace('T', ' ').replace('Z', ''),
		);

		const tooFar = new Date(Date.now() + 800 * 86_400_000).toISOString();
		await expect(
			onSim({
				operation: 'updateNextRebillingDate',
				subscriptionId: byId(target.id),
				nextRebillingDate: tooFar,
			}),
		).rejects.toMatchObject({
			httpCode: '400',
			message:
				'SamCart refused the request: The next_rebilling_date must be within 2 years for Stripe subscriptions.',
		});

		const canceled = sim.data.subscriptions.find((s) => s.status === 'canceled')!;
		await expect(
			onSim({
				operation: 'updateNextRebillingDate',
				subscriptionId: byId(canceled.id),
				nextRebillingDate: iso,
			}),
		).rejects.toMatchObject({
			httpCode: '409',
			message: `Subscription ${canceled.id} is not active or delinquent, so its next rebilling date cannot be changed`,
		});
	});

	describe('errors', () => {
		const existing = (): number => sim.data.subscriptions[0].id;
		it.each([
			['401 (wrong key)', { apiKey: 'not-the-key' }, () => existing(), 'SamCart rejected the API key', '401'],
			[
				'403 (no API access)',
				{ apiKey: 'sc_sim_no_access' },
				() => existing(),
				'This SamCart account has no API access',
				'403',
			],
			['404', {}, (): number => 999, 'Subscription 999 was not found', '404'],
		])(
			'%s stops the run, or becomes an error item with Continue On Fail',
			async (_name, extra, id, message, code) => {
				const parameters = { operation: 'get', subscriptionId: byId(id()) };
				await expect(onSim(parameters, extra)).rejects.toMatchObject({ message, httpCode: code });
				const output = await onSim(parameters, { ...extra, continueOnFail: true });
				expect(output[0].json).toMatchObject({ error: message });
			},
		);

		it('429 and 500 stop the run after the bounded retries, or become error items', async () => {
			const path = '/subscriptions/*';
			const attempts = RETRY_POLICY.transientAttempts;
			sim.addFault({ method: 'GET', path, times: attempts, action: { type: 'status', status: 500 } });
			await expect(onSim({ operation: 'get', subscriptionId: byId(existing()) })).rejects.toMatchObject({
				httpCode: '500',
			});
			expect(sim.requests({ route: 'GET /subscriptions/:id' })).toHaveLength(attempts);

			sim.addFault({
				method: 'GET',
				path,
				times: RETRY_POLICY.rateLimitAttempts,
				action: { type: 'rateLimit' },
			});
			const output = await onSim(
				{ operation: 'get', subscriptionId: byId(existing()) },
				{ continueOnFail: true },
			);
			expect(output[0].json.error).toMatch(/rate limit/);
		});
	});
});
