import nock from 'nock';

import { samCartPaginate } from '../../../nodes/SamCart/transport';
import type { SamCartContext } from '../../../nodes/SamCart/transport';
import { createFakeContext } from '../helpers/fakeN8nContext';

const BASE = 'https://api.samcart.com';
const records = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: from + i }));
// SamCart's next URL carries the cursor only: the transport must re-send filters and limit itself.
const nextUrl = (offset: number) => `${BASE}/v1/orders?offset=${offset}&dir=next`;

const context = () => createFakeContext() as unknown as SamCartContext;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('samCartPaginate', () => {
	it('follows pagination.next across pages, re-sending the filters and limit=100 with each offset', async () => {
		const filters = { created_at_min: '2025-01-01', test_mode: 'false' };
		const seen: Array<Record<string, string>> = [];
		nock(BASE)
			.get('/v1/orders')
			.times(3)
			.query((query) => {
				seen.push(query as Record<string, string>);
				return true;
			})
			.reply(() => {
				const query = seen[seen.length - 1];
				if (!query.offset)
					return [200, { data: records(1, 100), pagination: { next: nextUrl(100), prev: null } }];
				if (query.offset === '100')
					return [200, { data: records(101, 100), pagination: { next: nextUrl(200), prev: BASE } }];
				return [200, { data: records(201, 50), pagination: { next: null, prev: BASE } }];
			});

		const result = await samCartPaginate.call(context(), { path: '/orders', qs: filters });

		expect(result.map((r) => r.id)).toEqual(records(1, 250).map((r) => r.id));
		expect(seen).toEqual([
			{ ...filters, limit: '100' },
			{ ...filters, limit: '100', offset: '100', dir: 'next' },
			{ ...filters, limit: '100', offset: '200', dir: 'next' },
		]);
	});

	it('reads the credential once per node run and hands it to every request (n8n would read and decrypt it per page)', async () => {
		nock(BASE)
			.get('/v1/orders')
			.query(true)
			.reply(200, { data: records(1, 100), pagination: { next: nextUrl(100), prev: null } })
			.get('/v1/orders')
			.query(true)
			.reply(200, { data: records(101, 10), pagination: { next: null, prev: BASE } })
			.get('/v1/orders')
			.query(true)
			.reply(200, { data: records(1, 5), pagination: { next: null, prev: null } });
		const fake = createFakeContext();
		const reads: string[] = [];
		const counted = {
			...fake,
			getCredentials: async (type: string) => {
				reads.push(type);
				return await fake.getCredentials(type);
			},
		} as unknown as SamCartContext;

		expect(await samCartPaginate.call(counted, { path: '/orders' })).toHaveLength(110);
		expect(reads).toEqual(['samCartApi']);
		// another node run (a new context) reads it again
		const other = { ...counted } as SamCartContext;
		expect(await samCartPaginate.call(other, { path: '/orders' })).toHaveLength(5);
		expect(reads).toEqual(['samCartApi', 'samCartApi']);
	});

	it('stops as soon as Limit records are in hand and asks only for what is missing', async () => {
		const limits: string[] = [];
		const scope = nock(BASE)
			.get('/v1/orders')
			.times(2)
			.query((query) => {
				limits.push(String(query.limit));
				return true;
			})
			.reply(() =>
				limits.length === 1
					? [200, { data: records(1, 100), pagination: { next: nextUrl(100) } }]
					: [200, { data: records(101, 50), pagination: { next: nextUrl(150) } }],
			);
		const third = nock(BASE)
			.get('/v1/orders')
			.query(true)
			.reply(200, { data: records(151, 100) });

		const result = await samCartPaginate.call(context(), { path: '/orders', limit: 150 });

		expect(result).toHaveLength(150);
		expect(limits).toEqual(['100', '50']);
		expect(scope.isDone()).toBe(true);
		expect(third.isDone()).toBe(false);
	});

	it('trims a page longer than asked to the Limit', async () => {
		nock(BASE)
			.get('/v1/charges')
			.query({ limit: '3' })
			.reply(200, { data: records(1, 10), pagination: { next: null } });
		const result = await samCartPaginate.call(context(), { path: '/charges', limit: 3 });
		expect(result.map((r) => r.id)).toEqual([1, 2, 3]);
	});

	it('keeps going past an empty page that still carries a cursor', async () => {
		nock(BASE)
			.get('/v1/orders')
			.query({ limit: '100' })
			.reply(200, { data: records(1, 2), pagination: { next: nextUrl(2) } });
		nock(BASE)
			.get('/v1/orders')
			.query({ limit: '100', offset: '2', dir: 'next' })
			.reply(200, { data: [], pagination: { next: nextUrl(40) } });
		nock(BASE)
			.get('/v1/orders')
			.query({ limit: '100', offset: '40', dir: 'next' })
			.reply(200, { data: records(41, 3), pagination: { next: null } });

		const result = await samCartPaginate.call(context(), { path: '/orders' });

		expect(result.map((r) => r.id)).toEqual([1, 2, 41, 42, 43]);
		expect(nock.isDone()).toBe(true);
	});

	it('stops instead of looping when SamCart repeats a cursor', async () => {
		let calls = 0;
		nock(BASE)
			.get('/v1/orders')
			.query(true)
			.times(50)
			.reply(() => {
				calls++;
				return [200, { data: records(calls * 10, 1), pagination: { next: nextUrl(7) } }];
			});

		const result = await samCartPaginate.call(context(), { path: '/orders' });

		expect(calls).toBe(2);
		expect(result.map((r) => r.id)).toEqual([10, 20]);
	});

	it('does not follow empty pages without end', async () => {
		let calls = 0;
		nock(BASE)
			.get('/v1/orders')
			.query(true)
			.times(100)
			.reply(() => {
				calls++;
				return [200, { data: [], pagination: { next: nextUrl(1000 + calls) } }];
			});

		await expect(samCartPaginate.call(context(), { path: '/orders' })).resolves.toEqual([]);
		expect(calls).toBe(10);
	});

	it('accepts a bare array (sub-resource lists) and GET /refunds with data as one object', async () => {
		nock(BASE).get('/v1/customers/5/orders').query(true).reply(200, records(1, 3));
		nock(BASE)
			.get('/v1/refunds')
			.query(true)
			.reply(200, { data: { id: 9, refund_amount: 500 }, pagination: { next: null } });

		await expect(samCartPaginate.call(context(), { path: '/customers/5/orders' })).resolves.toHaveLength(3);
		await expect(samCartPaginate.call(context(), { path: '/refunds' })).resolves.toEqual([
			{ id: 9, refund_amount: 500 },
		]);
	});
});
