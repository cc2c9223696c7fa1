import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { filtersCollection, readFilters } from '../descriptions/filters';
import type { FilterName } from '../descriptions/filters';
import { newestFirstToggle, readLimit, returnAllOrLimit, simplifyToggle } from '../descriptions/listing';
import { inSentence, readRecordId, recordIdParameter } from '../descriptions/locators';
import { currencyOf } from '../shared/simplify';
import { samCartPaginate, samCartRequest, samCartRequestList } from '../transport';
import type { OperationRequest, SamCartOperation } from './operation';
import { RECORDS } from './records';
import type { SamCartRecord } from './records';
import type { RunCache } from './runCache';

/**
 * The read operations, made from the records table: an operation file declares which record it reads and how; the
 * request, the run's cache, Return All / Limit and Simplify are done here, the same way for every read.
 */

type Option = SamCartOperation['option'];

/** `/orders/{orderId}`: the path of one record of this kind, as an operation declares it. */
const pathOf = (record: SamCartRecord): string => `${record.path}/{${record.idParameter}}`;
const get = (path: string, answer?: OperationRequest['answer']): OperationRequest => ({
	method: 'GET',
	path,
	...(answer ? { answer } : {}),
});

/** What an operation adds to a factory's read. */
export interface ReadExtras {
	/** Parameters shown before Simplify (e.g. Add Failure Category). */
	before?: INodeProperties[];
	/** Parameters shown last (e.g. an Options collection). */
	after?: INodeProperties[];
	/** Applied to the records SamCart returned, before Simplify (e.g. derived fields, the plan of each). */
	prepare?: (
		this: IExecuteFunctions,
		records: IDataObject[],
		itemIndex: number,
		cache: RunCache,
	) => IDataObject[] | Promise<IDataObject[]>;
}

/** What a read simplifies with: the record's formatter, and where it finds a currency the record does not name. */
type Format = Pick<SamCartRecord, 'simplify' | 'currencyFrom'>;

/** What a read returns: a record (or a list) as SamCart sent it, or simplified when the user asked for it. */
async function finish<T extends IDataObject | IDataObject[]>(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	records: T,
	format: Format | undefined,
	extras: ReadExtras,
	simplifyUnlessSet = false,
): Promise<T> {
	const list = (Array.isArray(records) ? records : [records]) as IDataObject[];
	const prepared = extras.prepare ? await extras.prepare.call(context, list, itemIndex, cache) : list;
	const simplify = format?.simplify;
	const wanted = simplify && (context.getNodeParameter('simplify', itemIndex, simplifyUnlessSet) as boolean);
	let result = prepared;
	if (simplify && wanted) {
		result = [];
		for (const record of prepared) {
			result.push(simplify(record, await ownerCurrency(context, itemIndex, cache, record, format)));
		}
	}
	return (Array.isArray(records) ? result : result[0]) as T;
}

/**
 * For Simplify, the currency of the record a record belongs to, when it names none itself (a subscription: its
 * product's, `GET /products/{id}`). Read once per distinct owner in this execution, however many records share it;
 * null when that read fails or names no currency: never an error, never a default.
 */
async function ownerCurrency(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	record: IDataObject,
	format: Format,
): Promise<string | null> {
	const from = format.currencyFrom;
	if (!from || currencyOf(record) !== null) return null;
	const owner = (RECORDS as Record<string, SamCartRecord>)[from.record];
	const raw = record[from.idField];
	const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
	if (!owner || typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
	const found = await cache.read(`CURRENCY ${owner.path}/${id}`, async () => {
		try {
			return { currency: currencyOf(await readById(context, owner, id, itemIndex, cache)) };
		} catch {
			return { currency: null };
		}
	});
	return found.currency as string | null;
}

/** One record by a path, once per execution however many items ask for it; `subject` names it in a 404. */
export async function readOnce(
	context: IExecuteFunctions,
	path: string,
	subject: string,
	itemIndex: number,
	cache: RunCache,
): Promise<IDataObject> {
	return await cache.read<IDataObject>(`GET ${path}`, async () =>
		samCartRequest.call(context, { method: 'GET', path, itemIndex, subject }),
	);
}

/** `GET <path>/<id>` of a record, once per execution (Get, and a write that needs the record, share it). */
export async function readById(
	context: IExecuteFunctions,
	record: SamCartRecord,
	id: number,
	itemIndex: number,
	cache: RunCache,
): Promise<IDataObject> {
	return await readOnce(context, `${record.path}/${id}`, `${inSentence(record)} ${id}`, itemIndex, cache);
}

/** Get: one record by its ID (`GET /orders/{id}`), Simplify off by default. */
export function readRecord(record: SamCartRecord, option: Option, extras: ReadExtras = {}): SamCartOperation {
	return {
		option,
		request: get(pathOf(record)),
		properties: [
			recordIdParameter(record),
			...(extras.before ?? []),
			...(record.simplify ? [simplifyToggle(false)] : []),
			...(extras.after ?? []),
		],
		async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
			const id = readRecordId(this, record, itemIndex);
			const found = await readById(this, record, id, itemIndex, cache);
			return await finish(this, itemIndex, cache, found, record, extras);
		},
	};
}

export interface RelatedRecord {
	/** The record the path goes through (`/orders/{id}/customer`): its ID is the operation's parameter. */
	of: SamCartRecord;
	/** What comes back (its label and formatter). */
	returns: Pick<SamCartRecord, 'label'> & Format;
	/** Below the parent, e.g. `/customer`; or, for a record named by its own ID too, that record (`/refunds/{id}`). */
	below: string | SamCartRecord;
	/** Names it in a 404; default: the parent ("Order 12"), or "Refund 3 of charge 12". */
	subject?: (id: number) => string;
}

/** Get Customer, Get Plan, Get Refund: one record reached through another, Simplify off by default. */
export function readRelatedRecord(related: RelatedRecord, option: Option): SamCartOperation {
	const { of, returns, below } = related;
	const child = typeof below === 'string' ? undefined : below;
	return {
		option,
		request: get(`${pathOf(of)}${child ? pathOf(child) : below}`),
		properties: [
			recordIdParameter(of),
			...(child ? [recordIdParameter(child)] : []),
			...(returns.simplify ? [simplifyToggle(false)] : []),
		],
		async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
			const id = readRecordId(this, of, itemIndex);
			const parent = `${inSentence(of)} ${id}`;
			let path = `${of.path}/${id}${typeof below === 'string' ? below : ''}`;
			let subject = related.subject?.(id) ?? parent;
			if (child) {
				const childId = readRecordId(this, child, itemIndex);
				path = `${path}${child.path}/${childId}`;
				subject = `${inSentence(child)} ${childId} of ${parent.toLowerCase()}`;
			}
			const found = await readOnce(this, path, subject, itemIndex, cache);
			return await finish(this, itemIndex, cache, found, returns, {});
		},
	};
}

export interface RelatedList {
	/** The record the list belongs to: its ID is the operation's parameter. */
	of: SamCartRecord;
	/** Below the parent, e.g. `/orders`. */
	below: string;
	/** What the list holds (its formatter); none: output as SamCart sent it, without Simplify. */
	returns?: Format;
	filters?: FilterName[];
	/** false for short lists without Return All / Limit (a customer's addresses). */
	limited?: boolean;
	/** SamCart pages this list like a bulk list (`/products/{id}/orders`), instead of one bare array. */
	paged?: boolean;
}

/** The orders of a product, funnel or upsell: SamCart pages them like its bulk list of orders (§3 #10, #11, #26). */
export const pagedOrdersOf = (of: SamCartRecord): RelatedList => ({
	of,
	below: '/orders',
	returns: RECORDS.order,
	filters: ['created', 'testMode'],
	paged: true,
});

/**
 * Get Orders, Get Charges, …: a list below a record. SamCart answers most with one bare array (Limit is applied to
 * it); some are paged like the bulk lists. One request (or walk) per distinct list in this execution.
 */
export function readRelatedList(list: RelatedList, option: Option): SamCartOperation {
	const { of, returns, limited = true } = list;
	return {
		option,
		request: get(`${pathOf(of)}${list.below}`, list.paged ? 'pages' : 'list'),
		properties: [
			recordIdParameter(of),
			...(limited ? returnAllOrLimit : []),
			...(returns?.simplify ? [simplifyToggle(true)] : []),
			...(list.filters ? [filtersCollection(list.filters)] : []),
		],
		async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
			const id = readRecordId(this, of, itemIndex);
			const path = `${of.path}/${id}${list.below}`;
			const subject = `${inSentence(of)} ${id}`;
			const records = list.paged
				? await walk(this, itemIndex, cache, path, subject)
				: await readBareList(this, itemIndex, cache, path, subject, limited);
			return await finish(this, itemIndex, cache, records, returns, {});
		},
	};
}

export interface ManyExtras extends ReadExtras {
	filters?: FilterName[];
	/** Simplify when the parameter is not set at all (only for the subscriptions' list, as it always was). */
	simplifyUnlessSet?: boolean;
}

/**
 * Get Many: a bulk list (`GET /orders`), walked by its cursor, with Return All / Limit, Newest First, filters and
 * Simplify.
 */
export function readMany(record: SamCartRecord, option: Option, extras: ManyExtras = {}): SamCartOperation {
	return {
		option,
		request: get(record.path, 'pages'),
		properties: [
			...returnAllOrLimit,
			newestFirstToggle,
			...(extras.before ?? []),
			simplifyToggle(true),
			...(extras.filters ? [filtersCollection(extras.filters)] : []),
			...(extras.after ?? []),
		],
		async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
			const newestFirst = this.getNodeParameter('newestFirst', itemIndex, false) as boolean;
			const records = await walk(this, itemIndex, cache, record.path, undefined, newestFirst);
			return await finish(this, itemIndex, cache, records, record, extras, extras.simplifyUnlessSet);
		},
	};
}

/**
 * A paged list: Filters → query, Return All / Limit, oldest or newest first, one walk of the pages per distinct
 * request in this execution.
 */
async function walk(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	path: string,
	subject?: string,
	newestFirst = false,
): Promise<IDataObject[]> {
	const qs = readFilters(context, itemIndex);
	const limit = readLimit(context, itemIndex);
	const order = newestFirst ? ' newest first' : '';
	return await cache.read(`LIST ${path} ${JSON.stringify(qs)} ${limit ?? 'all'}${order}`, async () =>
		samCartPaginate.call(context, { path, qs, limit, newestFirst, itemIndex, subject }),
	);
}

/** A list SamCart answers with one bare array: Filters → query, one request per distinct list, then the Limit. */
async function readBareList(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	path: string,
	subject: string,
	limited: boolean,
): Promise<IDataObject[]> {
	const qs = readFilters(context, itemIndex);
	const records = await cache.read(`LIST ${path} ${JSON.stringify(qs)}`, async () =>
		samCartRequestList.call(context, { method: 'GET', path, qs, itemIndex, subject }),
	);
	const limit = limited ? readLimit(context, itemIndex) : undefined;
	return limit === undefined ? records : records.slice(0, limit);
}
