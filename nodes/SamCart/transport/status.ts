import type { IDataObject } from 'n8n-workflow';

/**
 * What the rest of the node may ask about SamCart's answers, so that no file outside the transport reads an HTTP
 * code or an answer's envelope.
 */

/** The HTTP status of a failed call (the transport's NodeApiError carries it as `httpCode`), if it had one. */
export function httpStatusOf(error: unknown): number | undefined {
	const code = (error as { httpCode?: unknown } | null | undefined)?.httpCode;
	if (typeof code !== 'string' && typeof code !== 'number') return undefined;
	const status = Number(code);
	return Number.isInteger(status) ? status : undefined;
}

/** SamCart answered 404: the record (or the record the path goes through) does not exist. */
export const isNotFound = (error: unknown): boolean => httpStatusOf(error) === 404;

/** SamCart answered 409: the record is not in a state that allows the change. */
export const isConflict = (error: unknown): boolean => httpStatusOf(error) === 409;

/**
 * The records of a list answer: SamCart's bulk lists wrap them as `{data: [...], pagination}`, its sub-resource lists
 * send a bare array. GET /refunds is documented with `data` as one object (samcart-api.md §3): both readings count.
 */
export function recordsOf(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const data = (body as { data?: unknown } | null | undefined)?.data;
	if (Array.isArray(data)) return data as IDataObject[];
	if (data && typeof data === 'object') return [data as IDataObject];
	return [];
}
