/**
 * §4 keyset pagination. `offset` is the id of the last record seen (dir=next) or the first one (dir=prev);
 * records are ordered by id ascending; `limit` defaults to 100 and is clamped to 100.
 * The next/prev URLs carry ONLY `offset` and `dir` (not limit, not filters): §4 says clients must re-send their
 * filters because `next` may drop them, and this is the hard case our transport has to survive.
 */
import { validation, type RequestContext } from './http';

export interface Page<T> {
	data: T[];
	pagination: { next: string | null; prev: string | null };
}

export const MAX_LIMIT = 100;

/**
 * One page of `records` (sorted by id) among those `keep` accepts. Walks from the cursor instead of filtering the whole
 * list first, so a page costs about its own size however long the list is (a Return All is then linear, not quadratic).
 */
export function paginate<T extends { id: number }>(
	ctx: RequestContext,
	records: readonly T[],
	keep: (record: T) => boolean = () => true,
): Page<T> {
	const rawLimit = ctx.query.get('limit');
	let limit = MAX_LIMIT;
	if (rawLimit !== null && rawLimit !== '') {
		if (!/^-?\d+$/.test(rawLimit) || Number(rawLimit) < 1) throw validation('The limit must be an integer of at least 1.');
		limit = Math.min(MAX_LIMIT, Number(rawLimit));
	}
	const rawDir = ctx.query.get('dir');
	if (rawDir !== null && rawDir !== '' && rawDir !== 'next' && rawDir !== 'prev')
		throw validation('The selected dir is invalid (next or prev).');
	const dir = rawDir === 'prev' ? 'prev' : 'next';
	const rawOffset = ctx.query.get('offset');
	let offset: number | undefined;
	if (rawOffset !== null && rawOffset !== '') {
		if (!/^\d+$/.test(rawOffset)) throw validation('The offset must be an integer.');
		offset = Number(rawOffset);
	}

	/** Index of the nearest kept record from `from` walking by `step`, or -1. */
	const nearestKept = (from: number, step: 1 | -1): number => {
		for (let i = from; i >= 0 && i < records.length; i += step) if (keep(records[i])) return i;
		return -1;
	};
	const data: T[] = [];
	if (dir === 'next') {
		let i = offset === undefined ? 0 : firstIndexAbove(records, offset);
		for (; data.length < limit && (i = nearestKept(i, 1)) !== -1; i++) data.push(records[i]);
	} else {
		let i = (offset === undefined ? records.length : firstIndexAbove(records, offset - 1)) - 1; // ids < offset
		for (; data.length < limit && (i = nearestKept(i, -1)) !== -1; i--) data.push(records[i]);
		data.reverse();
	}
	const url = (o: number, d: 'next' | 'prev') => `${ctx.origin}/v1${ctx.path}?offset=${o}&dir=${d}`;
	let next: string | null = null;
	let prev: string | null = null;
	if (data.length) {
		const first = data[0].id;
		const last = data[data.length - 1].id;
		if (nearestKept(firstIndexAbove(records, last), 1) !== -1) next = url(last, 'next');
		if (nearestKept(firstIndexAbove(records, first - 1) - 1, -1) !== -1) prev = url(first, 'prev');
	}
	return { data, pagination: { next, prev } };
}

/** Index of the first record whose id is > id (records sorted by id). */
function firstIndexAbove<T extends { id: number }>(records: readonly T[], id: number): number {
	let lo = 0;
	let hi = records.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (records[mid].id > id) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}
