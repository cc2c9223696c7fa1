import type { IDataObject } from 'n8n-workflow';

import { samCartRequest } from './request';
import type { SamCartContext } from './request';
import { recordsOf } from './status';

export const MAX_PAGE_SIZE = 100;
/** Empty pages that still carry a cursor are followed, but not without end. */
const MAX_EMPTY_PAGES_IN_A_ROW = 10;
/** dir=prev from above every ID: the newest records (SamCart's `offset` is the first ID of the page after, §4). */
export const ABOVE_EVERY_ID = String(Number.MAX_SAFE_INTEGER);

/** Where a page of a SamCart bulk list starts: the `offset` of its `pagination.next` URL, and its direction. */
export interface Cursor {
	offset: string;
	dir: string;
}

export interface PaginateOptions {
	path: string;
	/** The caller's filters: sent with every page, since SamCart's next URL may drop them. */
	qs?: IDataObject;
	/** Stop once this many records are in hand; undefined = every record. */
	limit?: number;
	/** From the newest record back: dir=prev from above every ID, following `pagination.prev`; output newest first. */
	newestFirst?: boolean;
	itemIndex?: number;
	subject?: string;
}

export interface PageRequest {
	path: string;
	/** The caller's filters, re-sent with every page. */
	qs?: IDataObject;
	/** How many records to ask for (at most MAX_PAGE_SIZE). */
	limit: number;
	/** Where to start; none = the first page. */
	cursor?: Cursor;
	itemIndex?: number;
	subject?: string;
	/** How long the transport may wait out a rate limit (a poll's budget); none = as long as it takes. */
	waitBudgetMs?: number;
}

export interface Page {
	records: IDataObject[];
	/** Where the next page starts; none when this is the last one. */
	next?: Cursor;
	/** Where the page before starts (`pagination.prev`); none when this is the first one. */
	prev?: Cursor;
	/** SamCart answered a bare array: the whole list in one answer, no pages. */
	unpaged: boolean;
}

/** The cursor of a `pagination.next` (or `prev`) URL: its `offset` (and `dir`, default next). */
export function cursorOf(next: unknown): Cursor | undefined {
	if (typeof next !== 'string' || !next) return undefined;
	let url: URL;
	try {
		url = new URL(next, 'https://api.samcart.com/v1/');
	} catch {
		return undefined;
	}
	const offset = url.searchParams.get('offset');
	if (!offset) return undefined;
	return { offset, dir: url.searchParams.get('dir') ?? 'next' };
}

/** One page of a SamCart list: the caller's filters, the page size and the cursor, sent as one GET. */
export async function samCartPage(this: SamCartContext, request: PageRequest): Promise<Page> {
	const qs: IDataObject = { ...request.qs, limit: request.limit };
	if (request.cursor) {
		qs.offset = request.cursor.offset;
		qs.dir = request.cursor.dir;
	}
	const body: unknown = await samCartRequest.call(this, {
		method: 'GET',
		path: request.path,
		qs,
		itemIndex: request.itemIndex,
		subject: request.subject,
		waitBudgetMs: request.waitBudgetMs,
	});
	const pagination = Array.isArray(body)
		? undefined
		: (body as { pagination?: { next?: unknown; prev?: unknown } } | null | undefined)?.pagination;
	return {
		records: recordsOf(body),
		next: cursorOf(pagination?.next),
		prev: cursorOf(pagination?.prev),
		unpaged: Array.isArray(body),
	};
}

/**
 * Walks a SamCart bulk list by its cursor. Each page re-sends the caller's filters with the next `offset`;
 * stops at the limit, at the last page, or when SamCart repeats a cursor (which would otherwise loop forever).
 * Newest first walks the other way: from above every ID with dir=prev, each page (in ID order) turned around.
 */
export async function samCartPaginate(
	this: SamCartContext,
	options: PaginateOptions,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const seenCursors = new Set<string>();
	const backwards = options.newestFirst === true;
	let cursor: Cursor | undefined = backwards ? { offset: ABOVE_EVERY_ID, dir: 'prev' } : undefined;
	if (cursor) seenCursors.add(`${cursor.dir}:${cursor.offset}`);
	let emptyPagesInARow = 0;

	for (;;) {
		const remaining = options.limit === undefined ? MAX_PAGE_SIZE : options.limit - records.length;
		if (remaining <= 0) break;
		const page = await samCartPage.call(this, {
			path: options.path,
			qs: options.qs,
			limit: Math.min(MAX_PAGE_SIZE, remaining),
			cursor,
			itemIndex: options.itemIndex,
			subject: options.subject,
		});
		records.push(...(backwards ? [...page.records].reverse() : page.records));
		if (page.unpaged) break;
		emptyPagesInARow = page.records.length ? 0 : emptyPagesInARow + 1;
		if (emptyPagesInARow >= MAX_EMPTY_PAGES_IN_A_ROW) break;

		cursor = backwards ? page.prev : page.next;
		if (!cursor) break;
		const key = `${cursor.dir}:${cursor.offset}`;
		if (seenCursors.has(key)) break;
		seenCursors.add(key);
	}
	return options.limit === undefined ? records : records.slice(0, options.limit);
}
