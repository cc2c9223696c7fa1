import type { IncomingMessage } from 'node:http';

/** An error that becomes an HTTP response with a SamCart-shaped body. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${status}`);
	}
}

export const NOT_FOUND_MESSAGE = 'Object could not be found';

/** §5: the 404 body is undocumented; we pick `{"message":"Object could not be found"}` (the SPEC22 wording). */
export const notFound = () => new ApiError(404, { message: NOT_FOUND_MESSAGE });
/** §5: the API's validation failure body. */
export const validation = (error: string) => new ApiError(400, { success: false, error, data: null });
export const conflict = (message: string) => new ApiError(409, { message });

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export interface RequestContext {
	method: string;
	/** Path below /v1, e.g. `/orders/500001`. */
	path: string;
	query: URLSearchParams;
	params: Record<string, string>;
	body: unknown;
	/** `http://host:port` as the client addressed us (pagination URLs reuse it). */
	origin: string;
	req: IncomingMessage;
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Path ids are integers (§3). Our reading: a non-integer or non-positive id → 404 (no such object). */
export function intParam(ctx: RequestContext, name: string): number {
	const raw = ctx.params[name];
	if (!/^\d+$/.test(raw ?? '') || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw notFound();
	return Number(raw);
}

export function jsonBody(ctx: RequestContext): Record<string, unknown> {
	const body = ctx.body;
	if (body === undefined || body === null || body === '') return {};
	if (typeof body !== 'object' || Array.isArray(body)) throw validation('The request body must be a JSON object');
	return body as Record<string, unknown>;
}
