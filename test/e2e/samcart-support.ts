/**
 * Helpers of the SamCart end-to-end tests (real n8n servers, see dev/local-n8n): workflow builders for our nodes,
 * paging through the public executions API, and a tiny HTTP server that counts what workflows post to it.
 * Only test code: nothing here ships.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Execution, N8nApi, WorkflowInput } from '../../dev/local-n8n/api';

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

export function samCartTriggerNode(label: string, events: readonly string[], options: Record<string, unknown>): WfNode {
	return node('SamCart Trigger', SAMCART_TRIGGER, 1, { events: [...events], options }, { webhookId: uuidFor(`trigger-${label}`) });
}

/** Production path of a SamCart Trigger node (n8n: `<webhookId>/<path of the webhook description>`). */
export const triggerPath = (trigger: WfNode) => `${trigger.webhookId}/webhook`;

// ---- executions -----------------------------------------------------------------------------------------------

/** Every execution of a workflow through the public API, following `nextCursor` (the helper only reads one page). */
export async function allExecutions(api: N8nApi, workflowId: string, includeData = true): Promise<Execution[]> {
	const out: Execution[] = [];
	let cursor: string | undefined;
	for (;;) {
		const q = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '250' });
		if (cursor) q.set('cursor', cursor);
		const page = await api.publicApi<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${q}`);
		out.push(...page.data);
		if (!page.nextCursor || page.data.length === 0) return out;
		cursor = page.nextCursor;
	}
}

const UNFINISHED = ['running', 'new', 'waiting', 'queued'];

/**
 * Polls until `count` executions of the workflow are finished (any status). Fails with what it has when the
 * deadline passes, or as soon as more than `count` exist (a duplicate must not be waited for).
 */
export async function waitForFinished(api: N8nApi, workflowId: string, count: number, timeoutMs: number, includeData = true): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await allExecutions(api, workflowId, false);
		const done = list.filter((e) => !UNFINISHED.includes(e.status));
		if (done.length >= count) return includeData ? allExecutions(api, workflowId, true) : list;
		if (Date.now() > deadline) {
			const byStatus: Record<string, number> = {};
			for (const e of list) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} finished executions of workflow ${workflowId}: have ${list.length} (${JSON.stringify(byStatus)})`);
		}
		await new Promise((r) => setTimeout(r, 500));
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
