import type { IDataObject } from 'n8n-workflow';

import { samCartRequest } from './request';
import type { SamCartContext } from './request';

export const MAX_PAGE_SIZE = 100;
/** Empty pages that still carry a cursor are followed, but not without end. */
const MAX_EMPTY_PAGES_IN_A_ROW = 10;

export interface PaginateOptions {
	path: string;
	/** The caller's filters: sent with every page, since SamCart's next URL may drop them. */
	qs?: IDataObject;
	/** Stop once this many records are in hand; undefined = every record. */
	limit?: number;
	itemIndex?: number;
	subject?: string;
}

interface Page {
	data?: unknown;
	pagination?: { next?: string | null };
}

/** The cursor of a `pagination.next` URL: its `offset` (and `dir`, default next). */
export function cursorOf(next: string): { offset: string; dir: string } | undefined {
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

function recordsOf(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const data = (body as Page | undefined)?.data;
	if (Array.isArray(data)) return data as IDataObject[];
	// GET /refunds is documented with `data` as one object: accept both readings.
	if (data && typeof data === 'object') return [data as IDataObject];
	return [];
}

/**
 * Walks a SamCart bulk list by its cursor. Each page re-sends the caller's filters with the next `offset`;
 * stops at the limit, at the last page, or when SamCart repeats a cursor (which would otherwise loop forever).
 */
export async function samCartPaginate(
	this: SamCartContext,
	options: PaginateOptions,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: { offset: string; dir: string } | undefined;
	let emptyPagesInARow = 0;

	for (;;) {
		const remaining = options.limit === undefined ? MAX_PAGE_SIZE : options.limit - records.length;
		if (remaining <= 0) break;
		const qs: IDataObject = { ...options.qs, limit: Math.min(MAX_PAGE_SIZE, remaining) };
		if (cursor) {
			qs.offset = cursor.offset;
			qs.dir = cursor.dir;
		}
		const body = await samCartRequest.call(this, {
			method: 'GET',
			path: options.path,
			qs,
			itemIndex: options.itemIndex,
			subject: options.subject,
		});
		const page = recordsOf(body);
		records.push(...page);
		if (Array.isArray(body)) break;
		emptyPagesInARow = page.length ? 0 : emptyPagesInARow + 1;
		if (emptyPagesInARow >= MAX_EMPTY_PAGES_IN_A_ROW) break;

		const next = (body as Page).pagination?.next;
		cursor = typeof next === 'string' && next ? cursorOf(next) : undefined;
		if (!cursor) break;
		const key = `${cursor.dir}:${cursor.offset}`;
		if (seenCursors.has(key)) break;
		seenCursors.add(key);
	}
	return options.limit === undefined ? records : records.slice(0, options.limit);
}
