/**
 * What a SamCart list may do wrong (issue 15, "Bad input"): records without `created_at`, IDs out of order, an
 * empty page that still carries a cursor, a page that hands back the cursor it was asked for. None may lose a
 * record, emit one twice or loop forever.
 */
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());

import nock from 'nock';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { MAX_EMPTY_PAGES } from '../../../nodes/SamCart/poll/pages';
import { SamCartPollTrigger } from '../../../nodes/SamCart/SamCartPollTrigger.node';
import { createFakePollContext } from '../helpers/fakePollContext';
import { ids, nextUrl, orders, serveList } from './helpers';

const trigger = new SamCartPollTrigger();
const parameters = { events: ['newOrder'] };

async function poll(staticData: IDataObject): Promise<Array<{ json: IDataObject }> | undefined> {
	const context = createFakePollContext({ parameters, staticData }) as unknown as IPollFunctions;
	const result = (await trigger.poll.call(context)) as INodeExecutionData[][] | null;
	return result?.[0] as Array<{ json: IDataObject }> | undefined;
}

const page = (data: IDataObject[], next: string | null) =>
	[200, { data, pagination: { next, prev: null } }] as [number, unknown];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

it('a record without created_at is emitted (created_at null) and moves the cursor like any other', async () => {
	const list = serveList('/orders', [
		...orders(11, 1),
		...orders(12, 1, { order_date: undefined }),
		...orders(13, 1),
	]);
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 10 } } };
	const items = await poll(staticData);
	expect(ids(items)).toEqual([11, 12, 13]);
	expect((items![1].json.summary as IDataObject).created_at).toBeNull();
	expect((items![0].json.summary as IDataObject).created_at).toBe('2026-11-30T10:00:00Z');
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 13 } });
	expect(list.queries).toHaveLength(1);
});

it('IDs out of order: every record comes out once, by ID; one at or below the cursor is not emitted again', async () => {
	const list = serveList('/orders');
	const [r10, r11, r12, r13, r14, r15] = orders(10, 6);
	list.override = (query) =>
		query.offset === '10' ? page([r13, r10, r11, r12], nextUrl('/orders', 12)) : page([r13, r15, r14], null); // 13 again, then two more out of order
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 10 } } };
	expect(ids(await poll(staticData))).toEqual([11, 12, 13, 14, 15]);
	expect(list.queries.map((query) => query.offset)).toEqual(['10', '12']);
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 15 } });
});

it('an empty page with a cursor is followed, and the records after it come out', async () => {
	const list = serveList('/orders');
	list.override = (query) =>
		query.offset === '5' ? page([], nextUrl('/orders', 8)) : page(orders(9, 2), null);
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 5 } } };
	expect(ids(await poll(staticData))).toEqual([9, 10]);
	expect(list.queries.map((query) => query.offset)).toEqual(['5', '8']);
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 10 } });
});

it('endless empty pages, each with a new cursor, end after a bounded number; the cursor stays where it was', async () => {
	const list = serveList('/orders');
	list.override = (query) => page([], nextUrl('/orders', Number(query.offset) + 1));
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 5 } } };
	expect(await poll(staticData)).toBeUndefined();
	expect(list.queries).toHaveLength(MAX_EMPTY_PAGES);
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 5 } });
});

it('a page that repeats the cursor it was asked for ends the reading: no loop, no record twice, none lost', async () => {
	const list = serveList('/orders');
	// SamCart answers the second page with the same records and the same next cursor, again and again.
	list.override = (query) =>
		query.offset === '100'
			? page(orders(101, 100), nextUrl('/orders', 200))
			: page(orders(201, 50), nextUrl('/orders', 200));
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 100 } } };
	expect(ids(await poll(staticData))).toEqual(Array.from({ length: 150 }, (_, i) => 101 + i));
	expect(list.queries.map((query) => query.offset)).toEqual(['100', '200']);
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 250 } });

	// The next poll asks from the last record, so nothing that SamCart adds later is skipped.
	list.override = (query) => (query.offset === '250' ? page(orders(251, 1), null) : undefined);
	expect(ids(await poll(staticData))).toEqual([251]);
});

it('a page whose next cursor points back to the first request ends the reading too', async () => {
	const list = serveList('/orders');
	list.override = () => page(orders(6, 2), nextUrl('/orders', 5));
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 5 } } };
	expect(ids(await poll(staticData))).toEqual([6, 7]);
	expect(list.queries).toHaveLength(1);
});

it('a stored cursor this node did not write counts as none: the event starts at "now" instead of replaying', async () => {
	const list = serveList('/orders', orders(1, 30));
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 'abc' } } };
	expect(await poll(staticData)).toBeUndefined();
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 30 } });
	expect(list.queries[0].dir).toBe('prev');
});

it('an answer without a list (null, or no data) is an empty last page: nothing emitted, the cursor stays', async () => {
	const list = serveList('/orders');
	list.override = (_query, n) => (n === 0 ? [200, 'null'] : [200, { pagination: { next: null } }]);
	const staticData: IDataObject = { cursors: { newOrder: { lastId: 5 } } };
	expect(await poll(staticData)).toBeUndefined();
	expect(await poll(staticData)).toBeUndefined();
	expect(staticData.cursors).toEqual({ newOrder: { lastId: 5 } });
});
