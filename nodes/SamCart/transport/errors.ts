import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** What the transport knows about a failed call, enough to tell the user what happened and how to fix it. */
export interface FailedCall {
	method: string;
	path: string;
	status?: number;
	body?: unknown;
	/** Network error code (ECONNRESET, ETIMEDOUT, …) when no HTTP answer came back. */
	networkCode?: string;
	/** e.g. "Order 123": used for "Order 123 was not found". */
	subject?: string;
	/** Why SamCart may answer 409 to this call, in plain words. */
	conflict?: string;
	/** How to fix that 409. */
	conflictHint?: string;
	attempts: number;
	itemIndex?: number;
	/** For a 3xx: the host (and port) its Location points to; '' when it has none. */
	redirectedTo?: string;
}

const isWrite = (method: string) => method.toUpperCase() !== 'GET';

/** SamCart's own words from an error body: `{message}` from the gateway, `{success:false,error}` from the API. */
export function samCartErrorText(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['error', 'message', 'errors']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		if (Array.isArray(value) && value.length) return value.map(String).join('; ');
		if (value && typeof value === 'object') return JSON.stringify(value);
	}
	return undefined;
}

function quote(text: string | undefined): string {
	return text ? ` SamCart said: "${text}".` : '';
}

const NOT_REPEATED =
	'It was not sent again automatically, because SamCart may already have carried it out (a second attempt could refund or charge twice). Check the record in SamCart before running this step again.';

/** Message (what happened) and description (how to fix it) for a failed call. */
export function describeFailure(call: FailedCall): { message: string; description: string } {
	const said = samCartErrorText(call.body);
	const thing = call.subject ?? `The record at ${call.path}`;
	if (call.networkCode) {
		const timedOut = /TIMEDOUT|ECONNABORTED|TIMEOUT/i.test(call.networkCode);
		const what = timedOut ? 'did not answer in time' : `could not be reached (${call.networkCode})`;
		return {
			message: `SamCart ${what}`,
			description: isWrite(call.method)
				? NOT_REPEATED
				: `Tried ${call.attempts} time(s). Check the Base URL in the SamCart credential and your network, then try again.`,
		};
	}
	if (call.redirectedTo !== undefined) {
		const where = call.redirectedTo ? `a redirect to ${call.redirectedTo}` : `a redirect (${call.status})`;
		const arrived = isWrite(call.method)
			? `The server at the Base URL received the request (${call.method} ${call.path}). ${NOT_REPEATED} `
			: '';
		return {
			message: `SamCart's address answered with ${where}; the API key and the request were not sent there`,
			description: `${arrived}Set the Base URL in the SamCart credential to the address that answers itself (https://api.samcart.com/v1 for SamCart), not one that redirects.`,
		};
	}
	switch (call.status) {
		case 400:
		case 422:
			return {
				message: `SamCart refused the request: ${said ?? 'the values sent are not valid'}`,
				description: 'Correct the parameter SamCart names and run the step again.',
			};
		case 401:
			return {
				message: 'SamCart rejected the API key',
				description: `The SamCart credential has a missing, mistyped or revoked API key.${quote(said)} Paste a current key (SamCart Settings > API Keys, or ask support@samcart.com) and use the credential's Test button.`,
			};
		case 403:
			return {
				message: 'This SamCart account has no API access',
				description: `SamCart accepted the key but refused the call: the plan does not include API access or the account is inactive.${quote(said)} Upgrade the plan or contact SamCart support.`,
			};
		case 404:
			return {
				message: `${thing} was not found`,
				description: `SamCart has no such record.${quote(said)} Check the ID, and that it belongs to this SamCart account (test-mode records included).`,
			};
		case 409:
			return {
				message: call.conflict ?? `SamCart refused the change because of the record's current state`,
				description: `Nothing was changed.${quote(said)} ${
					call.conflictHint ?? 'The record is probably already in the state you asked for.'
				}`.trim(),
			};
		case 429:
			return {
				message: `SamCart's rate limit was reached and did not clear after ${call.attempts} attempt(s)`,
				description:
					'SamCart allows 120 or 240 requests per minute per account, depending on the plan. Process fewer items at a time, add a Wait node, or run this step later.',
			};
		default:
			if (call.status !== undefined && call.status >= 500) {
				return {
					message: `SamCart had a server error (${call.status})`,
					description: isWrite(call.method)
						? NOT_REPEATED
						: `Tried ${call.attempts} time(s).${quote(said)} SamCart may be having an outage; try again in a few minutes.`,
				};
			}
			return {
				message: `SamCart answered ${call.status ?? 'unexpectedly'}${said ? `: ${said}` : ''}`,
				description: `The call was ${call.method} ${call.path}.`,
			};
	}
}

const canRedact = (secret: string | undefined): secret is string => Boolean(secret && secret.length >= 4);

/** Replaces every occurrence of the API key, so that no message, description or log can leak it. */
export function redact(text: string, secret: string | undefined): string {
	if (!canRedact(secret) || !text.includes(secret)) return text;
	return text.split(secret).join('[redacted]');
}

/**
 * `redact` on every string inside a parsed answer, property names included. Redacting its JSON text instead misses a
 * key with `"` or `\`, which JSON escapes. Copies only the objects on the way to a string that held the key.
 */
export function redactValue<T>(value: T, secret: string | undefined): T {
	if (!canRedact(secret)) return value;
	if (typeof value === 'string') return redact(value, secret) as T;
	if (value === null || typeof value !== 'object') return value;
	const record = value as Record<string, unknown>;
	let copy: Record<string, unknown> | undefined;
	for (const name of Object.keys(record)) {
		const clean = redactValue(record[name], secret);
		const cleanName = Array.isArray(value) ? name : redact(name, secret);
		if (clean === record[name] && cleanName === name) continue;
		copy ??= (Array.isArray(value) ? [...value] : { ...record }) as Record<string, unknown>;
		if (cleanName !== name) delete copy[name];
		copy[cleanName] = clean;
	}
	return (copy ?? value) as T;
}

export function toNodeApiError(node: INode, call: FailedCall, secret: string | undefined): NodeApiError {
	const { message, description } = describeFailure(call);
	const response: JsonObject = {
		method: call.method,
		path: call.path,
		...(call.status !== undefined ? { status: call.status } : {}),
		...(call.networkCode ? { code: call.networkCode } : {}),
		...(call.body !== undefined ? { body: redactValue(call.body, secret) as JsonObject } : {}),
	};
	const error = new NodeApiError(node, response, {
		message: redact(message, secret),
		description: redact(description, secret),
		httpCode: call.status !== undefined ? String(call.status) : undefined,
		itemIndex: call.itemIndex,
	});
	// NodeApiError may derive extra text from the response; keep the words we chose.
	error.message = redact(message, secret);
	error.description = redact(description, secret);
	return error;
}
