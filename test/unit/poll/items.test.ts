/**
 * What the poll trigger emits: the webhook trigger's shape (event, eventId, testMode, summary with `item` and
 * amounts in cents), one item per product of an order, Subscription Canceled from the canceled_at window with
 * voluntary or delinquent, and the filters (test mode, products, subscription status).
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { POLL_EVENTS } from '../../../nodes/SamCart/poll/events';
import { SamCartPollTrigger } from '../../../nodes/SamCart/SamCartPollTrigger.node';
import { SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import { createFakePollContext } from '../helpers/fakePollContext';
import type { FakePollOptions } from '../helpers/fakePollContext';
import { ids, orders, serveList } from './helpers';

const trigger = new SamCartPollTrigger();

async function poll(options: FakePollOptions): Promise<IDataObject[]> {
	const context = createFakePollContext(options) as unknown as IPollFunctions;
	const result = (await trigger.poll.call(context)) as INodeExecutionData[][] | null;
	return (result?.[0] ?? []).map((item) => item.json);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const order = {
	id: 501,
	customer_id: 77,
	test_mode: false,
	order_date: '2026-11-30 10:00:00',
	total: 6900,
	cart_items: [
		{
			id: 9001,
			product_id: 350399,
			product_name: 'Course',
			charge_id: 8001,
			subscription_id: null,
			currency: 'usd',
			initial_price: { total: 4900 },
		},
		{
			id: 9002,
			product_id: 350400,
			product_name: 'Workbook',
			charge_id: 8002,
			subscription_id: 66,
			currency: 'usd',
			initial_price: { total: 2000 },
		},
	],
};

describe('New Order', () => {
	it('gives one item per product, in the webhook trigger’s shape, amounts in integer cents', async () => {
		serveList('/orders', [order]);
		const items = await poll({
			parameters: { events: ['newOrder'] },
			staticData: { cursors: { newOrder: { lastId: 500 } } },
		});
		expect(items.map((item) => item.eventId)).toEqual([
			'samcart:newOrder:order:501:item:9001',
			'samcart:newOrder:order:501:item:9002',
		]);
		expect(items[1]).toMatchObject({
			event: 'newOrder',
			eventLabel: 'New Order',
			source: 'poll',
			testMode: false,
			record: order,
			summary: {
				order_id: 501,
				customer_id: 77,
				product_id: 350400,
				product_name: 'Workbook',
				subscription_id: 66,
				charge_id: 8002,
				item: {
					product_id: 350400,
					name: 'Workbook',
					price_cents: 2000,
					currency: 'USD',
					role: 'unknown',
					cart_item_id: 9002,
				},
				amount_cents: 2000,
				currency: 'USD',
				amount_source: 'cart_items[].initial_price.total',
				order_total_cents: 6900,
				cancellation: null,
				created_at: '2026-11-30T10:00:00Z',
			},
		});
		// The sum of the items is the order's total, as with one webhook delivery per product.
		expect(items.reduce((sum, item) => sum + ((item.summary as IDataObject).amount_cents as number), 0)).toBe(
			6900,
		);
	});

	it('Products keeps only the matching products of an order, and no order without one', async () => {
		serveList('/orders', [
			order,
			...orders(502, 1, { cart_items: [{ id: 9003, product_id: 1, initial_price: { total: 5 } }] }),
		]);
		const items = await poll({
			parameters: { events: ['newOrder'], options: { products: '350400' } },
			staticData: { cursors: { newOrder: { lastId: 500 } } },
		});
		expect(items.map((item) => item.eventId)).toEqual(['samcart:newOrder:order:501:item:9002']);
	});

	it('Test-Mode Records: Ignore asks SamCart for live records and drops any test record it still sends', async () => {
		const list = serveList('/orders');
		list.override = () => [
			200,
			{ data: [...orders(1, 1), ...orders(2, 1, { test_mode: true })], pagination: { next: null } },
		];
		const staticData = { cursors: { newOrder: { lastId: 0 } } };
		const items = await poll({
			parameters: { events: ['newOrder'], options: { testMode: 'ignore' } },
			staticData,
		});
		expect(list.queries[0]).toMatchObject({ test_mode: 'false' });
		expect(items.map((item) => (item.record as IDataObject).id)).toEqual([1]);
		// The test record is passed, not waiting: the cursor is after it.
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 2 } });
	});
});

describe('other events', () => {
	it('New Refund: the refund amount in cents, its charge and cart item', async () => {
		serveList('/refunds', [
			{
				id: 60001,
				charge_id: 8001,
				cart_item_id: 9001,
				created_at: '2026-11-30 11:00:00',
				test_mode: true,
				charge_refund_status: 'partially_refunded',
				currency: 'EUR',
				refund_amount: 1250,
			},
		]);
		const [item] = await poll({
			parameters: { events: ['newRefund'] },
			staticData: { cursors: { newRefund: { lastId: 0 } } },
		});
		expect(item).toMatchObject({
			event: 'newRefund',
			eventId: 'samcart:newRefund:refund:60001',
			testMode: true,
			summary: {
				charge_id: 8001,
				amount_cents: 1250,
				currency: 'EUR',
				amount_source: 'refund_amount',
				item: { cart_item_id: 9001 },
				created_at: '2026-11-30T11:00:00Z',
			},
		});
	});

	it('New Failed Charge: its amount and order, no charge ID (a failed charge is none), the record with its error', async () => {
		const failed = {
			id: 40001,
			customer_id: 5,
			order_id: 501,
			currency: 'USD',
			total: 4900,
			error: 'Your card was declined',
			created_at: '2026-11-30 12:00:00',
		};
		serveList('/failed-charges', [failed]);
		const [item] = await poll({
			parameters: { events: ['newFailedCharge'] },
			staticData: { cursors: { newFailedCharge: { lastId: 40000 } } },
		});
		expect(item).toMatchObject({
			event: 'newFailedCharge',
			eventId: 'samcart:newFailedCharge:failedCharge:40001',
			record: failed,
			summary: {
				order_id: 501,
				customer_id: 5,
				charge_id: null,
				amount_cents: 4900,
				currency: 'USD',
				amount_source: 'total',
			},
		});
	});

	it('New Customer and New Subscription: IDs, name, e-mail, the recurring price in cents without a guessed currency', async () => {
		serveList('/customers', [
			{
				id: 5,
				first_name: 'Ada',
				last_name: 'Lovelace',
				email: 'ada@example.com',
				created_at: '2026-11-30 09:00:00',
			},
		]);
		serveList('/subscriptions', [
			{
				id: 66,
				customer_id: 5,
				order_id: 501,
				product_id: 350400,
				product_name: 'Club',
				status: 'active',
				recurring_price: { total: 1900 },
				test_mode: false,
			},
		]);
		const items = await poll({
			parameters: { events: ['newCustomer', 'newSubscription'] },
			staticData: { cursors: { newCustomer: { lastId: 0 }, newSubscription: { lastId: 0 } } },
		});
		expect(items[0].summary).toMatchObject({
			customer_id: 5,
			customer_name: 'Ada Lovelace',
			customer_email: 'ada@example.com',
			amount_cents: null,
		});
		expect(items[1].summary).toMatchObject({
			subscription_id: 66,
			product_id: 350400,
			amount_cents: 1900,
			currency: null,
			cancellation: null,
		});
	});

	it('keys are the webhook trigger’s where the event is the same', () => {
		const webhookKeys = SAMCART_EVENTS.map((event) => event.key);
		expect(POLL_EVENTS.filter((event) => webhookKeys.includes(event.key)).map((event) => event.key)).toEqual([
			'newOrder',
			'newRefund',
			'subscriptionCanceled',
		]);
	});
});

describe('Subscription Canceled', () => {
	const canceled = [
		{ id: 70, status: 'canceled', product_id: 1, recurring_price: { total: 900 }, test_mode: false },
		{ id: 71, status: 'delinquent', product_id: 1, recurring_price: { total: 900 }, test_mode: false },
	];
	const now = Date.parse('2026-12-01T12:00:30.400Z');

	beforeEach(() =>
		jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask'] }),
	);
	afterEach(() => jest.useRealTimers());

	it('starts at "now" on first activation, then reads each window of whole seconds once, with voluntary or delinquent', async () => {
		const list = serveList('/subscriptions', canceled);
		const staticData: IDataObject = {};
		const parameters = { events: ['subscriptionCanceled'] };
		expect(await poll({ parameters, staticData })).toEqual([]);
		expect(list.queries).toEqual([]);
		expect(staticData.cursors).toEqual({ subscriptionCanceled: { canceledSince: '2026-12-01T12:00:30Z' } });

		jest.setSystemTime(now + 60_000);
		const items = await poll({ parameters, staticData });
		expect(list.queries).toEqual([
			{ canceled_at_min: '2026-12-01T12:00:30Z', canceled_at_max: '2026-12-01T12:01:29Z', limit: '100' },
		]);
		expect(items.map((item) => [item.eventId, (item.summary as IDataObject).cancellation])).toEqual([
			['samcart:subscriptionCanceled:subscription:70:canceled', 'voluntary'],
			['samcart:subscriptionCanceled:subscription:71:delinquent', 'delinquent'],
		]);
		// The next window starts one second after this one ended: no second read twice, none skipped.
		expect(staticData.cursors).toEqual({ subscriptionCanceled: { canceledSince: '2026-12-01T12:01:30Z' } });
	});

	it('Subscription Status Canceled asks SamCart for voluntary cancellations only', async () => {
		const list = serveList('/subscriptions', canceled);
		const items = await poll({
			parameters: { events: ['subscriptionCanceled'], options: { subscriptionStatus: 'canceled' } },
			staticData: { cursors: { subscriptionCanceled: { canceledSince: '2026-12-01T11:00:00Z' } } },
		});
		expect(list.queries[0]).toMatchObject({ status: 'canceled' });
		expect(ids(items.map((json) => ({ json })))).toEqual([70]);
	});
});
