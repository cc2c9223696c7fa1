/**
 * Reading a SamCart bulk list from a cursor to its end, through the transport (its 429 waits, retries and errors).
 *
 * Guards against what a list may do wrong (samcart-api.md §4): records out of ID order are put in order; a record
 * at or below the cursor, or one seen twice, is emitted once; an empty page that still carries a cursor is
 * followed, a bounded number of times; a page that hands back a cursor already used ends the reading.
 *
 * n8n 2.x gives a poll a time budget (getPollBudgetMs) and abandons a tick that overruns it. The reading stops
 * before the budget runs out (waits for SamCart's rate limit included) and returns what it has with `complete:
 * false`: the cursor then moves to the last record returned, and the next poll goes on from there.
 */
import type { IDataObject } from 'n8n-workflow';

import { ABOVE_EVERY_ID, httpStatusOf, MAX_PAGE_SIZE, samCartPage } from '../transport';
import type { Cursor, Page, SamCartContext } from '../transport';

/** Empty pages in a row that still carry a cursor, followed before the reading gives up on the list. */
export const MAX_EMPTY_PAGES = 10;
/** No page is started with less than this left of the budget (one page and its answer). */
export const BUDGET_MARGIN_MS = 5_000;

export interface Budget {
	/** Date.now() value by which the poll must have returned; Infinity = no limit (n8n 1.x). */
	deadline: number;
	now: () => number;
}

export const NO_BUDGET: Budget = { deadline: Number.POSITIVE_INFINITY, now: () => Date.now() };

/** One page of the list through the transport's page function. */
async function page(
	context: SamCartContext,
	path: string,
	qs: IDataObject,
	cursor: Cursor | undefined,
	limit: number,
	waitBudgetMs?: number,
): Promise<Page> {
	return await samCartPage.call(context, { path, qs, limit, cursor, waitBudgetMs });
}

/** A record's ID when it is a positive whole number (as a number or as digits). */
export function recordIdOf(record: IDataObject): number | undefined {
	const { id } = record;
	const value = typeof id === 'string' && /^\d+$/.test(id.trim()) ? Number(id) : id;
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The newest records of a list (up to `limit`), oldest first: one request. */
export async function newestRecords(
	context: SamCartContext,
	path: string,
	qs: IDataObject,
	limit: number,
): Promise<IDataObject[]> {
	const { records } = await page(context, path, qs, { offset: ABOVE_EVERY_ID, dir: 'prev' }, limit);
	return records.filter((record) => recordIdOf(record) !== undefined).sort(byId);
}

const byId = (a: IDataObject, b: IDataObject) => (recordIdOf(a) ?? 0) - (recordIdOf(b) ?? 0);

export interface Reading {
	/** Records with an ID above `afterId`, each once, by ID (oldest first). */
	records: IDataObject[];
	/** The highest ID read (or `afterId` when none). */
	lastId: number;
	/** False when the budget stopped the reading before the list's end. */
	complete: boolean;
}

/**
 * Every record after `afterId` (none: from the first), page by page to the end of the list. Errors are the
 * transport's, except under a budget a rate limit it cannot wait out: that ends the reading early instead (what
 * was read is returned, possibly nothing, and the rest waits for the next poll).
 */
export async function readAfter(
	context: SamCartContext,
	path: string,
	qs: IDataObject,
	afterId: number,
	budget: Budget = NO_BUDGET,
): Promise<Reading> {
	const byKey = new Map<number, IDataObject>();
	const usedCursors = new Set<string>();
	let cursor: Cursor | undefined = afterId > 0 ? { offset: String(afterId), dir: 'next' } : undefined;
	if (cursor) usedCursors.add(`${cursor.dir}:${cursor.offset}`);
	let emptyPages = 0;
	let complete = true;
	for (;;) {
		const left = budget.deadline - budget.now();
		if (left < BUDGET_MARGIN_MS) {
			complete = false;
			break;
		}
		const waitBudgetMs = Number.isFinite(left) ? Math.max(0, left - BUDGET_MARGIN_MS) : undefined;
		const answer = await page(context, path, qs, cursor, MAX_PAGE_SIZE, waitBudgetMs).catch(
			(error: unknown) => {
				// The transport's error (a NodeApiError), unless it is a rate limit the budget cannot wait out.
				if (Number.isFinite(left) && httpStatusOf(error) === 429) return undefined;
				throw error;
			},
		);
		if (!answer) {
			complete = false;
			break;
		}
		for (const record of answer.records) {
			const id = recordIdOf(record);
			if (id !== undefined && id > afterId && !byKey.has(id)) byKey.set(id, record);
		}
		emptyPages = answer.records.length ? 0 : emptyPages + 1;
		const next = answer.next;
		if (!next || emptyPages >= MAX_EMPTY_PAGES) break;
		const key = `${next.dir}:${next.offset}`;
		if (usedCursors.has(key)) break;
		usedCursors.add(key);
		cursor = next;
	}
	const records = [...byKey.values()].sort(byId);
	const lastId = records.length ? (recordIdOf(records[records.length - 1]) as number) : afterId;
	return { records, lastId, complete };
}
