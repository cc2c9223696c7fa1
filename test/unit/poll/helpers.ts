/**
 * A SamCart bulk list behind nock: keyset pages as SamCart documents them (samcart-api.md §4: `offset` = last ID
 * seen, `dir=prev` = the page before `offset`, oldest first, `pagination.next` carrying the cursor only), over
 * records a test can add to between polls. A test may answer a request itself instead (faults, bad pages).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

export const BASE = 'https://api.samcart.com';

export type Query = Record<string, string>;
export type Answer = [number, unknown, Record<string, string>?];

export interface FakeList {
	records: IDataObject[];
	queries: Query[];
	/** Answers request n (0-based) instead of the list, when it returns something. */
	override?: (query: Query, n: number) => Answer | undefined;
}

export const nextUrl = (path: string, offset: number | string, dir = 'next') =>
	`${BASE}/v1${path}?offset=${offset}&dir=${dir}`;

/** The keyset page a SamCart list gives for this query. */
export function keysetPage(path: string, all: IDataObject[], query: Query): Answer {
	const sorted = [...all]
		.filter((record) => query.test_mode === undefined || String(record.test_mode) === query.test_mode)
		.filter((record) => query.status === undefined || record.status === query.status)
		.sort((a, b) => Number(a.id) - Number(b.id));
	const limit = Math.min(100, Number(query.limit ?? 100));
	const offset = query.offset === undefined ? undefined : Number(query.offset);
	let data: IDataObject[];
	if (query.dir === 'prev') {
		const before = sorted.filter((record) => offset === undefined || Number(record.id) < offset);
		data = before.slice(Math.max(0, before.length - limit));
	} else {
		data = sorted.filter((record) => offset === undefined || Number(record.id) > offset).slice(0, limit);
	}
	const last = data[data.length - 1];
	const more = last !== undefined && sorted.some((record) => Number(record.id) > Number(last.id));
	return [200, { data, pagination: { next: more ? nextUrl(path, Number(last.id)) : null, prev: null } }];
}

/** Serves `path` until nock.cleanAll(); every query is recorded in order. */
export function serveList(path: string, records: IDataObject[] = []): FakeList {
	const list: FakeList = { records, queries: [] };
	nock(BASE)
		.persist()
		.get(`/v1${path}`)
		.query(true)
		.reply((uri) => {
			const query = Object.fromEntries(new URL(uri, BASE).searchParams) as Query;
			const n = list.queries.push(query) - 1;
			const answer = list.override?.(query, n) ?? keysetPage(path, list.records, query);
			return answer as [number, string];
		});
	return list;
}

export const orders = (from: number, count: number, extra: IDataObject = {}): IDataObject[] =>
	Array.from({ length: count }, (_, index) => {
		const id = from + index;
		return {
			id,
			customer_id: 9000 + id,
			test_mode: false,
			order_date: '2026-11-30 10:00:00',
			total: 4900,
			cart_items: [
				{
					id: 70000 + id,
					product_id: 350399,
					product_name: 'Course',
					charge_id: 80000 + id,
					subscription_id: null,
					currency: 'USD',
					initial_price: { subtotal: 4900, taxes: 0, shipping: 0, total: 4900 },
				},
			],
			...extra,
		};
	});

export const ids = (items: Array<{ json: IDataObject }> | undefined) =>
	(items ?? []).map((item) => (item.json.record as IDataObject).id);
