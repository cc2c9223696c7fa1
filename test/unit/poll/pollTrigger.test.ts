/**
 * The SamCart Poll Trigger's cursor semantics (issue 15), against a keyset list behind nock: first activation
 * starts at "now" or at Start From; each poll emits every new record once, oldest first, to the end of the list; a
 * failed poll moves no cursor and is retried from it; a 429 is waited out; a manual run moves nothing.
 */
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());

import nock from 'nock';
import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { SamCartPollTrigger } from '../../../nodes/SamCart/SamCartPollTrigger.node';
import { TEST_API_KEY } from '../helpers/fakeN8nContext';
import { createFakePollContext } from '../helpers/fakePollContext';
import type { FakePollOptions } from '../helpers/fakePollContext';
import { ids, orders, serveList } from './helpers';

const trigger = new SamCartPollTrigger();

async function poll(options: FakePollOptions): Promise<Array<{ json: IDataObject }> | undefined> {
	const context = createFakePollContext(options) as unknown as IPollFunctions;
	const result = (await trigger.poll.call(context)) as INodeExecutionData[][] | null;
	return result?.[0] as Array<{ json: IDataObject }> | undefined;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const newOrders = { events: ['newOrder'] };

beforeAll(() => nock.disableNetConnect());
beforeEach(() => jest.mocked(sleep).mockClear());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('first activation', () => {
	it('starts at "now": no history comes out, one request finds the newest ID, and the next poll starts after it', async () => {
		const list = serveList('/orders', orders(1, 500));
		const staticData: IDataObject = {};

		expect(await poll({ parameters: newOrders, staticData })).toBeUndefined();
		expect(list.queries).toEqual([{ limit: '1', offset: String(Number.MAX_SAFE_INTEGER), dir: 'prev' }]);
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 500 } });

		list.records.push(...orders(501, 3));
		expect(ids(await poll({ parameters: newOrders, staticData }))).toEqual([501, 502, 503]);
		expect(list.queries[1]).toEqual({ limit: '100', offset: '500', dir: 'next' });
	});

	it('on an empty list starts before the first record, so the first order ever is emitted', async () => {
		const list = serveList('/orders', []);
		const staticData: IDataObject = {};
		expect(await poll({ parameters: newOrders, staticData })).toBeUndefined();
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 0 } });
		list.records.push(...orders(1, 2));
		expect(ids(await poll({ parameters: newOrders, staticData }))).toEqual([1, 2]);
		expect(list.queries[1]).toEqual({ limit: '100' });
	});

	it('Start From backfills: every record created since that date, through every page, then on by ID', async () => {
		const list = serveList('/orders', orders(1, 230));
		const staticData: IDataObject = {};
		const parameters = { ...newOrders, options: { startFrom: '2026-11-01T00:00:00Z' } };

		expect(ids(await poll({ parameters, staticData }))).toEqual(range(1, 230));
		expect(list.queries.map((query) => [query.created_at_min, query.offset])).toEqual([
			['2026-11-01T00:00:00Z', undefined],
			['2026-11-01T00:00:00Z', '100'],
			['2026-11-01T00:00:00Z', '200'],
		]);
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 230 } });

		// Start From counts only before the first record: afterwards the cursor is the ID.
		list.records.push(...orders(231, 1));
		expect(ids(await poll({ parameters, staticData }))).toEqual([231]);
		expect(list.queries[3]).toEqual({ limit: '100', offset: '230', dir: 'next' });
	});
});

describe('each poll', () => {
	it('emits every new record exactly once, oldest first, paging to the end of the list', async () => {
		const list = serveList('/orders', orders(1, 10));
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 10 } } };
		list.records.push(...orders(11, 250));

		const first = await poll({ parameters: newOrders, staticData });
		expect(ids(first)).toEqual(range(11, 260));
		expect(list.queries.map((query) => query.offset)).toEqual(['10', '110', '210']);
		expect(new Set(first!.map((item) => item.json.eventId)).size).toBe(250);

		expect(await poll({ parameters: newOrders, staticData })).toBeUndefined();
		expect(list.queries[3]).toEqual({ limit: '100', offset: '260', dir: 'next' });
	});

	it('an idle poll costs one request per event', async () => {
		const lists = [
			serveList('/orders', orders(1, 3)),
			serveList('/charges', [{ id: 7 }]),
			serveList('/refunds', []),
		];
		const staticData: IDataObject = {
			cursors: { newOrder: { lastId: 3 }, newCharge: { lastId: 7 }, newRefund: { lastId: 0 } },
		};
		const parameters = { events: ['newOrder', 'newCharge', 'newRefund'] };
		expect(await poll({ parameters, staticData })).toBeUndefined();
		expect(lists.map((list) => list.queries.length)).toEqual([1, 1, 1]);
	});

	it('keeps one cursor per event: a charge does not move the orders cursor', async () => {
		const orderList = serveList('/orders', orders(1, 2));
		const chargeList = serveList('/charges', [
			{ id: 40, total: 100, currency: 'usd', created_at: '2026-11-30 10:00:00' },
		]);
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 2 }, newCharge: { lastId: 39 } } };
		const parameters = { events: ['newOrder', 'newCharge'] };

		const items = await poll({ parameters, staticData });
		expect(items!.map((item) => item.json.event)).toEqual(['newCharge']);
		expect(items![0].json.summary).toMatchObject({ charge_id: 40, amount_cents: 100, currency: 'USD' });
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 2 }, newCharge: { lastId: 40 } });
		orderList.records.push(...orders(3, 1));
		chargeList.records.push({ id: 41 });
		expect((await poll({ parameters, staticData }))!.map((item) => item.json.eventId)).toEqual([
			'samcart:newOrder:order:3:item:70003',
			'samcart:newCharge:charge:41',
		]);
	});

	it('forgets the cursor of an event taken out of the node, so adding it back starts at "now"', async () => {
		serveList('/orders', orders(1, 2));
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 2 }, newRefund: { lastId: 1 } } };
		await poll({ parameters: newOrders, staticData });
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 2 } });
	});
});

describe('a poll that fails', () => {
	const catchUp = () => {
		const list = serveList('/orders', orders(1, 250));
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 0 } } };
		return { list, staticData, before: structuredClone(staticData) };
	};

	it.each([
		[401, { message: 'Invalid authentication credentials' }, 'SamCart rejected the API key'],
		[403, { message: 'Forbidden' }, 'This SamCart account has no API access'],
		[503, { message: 'Service Unavailable' }, 'SamCart had a server error (503)'],
	])(
		'moves no cursor when page 2 answers %i, fails with the transport error, and the next poll starts from the same cursor',
		async (status, body, message) => {
			const { list, staticData, before } = catchUp();
			list.override = (query) => (query.offset === '100' ? [status, body] : undefined);

			await expect(poll({ parameters: newOrders, staticData })).rejects.toMatchObject({
				message,
				httpCode: String(status),
			});
			expect(staticData).toEqual(before);

			list.override = undefined;
			const sent = list.queries.length;
			expect(ids(await poll({ parameters: newOrders, staticData }))).toEqual(range(1, 250));
			expect(list.queries[sent]).toEqual({ limit: '100' });
			expect(staticData.cursors).toEqual({ newOrder: { lastId: 250 } });
		},
	);

	it('moves no cursor on a network failure, and never puts the API key in the error', async () => {
		const { list, staticData, before } = catchUp();
		list.records.length = 0;
		nock.cleanAll();
		nock('https://api.samcart.com')
			.get('/v1/orders')
			.query(true)
			.times(10)
			.replyWithError({ code: 'ECONNREFUSED' });

		const error = await poll({ parameters: newOrders, staticData }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/^SamCart could not be reached /);
		expect(JSON.stringify(error)).not.toContain(TEST_API_KEY);
		expect(staticData).toEqual(before);
	});

	it('moves no cursor of any event when a later event fails', async () => {
		serveList('/orders', orders(1, 5));
		const refunds = serveList('/refunds', []);
		refunds.override = () => [401, { message: 'Invalid authentication credentials' }];
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 0 }, newRefund: { lastId: 0 } } };
		const before = structuredClone(staticData);
		await expect(poll({ parameters: { events: ['newOrder', 'newRefund'] }, staticData })).rejects.toThrow(
			'SamCart rejected the API key',
		);
		expect(staticData).toEqual(before);
	});
});

describe('rate limits', () => {
	it('a 429 mid-catch-up is waited out (Retry-After) and nothing is skipped', async () => {
		const list = serveList('/orders', orders(1, 250));
		let limited = 0;
		list.override = (query) =>
			query.offset === '100' && limited++ < 2
				? [429, { message: 'Too many requests' }, { 'Retry-After': '7' }]
				: undefined;
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 0 } } };

		expect(ids(await poll({ parameters: newOrders, staticData }))).toEqual(range(1, 250));
		expect(jest.mocked(sleep).mock.calls).toEqual([[7000], [7000]]);
		expect(list.queries.map((query) => query.offset)).toEqual([undefined, '100', '100', '100', '200']);
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 250 } });
	});

	it('under n8n 2.x’s poll budget, a 429 it cannot wait out ends the poll with what was read; the next poll goes on from there', async () => {
		const list = serveList('/orders', orders(1, 250));
		list.override = (query, n) =>
			query.offset === '100' && n < 2
				? [429, { message: 'Too many requests' }, { 'Retry-After': '50' }]
				: undefined;
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 0 } } };

		// 30 s of budget cannot hold a 50 s wait: the first page's records come out, the cursor moves to them.
		expect(ids(await poll({ parameters: newOrders, staticData, pollBudgetMs: 30_000 }))).toEqual(
			range(1, 100),
		);
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 100 } });
		expect(ids(await poll({ parameters: newOrders, staticData, pollBudgetMs: 30_000 }))).toEqual(
			range(101, 250),
		);
	});

	it('without a budget (n8n 1.x) the same 429 that never clears fails the poll and moves nothing', async () => {
		const list = serveList('/orders', orders(1, 250));
		list.override = (query) =>
			query.offset === '100' ? [429, { message: 'Too many requests' }, { 'Retry-After': '50' }] : undefined;
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 0 } } };
		await expect(poll({ parameters: newOrders, staticData })).rejects.toMatchObject({ httpCode: '429' });
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 0 } });
	});
});

describe('Fetch Test Event (manual run)', () => {
	it('returns the newest record and moves no cursor', async () => {
		const list = serveList('/orders', orders(1, 120));
		const staticData: IDataObject = { cursors: { newOrder: { lastId: 50 } } };
		const items = await poll({ parameters: newOrders, staticData, mode: 'manual' });
		expect(ids(items)).toEqual([120]);
		expect(staticData).toEqual({ cursors: { newOrder: { lastId: 50 } } });
		expect(list.queries).toEqual([{ limit: '100', offset: String(Number.MAX_SAFE_INTEGER), dir: 'prev' }]);
		// The same record gives the same eventId every time.
		const again = await poll({ parameters: newOrders, staticData: {}, mode: 'manual' });
		expect(again![0].json.eventId).toBe(items![0].json.eventId);
	});

	it('returns the newest record the filters keep', async () => {
		serveList('/orders', [...orders(1, 3), ...orders(4, 2, { test_mode: true })]);
		const parameters = { ...newOrders, options: { testMode: 'ignore' } };
		expect(ids(await poll({ parameters, mode: 'manual' }))).toEqual([3]);
	});
});
