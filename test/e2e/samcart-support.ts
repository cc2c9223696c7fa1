/**
 * Helpers of the SamCart end-to-end tests (real n8n servers, see dev/local-n8n): workflow builders for our nodes,
 * paging through the public executions API, and a tiny HTTP server that counts what workflows post to it.
 * Only test code: nothing here ships.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Execution, N8nApi, WorkflowInput } from '../../dev/local-n8n/api';
import { stopAll, type N8nServer } from '../../dev/local-n8n/server';

export const SAMCART = 'n8n-nodes-samcart.samCart';
export const SAMCART_TRIGGER = 'n8n-nodes-samcart.samCartTrigger';

/** The eight events SamCart's own Zapier app offers (README "Events", core). */
export const CORE_EVENTS = [
	'newOrder',
	'newRefund',
	'subscriptionCanceled',
	'subscriptionCharged',
	'newLead',
	'prospectCreated',
	'subscriptionCancelScheduled',
	'subscriptionCancelScheduleStopped',
] as const;

export interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[k: string]: unknown;
}

/** A fixed, valid UUID from a label: fixtures get predictable ids and production webhook URLs. */
export function uuidFor(label: string): string {
	const hex = Buffer.from(label).toString('hex').padEnd(32, '0').slice(0, 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

let counter = 0;
export function node(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<WfNode> = {}): WfNode {
	counter++;
	return { id: uuidFor(`node-${counter}-${name}`), name, type, typeVersion, position: [counter * 220, 0], parameters, ...extra };
}

/** a → b → c */
export function chain(...names: string[]): Record<string, unknown> {
	const c: Record<string, unknown> = {};
	for (let i = 0; i < names.length - 1; i++) c[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return c;
}

export function workflow(name: string, nodes: WfNode[], connections = chain(...nodes.map((n) => n.name))): WorkflowInput {
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** n8n Webhook (v2, valid in 1.123.81 and 2.41.1) that answers with the last node's output. */
export function webhookNode(path: string, responseData: 'allEntries' | 'firstEntryJson' = 'firstEntryJson'): WfNode {
	return node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: {} }, { webhookId: uuidFor(`wh-${path}`) });
}

/** Resource locator "By ID" as the editor saves it (value may be an expression). */
export const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

export function samCartNode(name: string, parameters: Record<string, unknown>, credential: { id: string; name: string }): WfNode {
	return node(name, SAMCART, 1, parameters, { credentials: { samCartApi: credential } });
}

/** A SamCart Trigger at the version the editor creates (1.1) unless told otherwise. */
export function samCartTriggerNode(label: string, events: readonly string[], options: Record<string, unknown>, typeVersion = 1.1): WfNode {
	return node('SamCart Trigger', SAMCART_TRIGGER, typeVersion, { events: [...events], options }, { webhookId: uuidFor(`trigger-${label}`) });
}

/** Production path of a SamCart Trigger node (n8n: `<webhookId>/<path of the webhook description>`). */
export const triggerPath = (trigger: WfNode) => `${trigger.webhookId}/webhook`;

// ---- executions -----------------------------------------------------------------------------------------------

/** Page statistics of the last allExecutions() call (diagnostics for the cursor problem described below). */
export const lastPaging: { pages: Array<{ size: number; firstId?: string; lastId?: string; nextCursor: boolean }> } = { pages: [] };

/**
 * Every execution of a workflow through the public API. n8n's `nextCursor` is followed, but it is not trusted to
 * mean "no more": on 2.41.1 with PostgreSQL (queue mode) it came back null after 471 of 500 executions that were all
 * in the database. So paging goes on from the last id (the cursor is base64 JSON `{lastId, limit}`, the format
 * n8n itself issues) until a page comes back empty, and duplicates are dropped by id.
 */
export async function allExecutions(api: N8nApi, workflowId: string, includeData = true): Promise<Execution[]> {
	const byId = new Map<string, Execution>();
	lastPaging.pages = [];
	let cursor: string | undefined;
	for (;;) {
		const q = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '250' });
		if (cursor) q.set('cursor', cursor);
		const page = await api.publicApi<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${q}`);
		lastPaging.pages.push({ size: page.data.length, firstId: page.data[0]?.id?.toString(), lastId: page.data.at(-1)?.id?.toString(), nextCursor: !!page.nextCursor });
		for (const e of page.data) byId.set(String(e.id), e);
		if (page.data.length === 0) break;
		const lastId = String(page.data.at(-1)!.id);
		cursor = page.nextCursor ?? Buffer.from(JSON.stringify({ lastId, limit: 250 })).toString('base64');
	}
	return [...byId.values()];
}

const UNFINISHED = ['running', 'new', 'waiting', 'queued'];

/**
 * n8n 2.41.1 in queue mode: the executions LIST (public API) can leave out executions that are finished and saved
 * (seen: 483 of 500 listed, all 500 `success` in PostgreSQL, main's log has "Execution N (job N) finished" for all).
 * The list excludes what main still counts among its active executions. GET /executions/{id} shows them, so ids that
 * the list skipped (gaps up to `expected` ids past the highest listed one) are read one by one.
 * Only sound when the workflow is the only one executing on a fresh database (ids 1..n are then its executions).
 */
export async function withHiddenExecutions(api: N8nApi, workflowId: string, listed: Execution[], expected: number, includeData: boolean): Promise<{ all: Execution[]; hidden: string[] }> {
	if (listed.length >= expected) return { all: listed, hidden: [] };
	const have = new Set(listed.map((e) => String(e.id)));
	const maxId = Math.max(0, ...listed.map((e) => Number(e.id)).filter(Number.isFinite));
	const hidden: string[] = [];
	const all = [...listed];
	for (let id = 1; id <= maxId + (expected - listed.length) && all.length < expected; id++) {
		if (have.has(String(id))) continue;
		const r = await api.request<Execution>('GET', `/api/v1/executions/${id}?includeData=${includeData}`, { auth: 'apiKey' });
		if (r.status === 200 && String(r.body.workflowId) === workflowId) {
			all.push(r.body);
			hidden.push(String(id));
		}
	}
	return { all, hidden };
}

/**
 * Polls until `count` executions of the workflow are finished (any status). Fails with what it has when the
 * deadline passes. `probeHidden`: also read the executions the list leaves out (see withHiddenExecutions).
 */
export async function waitForFinished(
	api: N8nApi,
	workflowId: string,
	count: number,
	timeoutMs: number,
	opts: { includeData?: boolean; probeHidden?: boolean; onHidden?: (ids: string[]) => void } = {},
): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	const includeData = opts.includeData ?? true;
	for (;;) {
		let list = await allExecutions(api, workflowId, false);
		let hidden: string[] = [];
		if (opts.probeHidden) ({ all: list, hidden } = await withHiddenExecutions(api, workflowId, list, count, false));
		const done = list.filter((e) => !UNFINISHED.includes(e.status));
		if (done.length >= count) {
			if (!includeData) return list;
			let full = await allExecutions(api, workflowId, true);
			if (opts.probeHidden) ({ all: full, hidden } = await withHiddenExecutions(api, workflowId, full, count, true));
			opts.onHidden?.(hidden);
			return full;
		}
		if (Date.now() > deadline) {
			const byStatus: Record<string, number> = {};
			for (const e of list) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${count} finished executions of workflow ${workflowId}: have ${list.length} (${JSON.stringify(byStatus)}; ${hidden.length} not in the list); pages ${JSON.stringify(lastPaging.pages)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** First output item of a node in an execution read with includeData. */
export function outputOf(exec: Execution, nodeName: string, itemIndex = 0): Record<string, unknown> | undefined {
	return exec.data?.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[itemIndex]?.json;
}

export function itemsOf(exec: Execution, nodeName: string): Array<Record<string, unknown>> {
	return (exec.data?.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? []).map((i) => i.json);
}

/** A short, readable account of a failed execution for assertion messages. */
export function describeExecution(exec: Execution): string {
	const err = exec.data?.resultData.error;
	return `execution ${exec.id} status=${exec.status} lastNode=${exec.data?.resultData.lastNodeExecuted ?? '?'}${err ? ` error=${JSON.stringify(err).slice(0, 600)}` : ''}`;
}

// ---- counting server --------------------------------------------------------------------------------------------

export interface CountingServer {
	url: string;
	/** Every JSON body received, in arrival order. */
	received: Array<Record<string, unknown>>;
	stop(): Promise<void>;
}

/** Answers every POST with 200 `{ok:true}` and keeps its JSON body. Listens on 127.0.0.1 (n8n runs as a separate process). */
export async function startCountingServer(): Promise<CountingServer> {
	const received: Array<Record<string, unknown>> = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			try {
				received.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
			} catch {
				received.push({ unparsable: Buffer.concat(chunks).toString('utf8') });
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/count`,
		received,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Values that occur more than once. */
export function duplicatesOf(values: unknown[]): unknown[] {
	const seen = new Set<unknown>();
	const dup = new Set<unknown>();
	for (const v of values) (seen.has(v) ? dup : seen).add(v);
	return [...dup];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An e2e suite's teardown: n8n (and every process the launcher started), then whatever else the suite ran (simulator,
 * counting server), then its n8n user folder. Each step runs even when one before it failed.
 */
export async function stopEverything(n8n: N8nServer | undefined, others: Array<{ stop(): Promise<unknown> } | undefined>, userFolder?: string): Promise<void> {
	try {
		await n8n?.stop();
	} finally {
		await stopAll();
		for (const other of others) await other?.stop();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	}
}
