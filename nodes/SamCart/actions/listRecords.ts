import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readFilters } from '../descriptions/filters';
import { readLimit } from '../descriptions/listing';
import { maybeSimplify } from '../shared/simplify';
import { samCartPaginate, samCartRequestList } from '../transport';
import type { RunCache } from './runCache';

export interface ListRequest {
	path: string;
	simplifier?: (record: IDataObject) => IDataObject;
	/** Names the parent record for a 404, e.g. "Product 12". */
	subject?: string;
	/** Applied to each record SamCart returned, before Simplify (e.g. derived fields). */
	enrich?: (record: IDataObject) => IDataObject;
}

/**
 * Shared body of every Get Many over a paginated list: Filters → query, Return All / Limit, one walk of the
 * pages per distinct request in this execution, optional Simplify.
 */
export async function listRecords(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	request: ListRequest,
): Promise<IDataObject[]> {
	const qs = readFilters(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	const key = `LIST ${request.path} ${JSON.stringify(qs)} ${limit ?? 'all'}`;
	const records = await cache.read(key, async () =>
		samCartPaginate.call(this, { path: request.path, qs, limit, itemIndex, subject: request.subject }),
	);
	const enriched = request.enrich ? records.map(request.enrich) : records;
	const simplify = request.simplifier
		? (this.getNodeParameter('simplify', itemIndex, false) as boolean)
		: false;
	return request.simplifier ? maybeSimplify(enriched, simplify, request.simplifier) : enriched;
}

export interface RelatedListRequest extends ListRequest {
	/** Names the parent record for a 404, e.g. "Customer 12". */
	subject: string;
	/** false for short lists that have no Return All / Limit (e.g. a customer's addresses). */
	limited?: boolean;
}

/**
 * Shared body of the sub-resource lists (`/customers/{id}/orders`, `/subscriptions/{id}/charges`, …): SamCart
 * answers them with one bare array, no pages. Filters → query, one request per distinct list in this execution,
 * Return All / Limit applied to the answer, optional Simplify.
 */
export async function listRelatedRecords(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	request: RelatedListRequest,
): Promise<IDataObject[]> {
	const qs = readFilters(this, itemIndex);
	const key = `LIST ${request.path} ${JSON.stringify(qs)}`;
	const records = await cache.read(key, async () =>
		samCartRequestList.call(this, {
			method: 'GET',
			path: request.path,
			qs,
			itemIndex,
			subject: request.subject,
		}),
	);
	const limit = request.limited === false ? undefined : readLimit(this, itemIndex);
	const kept = limit === undefined ? records : records.slice(0, limit);
	const enriched = request.enrich ? kept.map(request.enrich) : kept;
	const simplify = request.simplifier
		? (this.getNodeParameter('simplify', itemIndex, false) as boolean)
		: false;
	return request.simplifier ? maybeSimplify(enriched, simplify, request.simplifier) : enriched;
}
