import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	BASE_URL_HINT,
	baseUrlProblem,
	effectiveBaseUrl,
	normalizeApiKey,
} from '../../../credentials/SamCartApi.credentials';
import { redact, redactValue, toNodeApiError } from './errors';
import type { FailedCall } from './errors';
import { recordsOf } from './status';

export type SamCartContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface SamCartRequest {
	method: 'GET' | 'POST' | 'PUT';
	/** Path below the base URL, e.g. `/orders/123`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** Names the record for a 404, e.g. "Order 123". */
	subject?: string;
	/** Explains a 409 for this call, e.g. "Charge 5 is already fully refunded". */
	conflict?: string;
	/** How to fix that 409, e.g. "Turn on Treat 'Already Refunded' as Success…". */
	conflictHint?: string;
	timeoutMs?: number;
	/** Most time to spend waiting between attempts (a webhook must be answered fast); default: no budget. */
	waitBudgetMs?: number;
	/** This call's exceptions to RETRY_POLICY. */
	retry?: Partial<RetryPolicy>;
}

export interface SamCartResponse<T> {
	body: T;
	headers: Record<string, string | string[] | undefined>;
	status: number;
}

export interface RetryPolicy {
	/** 429: SamCart refused the call before doing anything, so even writes may be sent again. */
	rateLimitAttempts: number;
	/** Longest wait we accept from Retry-After / RateLimit-Reset before giving up (SamCart's window is 60 s). */
	maxRateLimitWaitMs: number;
	/** 5xx, network errors and unreadable bodies: GET only. */
	transientAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	timeoutMs: number;
}

/**
 * Retry policy: bounded, and never a second attempt at a write that may have reached SamCart. Frozen: a call that
 * needs other numbers (a test, a webhook that must answer fast) says so in its request's `retry`.
 */
export const RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
	rateLimitAttempts: 6,
	maxRateLimitWaitMs: 65_000,
	transientAttempts: 4,
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
	timeoutMs: 60_000,
});

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

function header(headers: SamCartResponse<unknown>['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** How long SamCart asked us to wait, from Retry-After (seconds or HTTP date) or RateLimit-Reset. */
export function rateLimitWaitMs(
	headers: SamCartResponse<unknown>['headers'],
	now = Date.now(),
): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = Number(header(headers, 'ratelimit-reset'));
	if (header(headers, 'ratelimit-reset') !== undefined && Number.isFinite(reset)) {
		// A delta in seconds per the RateLimit header draft; a Unix time if it is that large.
		return Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
	}
	return undefined;
}

export function backoffMs(attempt: number, policy: RetryPolicy = RETRY_POLICY): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** The network error code inside whatever n8n's HTTP helper threw (it wraps axios errors). */
function networkCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause ?? (current as { error?: unknown }).error;
	}
	const text = String((error as Error)?.message ?? '');
	const fromText =
		/\b(E(?:CONNRESET|CONNREFUSED|TIMEDOUT|CONNABORTED|PIPE|NOTFOUND|AI_AGAIN|HOSTUNREACH))\b/.exec(text);
	if (fromText) return fromText[1];
	if (/timeout|timed out|socket hang up|aborted/i.test(text)) return 'ETIMEDOUT';
	return undefined;
}

/** An HTTP status inside an error, for helpers that throw on non-2xx despite ignoreHttpStatusErrors. */
function statusOf(
	error: unknown,
): { status: number; body?: unknown; headers?: SamCartResponse<unknown>['headers'] } | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const response = (current as { response?: { status?: number; data?: unknown; headers?: never } })
			.response;
		if (response && typeof response.status === 'number') {
			return { status: response.status, body: response.data, headers: response.headers };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The answer's body, parsed, or its text if it is not JSON; either way without the API key, before any cut. */
function readBody(body: unknown, apiKey: string): { ok: true; value: unknown } | { ok: false; text: string } {
	if (typeof body !== 'string') return { ok: true, value: redactValue(body, apiKey) };
	if (body.trim() === '') return { ok: true, value: {} };
	try {
		return { ok: true, value: redactValue(JSON.parse(body), apiKey) };
	} catch {
		return { ok: false, text: redact(body, apiKey) };
	}
}

/** Host (and port) a redirect points to: never its path or query, which may carry tokens. */
function redirectHost(headers: SamCartResponse<unknown>['headers'], url: string): string {
	const location = header(headers, 'location');
	if (!location) return '';
	try {
		return new URL(location, url).host;
	} catch {
		return 'an address that is not valid';
	}
}

interface KnownCredential {
	baseUrl: string;
	/** Trimmed, as the credential's `authenticate` sends it, so that redaction finds what went on the wire. */
	apiKey: string;
	/** Handed to httpRequestWithAuthentication, which would otherwise load and decrypt the credential per request. */
	decrypted: ICredentialsDecrypted;
}

/** The signal n8n fires when the user stops the execution; only a node run has one. */
function cancelSignalOf(context: SamCartContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** Sleeps `ms`, or less if the execution is stopped meanwhile (a 429 wait can last a minute). */
async function sleepUnlessCancelled(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	let onAbort = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** Per n8n context (one node run, one webhook call): n8n decrypts the credential anew on every getCredentials. */
const credentialsByContext = new WeakMap<object, Promise<KnownCredential>>();

export async function samCartCredential(this: SamCartContext): Promise<KnownCredential> {
	let known = credentialsByContext.get(this);
	if (!known) {
		const chosen = this.getNode().credentials?.samCartApi;
		known = this.getCredentials('samCartApi').then((credentials) => ({
			baseUrl: effectiveBaseUrl(credentials.baseUrl),
			apiKey: normalizeApiKey(credentials.apiKey),
			decrypted: { id: chosen?.id ?? '', name: chosen?.name ?? '', type: 'samCartApi', data: credentials },
		}));
		credentialsByContext.set(this, known);
	}
	return await known;
}

/**
 * The one function that calls SamCart. Returns the full response (status, headers, parsed body) or throws a
 * NodeApiError that says what happened and how to fix it, without the API key.
 */
export async function samCartRequestFull<T = IDataObject>(
	this: SamCartContext,
	request: SamCartRequest,
): Promise<SamCartResponse<T>> {
	const { baseUrl, apiKey, decrypted } = await samCartCredential.call(this);
	const problem = baseUrlProblem(baseUrl);
	if (problem) {
		throw new NodeOperationError(this.getNode(), problem, {
			description: BASE_URL_HINT,
			itemIndex: request.itemIndex,
		});
	}
	const write = request.method !== 'GET';
	const policy: RetryPolicy = { ...RETRY_POLICY, ...request.retry };
	const options: IHttpRequestOptions = {
		method: request.method as IHttpRequestMethods,
		url: `${baseUrl}${request.path}`,
		qs: request.qs,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would take the key, and a write, to wherever it points; a 3xx is reported below instead.
		disableFollowRedirect: true,
		timeout: request.timeoutMs ?? policy.timeoutMs,
	};
	if (request.body !== undefined) options.body = request.body;

	let rateLimited = 0;
	let transient = 0;
	let waited = 0;
	const budget = request.waitBudgetMs ?? Number.POSITIVE_INFINITY;
	const cancelled = cancelSignalOf(this);
	/** Waits before another attempt, unless that would overrun the caller's budget; stops if the user stops. */
	const pause = async (ms: number): Promise<boolean> => {
		if (waited + ms > budget) return false;
		waited += ms;
		await sleepUnlessCancelled(ms, cancelled);
		if (cancelled?.aborted) {
			throw new NodeOperationError(
				this.getNode(),
				`The execution was stopped while waiting to call SamCart again (${request.method} ${request.path}); nothing more was sent`,
				{ itemIndex: request.itemIndex },
			);
		}
		return true;
	};
	/** After a transient failure: waits and says to try again, for a read only (a write may have reached SamCart). */
	const retryRead = async (): Promise<boolean> => {
		if (write || transient + 1 >= policy.transientAttempts) return false;
		if (!(await pause(backoffMs(transient + 1, policy)))) return false;
		transient++;
		return true;
	};
	const fail = (details: Partial<FailedCall>) =>
		toNodeApiError(
			this.getNode(),
			{
				method: request.method,
				path: request.path,
				subject: request.subject,
				conflict: request.conflict,
				conflictHint: request.conflictHint,
				itemIndex: request.itemIndex,
				attempts: rateLimited + transient + 1,
				...details,
			},
			apiKey,
		);

	for (;;) {
		let status: number;
		let headers: SamCartResponse<unknown>['headers'] = {};
		let rawBody: unknown;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'samCartApi', options, {
				credentialsDecrypted: decrypted,
			})) as {
				statusCode: number;
				headers: SamCartResponse<unknown>['headers'];
				body: unknown;
			};
			status = response.statusCode;
			headers = response.headers ?? {};
			rawBody = response.body;
		} catch (error) {
			const answered = statusOf(error);
			if (!answered) {
				const networkCode = networkCodeOf(error) ?? 'ECONNRESET';
				// The request may have reached SamCart: only a read is safe to send again.
				if (await retryRead()) continue;
				throw fail({ networkCode });
			}
			({ status, body: rawBody } = answered);
			headers = answered.headers ?? {};
		}

		const parsed = readBody(rawBody, apiKey);
		if (status >= 200 && status < 300) {
			if (parsed.ok) return { body: parsed.value as T, headers, status };
			if (await retryRead()) continue;
			if (write) {
				// The change went through; an unreadable confirmation must not make the user repeat it.
				return {
					body: { confirmed: true, status, raw: parsed.text.slice(0, 2000) } as T,
					headers,
					status,
				};
			}
			throw fail({ status, body: 'SamCart answered with a body that is not JSON' });
		}
		// Never retried: a write has reached the first server, and a read would meet the same redirect.
		if (status >= 300 && status < 400)
			throw fail({ status, redirectedTo: redirectHost(headers, options.url) });

		const body = parsed.ok ? parsed.value : parsed.text.slice(0, 300);
		if (status === 429) {
			const asked = rateLimitWaitMs(headers);
			const wait = asked ?? backoffMs(rateLimited + 2, policy);
			if (
				rateLimited + 1 < policy.rateLimitAttempts &&
				wait <= policy.maxRateLimitWaitMs &&
				(await pause(wait))
			) {
				rateLimited++;
				continue;
			}
			throw fail({ status, body });
		}
		if (TRANSIENT_STATUSES.has(status) && (await retryRead())) continue;
		throw fail({ status, body });
	}
}

/** A call whose answer is one object (a record, or a list page with `data` and `pagination`). */
export async function samCartRequest(this: SamCartContext, request: SamCartRequest): Promise<IDataObject> {
	const response = await samCartRequestFull.call(this, request);
	return response.body as IDataObject;
}

/** A call whose answer is a bare array (SamCart's sub-resource lists); a `{data: [...]}` answer is accepted too. */
export async function samCartRequestList(
	this: SamCartContext,
	request: SamCartRequest,
): Promise<IDataObject[]> {
	return recordsOf((await samCartRequestFull.call(this, request)).body);
}
