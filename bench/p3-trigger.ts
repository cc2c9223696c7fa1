/**
 * P3 Trigger: events per second and latency from POST to execution finished, through a real n8n (dev/local-n8n,
 * package installed as the Community Nodes screen does, executions saved to SQLite), SamCart Trigger 1.1 → No Op side
 * by side with n8n's own Webhook (respond immediately) → No Op, same payloads (simulator-built New Order deliveries),
 * same concurrency, rounds interleaved (A B, then B A). Three times, each in a fresh n8n: 2.x with default settings
 * (the headline figures), 2.x with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (`p3_lazy_*`), 1.x with default settings
 * (`p3_n8n1_*`).
 * Latency = execution stoppedAt − the moment the POST was sent, matched per event by a sequence number in the body.
 */
import { generateDataset } from '../dev/samcart-simulator/dataset';
import { buildWebhookPayload } from '../dev/samcart-simulator/webhooks';
import type { Execution, WorkflowInput } from '../dev/local-n8n/api';
import { startN8n, stopAll } from '../dev/local-n8n/server';
import { commandFor, machine, median, percentile, round, writeResult } from './common';

const PER_ROUND = Number(process.env.BENCH_P3_EVENTS ?? 100);
/** n8n's setting that lets both triggers skip building an expression isolate when no expression needs one. */
const LAZY = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };
interface Config {
	/** Prefix of this configuration's figures in results.json. */
	prefix: string;
	line: '1' | '2';
	env: Record<string, string>;
}
/**
 * The n8n configurations compared, each in a fresh n8n: 2.x with default settings (the headline figures), 2.x with the
 * lazy-isolate setting, 1.x with default settings. BENCH_P3_N8N_ENV='{...}' runs only 2.x with that environment.
 */
const CONFIGS: Config[] = process.env.BENCH_P3_N8N_ENV
	? [{ prefix: 'p3', line: '2', env: JSON.parse(process.env.BENCH_P3_N8N_ENV) as Record<string, string> }]
	: [
			{ prefix: 'p3', line: '2', env: {} },
			{ prefix: 'p3_lazy', line: '2', env: LAZY },
			{ prefix: 'p3_n8n1', line: '1', env: {} },
		];
const settingsOf = (env: Record<string, string>) =>
	Object.keys(env).length ? `settings ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}` : 'default settings';
const CONCURRENCY = Number(process.env.BENCH_P3_CONCURRENCY ?? 4);
const SAMCART_WEBHOOK_ID = 'b3000000-0000-4000-8000-00000000a001';
const WEBHOOK_PATH = 'bench-plain-webhook';

const noOp = (id: string) => ({ id, name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} });

const samCartWorkflow: WorkflowInput = {
	name: 'bench SamCart Trigger',
	nodes: [
		{ id: 'b3000000-0000-4000-8000-000000000001', name: 'SamCart Trigger', type: 'n8n-nodes-samcart.samCartTrigger', typeVersion: Number(process.env.BENCH_P3_TRIGGER_VERSION ?? 1.1), position: [0, 0], webhookId: SAMCART_WEBHOOK_ID, parameters: { events: ['*'], options: {} } },
		noOp('b3000000-0000-4000-8000-000000000002'),
	],
	connections: { 'SamCart Trigger': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const webhookWorkflow: WorkflowInput = {
	name: 'bench Webhook',
	nodes: [
		{ id: 'b3000000-0000-4000-8000-000000000003', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'b3000000-0000-4000-8000-00000000a002', parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} } },
		noOp('b3000000-0000-4000-8000-000000000004'),
	],
	connections: { Webhook: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

interface Sent {
	seq: number;
	at: number;
	status: number;
	/** How long the POST took to be answered. */
	answerMs: number;
}

async function fire(url: string, bodies: Array<Record<string, unknown>>): Promise<{ sent: Sent[]; startedAt: number }> {
	const sent: Sent[] = [];
	let next = 0;
	const startedAt = Date.now();
	const worker = async () => {
		while (next < bodies.length) {
			const body = bodies[next++];
			const at = Date.now();
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			await res.text();
			sent.push({ seq: body.seq as number, at, status: res.status, answerMs: Date.now() - at });
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	return { sent, startedAt };
}

function seqOf(execution: Execution, node: string): number | undefined {
	const json = execution.data?.resultData.runData[node]?.[0]?.data?.main[0]?.[0]?.json as Record<string, unknown> | undefined;
	const carrier = (node === 'SamCart Trigger' ? json?.payload : json?.body) as Record<string, unknown> | undefined;
	return typeof carrier?.seq === 'number' ? carrier.seq : undefined;
}

type Stats = Awaited<ReturnType<typeof compare>>['ours'];

/** Both workflows in one fresh n8n with this environment: the SamCart Trigger's figures and the Webhook node's. */
async function compare({ line, env }: Config) {
	const ds = await generateDataset({ seed: 3, size: 'small', now: Date.UTC(2026, 0, 15) });
	const n8n = await startN8n({ line, env });
	try {
		const { api } = n8n;
		await api.bootstrap();
		const a = await api.createWorkflow(samCartWorkflow);
		const b = await api.createWorkflow(webhookWorkflow);
		await api.activateWorkflow(a.id);
		await api.activateWorkflow(b.id);
		const samCartPath = `${SAMCART_WEBHOOK_ID}/webhook`;
		await api.waitForWebhook(samCartPath, { timeoutMs: 60_000 });
		await api.waitForWebhook(WEBHOOK_PATH, { timeoutMs: 60_000 });
		const targets = {
			samcart: { url: `${n8n.baseUrl}/webhook/${samCartPath}`, workflow: a.id, node: 'SamCart Trigger' },
			webhook: { url: `${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`, workflow: b.id, node: 'Webhook' },
		};
		let seq = 0;
		const bodies = (count: number) => Array.from({ length: count }, (_, i) => ({ ...buildWebhookPayload(ds, 'newOrder', { index: i }), seq: ++seq }));
		// Warm-up: 10 each, not measured (first executions compile and cache).
		for (const target of Object.values(targets)) await fire(target.url, bodies(10));
		const sent: Record<'samcart' | 'webhook', Sent[]> = { samcart: [], webhook: [] };
		const busyMs: Record<'samcart' | 'webhook', number> = { samcart: 0, webhook: 0 };
		for (const order of [['samcart', 'webhook'], ['webhook', 'samcart']] as const) {
			for (const name of order) {
				const target = targets[name];
				const before = (await api.listExecutions(target.workflow, { includeData: false, limit: 250 })).length;
				const batch = await fire(target.url, bodies(PER_ROUND));
				// Poll without data (cheap for n8n) until every event of the batch has finished, then read with data.
				for (const deadline = Date.now() + 300_000; ; await new Promise((resolve) => setTimeout(resolve, 500))) {
					const listed = await api.listExecutions(target.workflow, { includeData: false, limit: 250 });
					if (listed.filter((e) => !['running', 'new', 'waiting', 'queued'].includes(e.status)).length >= before + PER_ROUND) break;
					if (Date.now() > deadline) throw new Error(`${name}: executions did not finish within 300 s`);
				}
				const executions = await api.listExecutions(target.workflow, { includeData: true, limit: 250 });
				const mine = new Set(batch.sent.map((s) => s.seq));
				const withData = executions.filter((e) => mine.has(seqOf(e, target.node) ?? -1));
				const lastStop = Math.max(...withData.map((e) => Date.parse(e.stoppedAt ?? e.startedAt)));
				busyMs[name] += lastStop - batch.startedAt;
				sent[name].push(...batch.sent);
			}
		}
		const stats = async (name: 'samcart' | 'webhook') => {
			const target = targets[name];
			const executions = await api.listExecutions(target.workflow, { includeData: true, limit: 250 });
			const stopBySeq = new Map<number, number>();
			const startBySeq = new Map<number, number>();
			for (const e of executions) {
				const s = seqOf(e, target.node);
				if (s !== undefined && e.status === 'success') {
					stopBySeq.set(s, Date.parse(e.stoppedAt ?? e.startedAt));
					startBySeq.set(s, Date.parse(e.startedAt));
				}
			}
			const matched = sent[name].filter((s) => stopBySeq.has(s.seq));
			const latencies = sent[name].filter((s) => stopBySeq.has(s.seq)).map((s) => stopBySeq.get(s.seq)! - s.at);
			return {
				count: sent[name].length,
				ok: latencies.length,
				non2xx: sent[name].filter((s) => s.status < 200 || s.status >= 300).length,
				perSec: sent[name].length / (busyMs[name] / 1000),
				p50: median(latencies),
				p99: percentile(latencies, 99),
				answerP50: median(sent[name].map((s) => s.answerMs)),
				toStartP50: median(matched.map((s) => startBySeq.get(s.seq)! - s.at)),
				runP50: median(matched.map((s) => stopBySeq.get(s.seq)! - startBySeq.get(s.seq)!)),
			};
		};
		return { ours: await stats('samcart'), theirs: await stats('webhook'), version: n8n.version };
	} finally {
		await n8n.stop();
	}
}

const lines = (label: string, { ours, theirs, version }: Awaited<ReturnType<typeof compare>>) => [
	`${ours.count} New Order deliveries to each workflow (2 interleaved rounds of ${PER_ROUND}, concurrency ${CONCURRENCY}), real n8n ${version}, ${label}:`,
	`- SamCart Trigger → No Op: ${ours.perSec.toFixed(2)} events/s, latency p50 ${ours.p50} ms, p99 ${ours.p99} ms (${ours.ok} executions matched, ${ours.non2xx} non-2xx answers); p50 POST answered in ${ours.answerP50} ms, POST → execution start ${ours.toStartP50} ms, execution start → stop ${ours.runP50} ms`,
	`- Webhook → No Op: ${theirs.perSec.toFixed(2)} events/s, latency p50 ${theirs.p50} ms, p99 ${theirs.p99} ms (${theirs.ok} matched, ${theirs.non2xx} non-2xx); p50 POST answered in ${theirs.answerP50} ms, POST → execution start ${theirs.toStartP50} ms, execution start → stop ${theirs.runP50} ms`,
	`- throughput ratio ${(ours.perSec / theirs.perSec).toFixed(3)} (target ≥ 0.9), p99 ratio ${(ours.p99 / theirs.p99).toFixed(3)} (target ≤ 1.2)`,
];

const figuresOf = (prefix: string, ours: Stats, theirs: Stats): Record<string, number> => ({
	[`${prefix}_samcart_per_s`]: round(ours.perSec, 2),
	[`${prefix}_webhook_per_s`]: round(theirs.perSec, 2),
	[`${prefix}_samcart_p50_ms`]: ours.p50,
	[`${prefix}_samcart_p99_ms`]: ours.p99,
	[`${prefix}_webhook_p50_ms`]: theirs.p50,
	[`${prefix}_webhook_p99_ms`]: theirs.p99,
	[`${prefix}_samcart_answer_p50_ms`]: ours.answerP50,
	[`${prefix}_webhook_answer_p50_ms`]: theirs.answerP50,
	[`${prefix}_samcart_run_p50_ms`]: ours.runP50,
	[`${prefix}_webhook_run_p50_ms`]: theirs.runP50,
	[`${prefix}_throughput_ratio`]: round(ours.perSec / theirs.perSec),
	[`${prefix}_p99_ratio`]: round(ours.p99 / theirs.p99),
});

async function main(): Promise<void> {
	const t0 = Date.now();
	const figures: Record<string, number> = {};
	const summary: string[] = [];
	try {
		for (const config of CONFIGS) {
			const result = await compare(config);
			Object.assign(figures, { p3_events_each: result.ours.count }, figuresOf(config.prefix, result.ours, result.theirs));
			summary.push(...lines(settingsOf(config.env), result));
		}
		writeResult({
			name: 'p3-trigger',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures,
			summary,
		});
	} finally {
		await stopAll();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		void stopAll().finally(() => process.exit(1));
	},
);
