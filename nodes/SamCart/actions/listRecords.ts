import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readFilters } from '../descriptions/filters';
import { readLimit } from '../descriptions/listing';
import { maybeSimplify } from '../shared/simplify';
import { samCartPaginate } from '../transport';
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
