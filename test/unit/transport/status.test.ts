import nock from 'nock';

import {
	httpStatusOf,
	isConflict,
	isNotFound,
	recordsOf,
	samCartPage,
	samCartRequest,
} from '../../../nodes/SamCart/transport';
import type { SamCartContext } from '../../../nodes/SamCart/transport';
import { createFakeContext } from '../helpers/fakeN8nContext';

const BASE = 'https://api.samcart.com';
const context = () => createFakeContext() as unknown as SamCartContext;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function failureOf(status: number): Promise<unknown> {
	nock(BASE).get('/v1/orders/9').reply(status, { message: 'no' });
	return await samCartRequest
		.call(context(), { method: 'GET', path: '/orders/9' })
		.catch((error: unknown) => error);
}

describe('status tests on the errors the transport throws', () => {
	it('a 404 is "not found", a 409 a conflict, and neither is the other', async () => {
		const notFound = await failureOf(404);
		const conflict = await failureOf(409);
		expect([httpStatusOf(notFound), isNotFound(notFound), isConflict(notFound)]).toEqual([404, true, false]);
		expect([httpStatusOf(conflict), isNotFound(conflict), isConflict(conflict)]).toEqual([409, false, true]);
	});

	it('an error without an HTTP status (a network error, a TypeError) is neither', () => {
		for (const error of [new TypeError('x'), { httpCode: 'ECONNRESET' }, null, undefined, 'text']) {
			expect(httpStatusOf(error)).toBeUndefined();
			expect(isNotFound(error)).toBe(false);
			expect(isConflict(error)).toBe(false);
		}
		expect(isNotFound({ httpCode: 404 })).toBe(true);
	});
});

describe('recordsOf', () => {
	it('reads a bare array, `{data: [...]}`, `{data: {...}}` (GET /refunds as documented) and nothing else', () => {
		expect(recordsOf([{ id: 1 }])).toEqual([{ id: 1 }]);
		expect(recordsOf({ data: [{ id: 2 }], pagination: {} })).toEqual([{ id: 2 }]);
		expect(recordsOf({ data: { id: 3 } })).toEqual([{ id: 3 }]);
		expect(recordsOf({ data: null })).toEqual([]);
		expect(recordsOf({})).toEqual([]);
		expect(recordsOf(null)).toEqual([]);
	});
});

describe('samCartPage', () => {
	it("sends the filters, the page size and the cursor; returns the records and the next page's cursor", async () => {
		const seen: object[] = [];
		nock(BASE)
			.get('/v1/orders')
			.query((query) => (seen.push(query), true))
			.reply(200, {
				data: [{ id: 5 }],
				pagination: { next: '/v1/orders?offset=5&dir=next', prev: null },
			});
		const page = await samCartPage.call(context(), {
			path: '/orders',
			qs: { test_mode: 'false' },
			limit: 1,
			cursor: { offset: '4', dir: 'next' },
		});
		expect(seen).toEqual([{ test_mode: 'false', limit: '1', offset: '4', dir: 'next' }]);
		expect(page).toEqual({ records: [{ id: 5 }], next: { offset: '5', dir: 'next' }, unpaged: false });
	});

	it('the last page has no next cursor; a bare array is one unpaged answer', async () => {
		nock(BASE)
			.get('/v1/orders')
			.query(true)
			.reply(200, { data: [], pagination: { next: null } });
		nock(BASE)
			.get('/v1/customers/1/orders')
			.query(true)
			.reply(200, [{ id: 1 }]);
		await expect(samCartPage.call(context(), { path: '/orders', limit: 100 })).resolves.toEqual({
			records: [],
			next: undefined,
			unpaged: false,
		});
		await expect(samCartPage.call(context(), { path: '/customers/1/orders', limit: 100 })).resolves.toEqual({
			records: [{ id: 1 }],
			next: undefined,
			unpaged: true,
		});
	});
});
