/**
 * HTTP helpers against a running n8n: owner bootstrap, login cookie, API key, public API (/api/v1) and the editor's
 * REST API (/rest). Same calls work on n8n 1.123.81 and 2.41.1 (see n8n-runtime.md §5).
 */
export interface HttpResult<T = unknown> {
	status: number;
	headers: Headers;
	body: T;
	text: string;
}

export interface OwnerCredentials {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerCredentials = {
	email: 'owner@example.com',
	password: 'Harness-Pass-123',
	firstName: 'Test',
	lastName: 'Owner',
};

export interface WorkflowInput {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	staticData?: unknown;
	[k: string]: unknown;
}

export interface Execution {
	id: string | number;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: {
		resultData: {
			runData: Record<string, Array<{ executionTime?: number; data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: unknown }>>;
			error?: { message?: string };
			lastNodeExecuted?: string;
		};
	};
	[k: string]: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fields the public API accepts on POST /api/v1/workflows (it rejects unknown properties such as id, active, tags). */
const WORKFLOW_FIELDS = ['name', 'nodes', 'connections', 'settings', 'staticData'];
/** Settings keys accepted by the public API schema in both lines; others (e.g. templateCredsSetupCompleted) are dropped. */
const SETTINGS_FIELDS = [
	'saveExecutionProgress',
	'saveManualExecutions',
	'saveDataErrorExecution',
	'saveDataSuccessExecution',
	'executionTimeout',
	'errorWorkflow',
	'timezone',
	'executionOrder',
	'callerPolicy',
	'callerIds',
];

export class N8nApi {
	cookie?: string;
	apiKey?: string;
	owner: OwnerCredentials = DEFAULT_OWNER;

	constructor(
		readonly baseUrl: string,
		readonly line: '1' | '2',
	) {}

	/** Raw request. `auth`: 'cookie' (editor REST), 'apiKey' (public API) or 'none'. Never throws on HTTP status. */
	async request<T = unknown>(
		method: string,
		path: string,
		opts: { body?: unknown; auth?: 'cookie' | 'apiKey' | 'none'; headers?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<HttpResult<T>> {
		const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
		if (opts.body !== undefined) headers['content-type'] = 'application/json';
		if (opts.auth === 'cookie' && this.cookie) headers.cookie = this.cookie;
		if (opts.auth === 'apiKey') {
			if (!this.apiKey) throw new Error('no API key yet: call bootstrap() first');
			headers['x-n8n-api-key'] = this.apiKey;
		}
		const res = await fetch(this.baseUrl + path, {
			method,
			headers,
			body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
			signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
		});
		const text = await res.text();
		let body: unknown = text;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: res.status, headers: res.headers, body: body as T, text };
	}

	private async ok<T>(method: string, path: string, auth: 'cookie' | 'apiKey' | 'none', body?: unknown): Promise<T> {
		const r = await this.request<T>(method, path, { body, auth });
		if (r.status < 200 || r.status >= 300) {
			throw new Error(`n8n ${this.line}.x ${method} ${path} -> HTTP ${r.status}: ${r.text.slice(0, 1000)}`);
		}
		return r.body;
	}

	/** Editor REST API (/rest/...) with the login cookie; returns `data` when the response is wrapped in it. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const b = await this.ok<{ data?: T } & T>(method, `/rest${path}`, 'cookie', body);
		return b && typeof b === 'object' && 'data' in b ? (b.data as T) : (b as T);
	}

	/** Public API (/api/v1/...) with the API key. */
	publicApi<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		return this.ok<T>(method, `/api/v1${path}`, 'apiKey', body);
	}

	// ---- bootstrap -------------------------------------------------------------------------------------------

	async setupOwner(owner: OwnerCredentials = DEFAULT_OWNER): Promise<void> {
		this.owner = owner;
		const r = await this.request('POST', '/rest/owner/setup', { body: owner, auth: 'none' });
		if (r.status !== 200) throw new Error(`owner setup failed: HTTP ${r.status} ${r.text.slice(0, 500)}`);
	}

	/** POST /rest/login sending both `emailOrLdapLoginId` (2.x, late 1.x) and `email` (older 1.x). Stores the cookie. */
	async login(owner: OwnerCredentials = this.owner): Promise<string> {
		const r = await this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
			auth: 'none',
		});
		if (r.status !== 200) throw new Error(`login failed: HTTP ${r.status} ${r.text.slice(0, 500)}`);
		const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]);
		const auth = cookies.find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new Error(`login returned no n8n-auth cookie (set-cookie: ${cookies.join(', ')})`);
		this.cookie = auth;
		return auth;
	}

	/** Creates an API key with every scope the instance offers (GET /rest/api-keys/scopes). */
	async createApiKey(label = 'local-n8n'): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', {
			label,
			expiresAt: null,
			scopes,
		});
		const key = created.rawApiKey ?? created.apiKey;
		if (!key) throw new Error(`POST /rest/api-keys returned no rawApiKey: ${JSON.stringify(created).slice(0, 300)}`);
		this.apiKey = key;
		return key;
	}

	/** Owner setup + login + API key. */
	async bootstrap(owner: OwnerCredentials = DEFAULT_OWNER): Promise<{ cookie: string; apiKey: string }> {
		await this.setupOwner(owner);
		const cookie = await this.login(owner);
		const apiKey = await this.createApiKey();
		return { cookie, apiKey };
	}

	// ---- credentials -----------------------------------------------------------------------------------------

	/** POST /api/v1/credentials. Returns the created credential ({id, name, type, ...}). */
	createCredential(cred: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string; type: string }> {
		return this.publicApi('POST', '/credentials', cred);
	}

	/** GET /api/v1/credentials/schema/{type}: the JSON schema n8n validates `data` against. */
	credentialSchema(type: string): Promise<Record<string, unknown>> {
		return this.publicApi('GET', `/credentials/schema/${encodeURIComponent(type)}`);
	}

	/**
	 * Tests a SAVED credential the way the editor's "Test" button does: POST /rest/credentials/test with
	 * `{ credentials: { id, name, type, data } }` (TestCredentialRequestDto, identical in 1.123.81 and 2.41.1: `id` is
	 * required, the credential must exist). `data` defaults to what the editor holds (GET /rest/credentials/:id
	 * ?includeData=true, secrets redacted); n8n unredacts against the stored secrets before testing, so passing new
	 * values tests those instead. Returns n8n's verdict `{status: 'OK' | 'Error', message}` (HTTP 200 either way).
	 */
	async testCredential(id: string, data?: Record<string, unknown>): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const stored = await this.rest<{ id: string; name: string; type: string; data?: Record<string, unknown> }>(
			'GET',
			`/credentials/${id}?includeData=true`,
		);
		return this.rest('POST', '/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: data ?? stored.data ?? {} },
		});
	}

	// ---- workflows -------------------------------------------------------------------------------------------

	/** Keeps only what POST /api/v1/workflows accepts (templates exported from the editor carry id, tags, meta...). */
	static sanitizeWorkflow(wf: WorkflowInput): WorkflowInput {
		const out: Record<string, unknown> = {};
		for (const k of WORKFLOW_FIELDS) if (wf[k] !== undefined && wf[k] !== null) out[k] = wf[k];
		const settings: Record<string, unknown> = {};
		for (const k of SETTINGS_FIELDS) if (wf.settings && wf.settings[k] !== undefined) settings[k] = wf.settings[k];
		out.settings = settings;
		return out as WorkflowInput;
	}

	createWorkflow(wf: WorkflowInput): Promise<{ id: string; name: string; active: boolean; versionId?: string }> {
		return this.publicApi('POST', '/workflows', N8nApi.sanitizeWorkflow(wf));
	}

	/** Replaces name, nodes, connections and settings (public API PUT; on 2.x the draft: publish it again to run it). */
	updateWorkflow(id: string, wf: WorkflowInput): Promise<{ id: string; active: boolean; versionId?: string }> {
		return this.publicApi('PUT', `/workflows/${id}`, N8nApi.sanitizeWorkflow(wf));
	}

	getWorkflow(id: string): Promise<WorkflowInput & { id: string; active: boolean; versionId?: string }> {
		return this.publicApi('GET', `/workflows/${id}`);
	}

	activateWorkflow(id: string): Promise<unknown> {
		return this.publicApi('POST', `/workflows/${id}/activate`);
	}

	deactivateWorkflow(id: string): Promise<unknown> {
		return this.publicApi('POST', `/workflows/${id}/deactivate`);
	}

	deleteWorkflow(id: string): Promise<unknown> {
		return this.publicApi('DELETE', `/workflows/${id}`);
	}

	/** Imports a template (editor export JSON) through the public API. Returns the new workflow id. */
	async importTemplate(wf: WorkflowInput, opts: { activate?: boolean } = {}): Promise<string> {
		const created = await this.createWorkflow(wf);
		if (opts.activate) await this.activateWorkflow(created.id);
		return created.id;
	}

	// ---- executions ------------------------------------------------------------------------------------------

	async listExecutions(workflowId: string, opts: { includeData?: boolean; status?: string; limit?: number } = {}): Promise<Execution[]> {
		const q = new URLSearchParams({ workflowId, includeData: String(opts.includeData ?? true), limit: String(opts.limit ?? 100) });
		if (opts.status) q.set('status', opts.status);
		const r = await this.publicApi<{ data: Execution[] }>('GET', `/executions?${q}`);
		return r.data;
	}

	/** Polls until `count` finished executions (any status except running/new/waiting) exist for the workflow. */
	async waitForExecutions(workflowId: string, count = 1, timeoutMs = 30_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		let last: Execution[] = [];
		for (;;) {
			last = await this.listExecutions(workflowId, { includeData: true });
			const done = last.filter((e) => !['running', 'new', 'waiting', 'queued'].includes(e.status));
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw new Error(
					`timed out after ${timeoutMs} ms waiting for ${count} finished execution(s) of workflow ${workflowId}; have ${JSON.stringify(
						last.map((e) => ({ id: e.id, status: e.status })),
					)}`,
				);
			}
			await sleep(250);
		}
	}

	// ---- webhooks --------------------------------------------------------------------------------------------

	/**
	 * Is a production webhook live? Sends a CORS preflight (OPTIONS + Origin + Access-Control-Request-Method): n8n
	 * answers it 2xx only for a registered webhook, otherwise 404 or 500 "... is not registered" (both lines; a bare
	 * OPTIONS always answers 204 in 2.x). Does not run the workflow.
	 * Caveat (2.41.1): this goes through n8n's webhook cache, which can keep a deactivated webhook for its TTL (1 h)
	 * when a lookup races the deactivation; use webhookRegistered() to learn that it is gone.
	 */
	async webhookLive(path: string, method = 'POST'): Promise<boolean> {
		const r = await this.preflight(path, method);
		if (r.status >= 200 && r.status < 300) return true;
		if (r.status === 404 || (r.status >= 500 && /is not registered/.test(r.text))) return false;
		throw new Error(`unexpected preflight answer for webhook ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
	}

	/**
	 * Is the webhook path registered in n8n's database, for any method? Cache-free: a preflight asking for a method
	 * the webhook does not use makes n8n look the path's methods up in the DB, and answer either "This webhook is not
	 * registered for PATCH requests. Did you mean to make a POST request?" (registered) or "The requested webhook
	 * "PATCH x" is not registered." (gone). Does not run the workflow.
	 */
	async webhookRegistered(path: string, method = 'POST'): Promise<boolean> {
		const other = ['PATCH', 'PUT', 'DELETE', 'GET', 'POST'].find((m) => m !== method.toUpperCase())!;
		const r = await this.preflight(path, other);
		if (r.status >= 200 && r.status < 300) return true; // the path does serve `other`
		if (/Did you mean to make a/.test(r.text)) return true;
		if (r.status === 404 || (r.status >= 500 && /is not registered/.test(r.text))) return false;
		throw new Error(`unexpected preflight answer for webhook ${path} (${other}): HTTP ${r.status} ${r.text.slice(0, 300)}`);
	}

	private preflight(path: string, method: string): Promise<HttpResult> {
		return this.request('OPTIONS', `/webhook/${path.replace(/^\//, '')}`, {
			auth: 'none',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
			timeoutMs: 5_000,
		});
	}

	/**
	 * Polls until the production webhook is live (2.x activates asynchronously, ~0.1–1 s after the API call), or with
	 * `gone: true` until it is no longer registered (deactivation is asynchronous in 2.x too).
	 */
	async waitForWebhook(path: string, opts: { method?: string; timeoutMs?: number; gone?: boolean } = {}): Promise<void> {
		const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
		const method = opts.method ?? 'POST';
		for (;;) {
			// live: the preflight for the method answers 2xx AND the DB has the path (a stale cache alone is not enough)
			const done = opts.gone
				? !(await this.webhookRegistered(path, method))
				: (await this.webhookLive(path, method)) && (await this.webhookRegistered(path, method));
			if (done) return;
			if (Date.now() > deadline) {
				throw new Error(`timed out after ${opts.timeoutMs ?? 20_000} ms waiting for webhook /webhook/${path} to become ${opts.gone ? 'unregistered' : 'live'}`);
			}
			await sleep(200);
		}
	}

	/** Calls a production webhook. */
	callWebhook<T = unknown>(path: string, body?: unknown, opts: { method?: string; headers?: Record<string, string>; test?: boolean } = {}): Promise<HttpResult<T>> {
		return this.request<T>(opts.method ?? 'POST', `/${opts.test ? 'webhook-test' : 'webhook'}/${path.replace(/^\//, '')}`, {
			body,
			auth: 'none',
			headers: opts.headers,
		});
	}

	/** Node types the instance has loaded (GET /types/nodes.json, needs the cookie in 2.x). */
	async nodeTypes(): Promise<Array<{ name: string; version: number | number[] }>> {
		const r = await this.request<Array<{ name: string; version: number | number[] }>>('GET', '/types/nodes.json', { auth: 'cookie' });
		if (r.status !== 200) throw new Error(`GET /types/nodes.json -> HTTP ${r.status}`);
		return r.body;
	}
}
