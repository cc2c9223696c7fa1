/**
 * A stand-in for the `this` n8n gives a node, with a REAL HTTP helper: requests leave the process (nock or a
 * local simulator answers them). It follows n8n-core's httpRequestWithAuthentication for the options the
 * transport uses: the credential's `authenticate` headers, url + qs, JSON body, returnFullResponse,
 * ignoreHttpStatusErrors and timeout; network failures are thrown wrapped, with the code inside, as n8n does.
 */
import { Readable } from 'node:stream';

import type { IAdditionalCredentialOptions, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { SamCartApi } from '../../../credentials/SamCartApi.credentials';

export interface FakeContextOptions {
	apiKey?: string;
	baseUrl?: string;
	parameters?: Record<string, unknown>;
	continueOnFail?: boolean;
	/** The most n8n's HTTP helper waits for an answer, whatever the request asks: a hung server then times out fast. */
	timeoutMs?: number;
	/** Called with every request the helper sends, headers included. */
	onRequest?: (request: {
		method: string;
		url: string;
		headers: Record<string, string>;
		body?: unknown;
	}) => void;
}

export const TEST_API_KEY = 'sk_test_Zx81SecretKeyValue';

/** The headers the credential's own `authenticate` adds, as n8n applies it. */
async function credentialHeaders(apiKey: string, options: IHttpRequestOptions): Promise<Record<string, string>> {
	const authenticate = new SamCartApi().authenticate as (
		credentials: IDataObject,
		requestOptions: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const authenticated = await authenticate({ apiKey }, { ...options, headers: {} });
	return authenticated.headers as Record<string, string>;
}

function toUrl(options: IHttpRequestOptions): string {
	const url = new URL(options.url, options.baseURL);
	for (const [key, value] of Object.entries((options.qs ?? {}) as IDataObject)) {
		if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
	}
	return url.toString();
}

async function httpRequest(
	apiKey: string,
	options: IHttpRequestOptions,
	onRequest?: FakeContextOptions['onRequest'],
	timeoutMs = Number.POSITIVE_INFINITY,
) {
	const headers: Record<string, string> = {
		...(await credentialHeaders(apiKey, options)),
		...(options.headers as Record<string, string>),
	};
	let body: string | undefined;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const url = toUrl(options);
	onRequest?.({ method: options.method ?? 'GET', url, headers, body: options.body });
	let response: Response;
	try {
		response = await fetch(url, {
			method: options.method ?? 'GET',
			headers,
			body,
			signal: AbortSignal.timeout(Math.min(options.timeout ?? 300_000, timeoutMs)),
		});
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause;
		const code =
			(error as Error).name === 'TimeoutError'
				? 'ECONNABORTED'
				: cause?.code && !cause.code.startsWith('UND_ERR')
					? cause.code
					: 'ECONNRESET';
		throw Object.assign(new Error(`The connection to the server was closed unexpectedly (${code})`), {
			cause: Object.assign(new Error((error as Error).message), { code }),
		});
	}
	const text = await response.text();
	let parsed: unknown = text;
	if (options.json && text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
	}
	const responseHeaders = Object.fromEntries(response.headers.entries());
	if (!options.ignoreHttpStatusErrors && (response.status < 200 || response.status >= 300)) {
		throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
			cause: { response: { status: response.status, data: parsed, headers: responseHeaders } },
		});
	}
	return options.returnFullResponse
		? {
				statusCode: response.status,
				headers: responseHeaders,
				body: parsed,
				statusMessage: response.statusText,
			}
		: parsed;
}

export const TEST_NODE: INode = {
	id: 'f5c0a3c4-0000-4000-8000-000000000001',
	name: 'SamCart',
	type: 'n8n-nodes-samcart.samCart',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function createFakeContext(options: FakeContextOptions = {}) {
	const apiKey = options.apiKey ?? TEST_API_KEY;
	const baseUrl = options.baseUrl ?? 'https://api.samcart.com/v1';
	return {
		getNode: () => TEST_NODE,
		getCredentials: async (type: string) => {
			if (type !== 'samCartApi') throw new Error(`No credential of type ${type}`);
			return { apiKey, baseUrl };
		},
		getNodeParameter: (name: string, _itemIndex?: number, fallback?: unknown) =>
			name in (options.parameters ?? {}) ? options.parameters![name] : fallback,
		continueOnFail: () => options.continueOnFail ?? false,
		getTimezone: () => 'UTC',
		helpers: {
			// As n8n-core: the credential handed in, else a fresh getCredentials on the calling context.
			async httpRequestWithAuthentication(
				this: { getCredentials(type: string): Promise<IDataObject> },
				type: string,
				request: IHttpRequestOptions,
				additional?: IAdditionalCredentialOptions,
			) {
				if (type !== 'samCartApi') throw new Error(`No credential of type ${type}`);
				const credentials = additional?.credentialsDecrypted?.data ?? (await this.getCredentials(type));
				return await httpRequest(String(credentials.apiKey), request, options.onRequest, options.timeoutMs);
			},
		},
	};
}

export interface FakeExecuteOptions extends FakeContextOptions {
	/** Input items; one empty item by default. */
	items?: Array<{ json: Record<string, unknown> }>;
	/** Parameters per item, for runs whose items differ. Wins over `parameters`. */
	parametersFor?: (itemIndex: number) => Record<string, unknown>;
	timezone?: string;
}

function resourceLocatorValue(value: unknown): unknown {
	if (!value || typeof value !== 'object' || !('mode' in value)) return value;
	const { mode, value: raw } = value as { mode: string; value: unknown };
	// n8n applies the mode's extractValue regex; every SamCart URL ends with the record's number.
	if (mode === 'url') return /\/(\d+)\/?(?:[?#].*)?$/.exec(String(raw))?.[1] ?? raw;
	return raw;
}

/** A fake IExecuteFunctions: parameters per item, n8n's item helpers, and the real HTTP helper above. */
export function createFakeExecuteContext(options: FakeExecuteOptions = {}) {
	const base = createFakeContext(options);
	const items = options.items ?? [{ json: {} }];
	const parametersOf = (itemIndex: number) => options.parametersFor?.(itemIndex) ?? options.parameters ?? {};
	return {
		...base,
		getInputData: () => items,
		getTimezone: () => options.timezone ?? 'UTC',
		getNodeParameter: (
			name: string,
			itemIndex = 0,
			fallback?: unknown,
			extra?: { extractValue?: boolean },
		) => {
			const parameters = parametersOf(itemIndex);
			if (!(name in parameters)) {
				if (fallback !== undefined) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			const value = parameters[name];
			return extra?.extractValue ? resourceLocatorValue(value) : value;
		},
		helpers: {
			...base.helpers,
			returnJsonArray: (data: unknown) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json: json as Record<string, unknown> })),
			constructExecutionMetaData: (
				data: Array<{ json: Record<string, unknown> }>,
				meta: { itemData: { item: number } },
			) => data.map((entry) => ({ ...entry, pairedItem: meta.itemData })),
		},
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook and hook functions (trigger nodes), built on the same credential and HTTP helper as above.

export const TEST_TRIGGER_NODE: INode = {
	id: 'f5c0a3c4-0000-4000-8000-000000000002',
	name: 'SamCart Trigger',
	type: 'n8n-nodes-samcart.samCartTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	webhookId: '0d7e3f3e-1b7e-4b8e-9d7c-5a2f4e1c9b01',
};

export const TEST_WEBHOOK_URL = `https://n8n.example.com/webhook/${TEST_TRIGGER_NODE.webhookId}/webhook`;

export interface FakeWebhookOptions extends FakeContextOptions {
	/** `req.rawBody`; leave undefined to simulate an n8n that kept no raw bytes. */
	rawBody?: Buffer | string;
	/** What `getBodyData()` returns. */
	body?: unknown;
	/** Bytes n8n left unread in the request stream (trigger 1.1 and a content type n8n does not parse). */
	unreadBody?: Buffer | string;
	headers?: Record<string, string>;
	query?: Record<string, unknown>;
	/** The workflow's static data ('node'); pass the same object to several calls to keep state between them. */
	staticData?: IDataObject;
	webhookUrl?: string;
	/** false: the trigger has no SamCart credential selected. Default true. */
	withCredential?: boolean;
	mode?: 'manual' | 'trigger' | 'webhook';
	/** Default: one workflow per static-data object, as in n8n (calls sharing static data share the workflow). */
	workflowId?: string;
}

const workflowIds = new WeakMap<IDataObject, string>();
let workflowCount = 0;
function workflowIdFor(staticData: IDataObject): string {
	let id = workflowIds.get(staticData);
	if (!id) workflowIds.set(staticData, (id = `wf-${++workflowCount}`));
	return id;
}

/** What the node wrote to the HTTP response. */
export interface RecordedResponse {
	status?: number;
	body?: unknown;
	ended: boolean;
	headers: Record<string, string>;
}

function triggerNode(withCredential: boolean): INode {
	return withCredential
		? { ...TEST_TRIGGER_NODE, credentials: { samCartApi: { id: '1', name: 'SamCart account' } } }
		: { ...TEST_TRIGGER_NODE };
}

/** A fake IHookFunctions for checkExists / create / delete: parameters, static data and the webhook URL only. */
export function createFakeHookContext(options: FakeWebhookOptions = {}) {
	const base = createFakeContext(options);
	const staticData = options.staticData ?? {};
	const withCredential = options.withCredential ?? true;
	return {
		...base,
		getNode: () => triggerNode(withCredential),
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in (options.parameters ?? {}) ? options.parameters![name] : fallback,
		getWorkflowStaticData: (_type: string) => staticData,
		getWorkflow: () => ({ id: options.workflowId ?? workflowIdFor(staticData), name: 'Test workflow', active: true }),
		getNodeWebhookUrl: (_name: string) => options.webhookUrl ?? TEST_WEBHOOK_URL,
		getMode: () => options.mode ?? 'trigger',
		getCredentials: async (type: string) => {
			if (!withCredential)
				throw new Error(`Node "SamCart Trigger" does not have any credentials of type "${type}" set`);
			return await base.getCredentials(type);
		},
	};
}

/** A fake IWebhookFunctions: request (rawBody, headers, query), a recording response, and the hook context above. */
export function createFakeWebhookContext(options: FakeWebhookOptions = {}) {
	const hook = createFakeHookContext(options);
	const headers = Object.fromEntries(
		Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
	);
	const query = options.query ?? {};
	const response: RecordedResponse = { ended: false, headers: {} };
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			response.headers['content-type'] = 'application/json';
			response.ended = true;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			response.ended = true;
			return res;
		},
		end() {
			response.ended = true;
			return res;
		},
	};
	const fields = { rawBody: options.rawBody, headers, query, body: options.body ?? {}, method: 'POST' };
	const req =
		options.unreadBody === undefined
			? fields
			: Object.assign(Readable.from([Buffer.from(options.unreadBody)]), fields);
	const context = {
		...hook,
		getMode: () => options.mode ?? 'webhook',
		getRequestObject: () => req,
		getResponseObject: () => res,
		getBodyData: () => (options.body ?? {}) as IDataObject,
		getHeaderData: () => headers,
		getQueryData: () => query,
		getWebhookName: () => 'default',
		helpers: {
			...hook.helpers,
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return { context, response };
}

/** A fake ILoadOptionsFunctions (what a resource locator's list search gets), with the real HTTP helper above. */
export function createFakeLoadOptionsContext(options: FakeContextOptions = {}) {
	const base = createFakeContext(options);
	return {
		...base,
		getCurrentNodeParameter: (name: string) => options.parameters?.[name],
		getCurrentNodeParameters: () => options.parameters ?? {},
	};
}
