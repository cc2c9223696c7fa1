/**
 * P2 Rate-bound work: Order > Get for 600 different orders (600 requests) in one execution of the real n8n engine
 * (in-process, line 2.x), under the simulator's limit of 120 requests per 60 s (fixed window, 429 with Retry-After and
 * RateLimit-Reset). Figures: failed items (target 0), 429s met, elapsed time, and the achieved request rate as a share
 * of the allowed rate (target ≥ 95 %). Takes ≥ 4 minutes by definition.
 */
import { closeEngines, executeWorkflow, type WorkflowJson } from '../test/engine/harness';
import { commandFor, machine, round, simAdmin, startSimProcess, writeResult } from './common';

const REQUESTS = Number(process.env.BENCH_P2_REQUESTS ?? 600);
const LIMIT = 120;
const WINDOW_MS = 60_000;

function workflow(): WorkflowJson {
	return {
		name: 'bench rate-bound',
		nodes: [
			{ id: 'b2000000-0000-4000-8000-000000000001', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b2000000-0000-4000-8000-000000000002',
				name: 'SamCart',
				type: 'n8n-nodes-samcart.samCart',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'id', value: '={{ $json.orderId }}' }, simplify: false },
				onError: 'continueRegularOutput',
			},
		],
		connections: { Manual: { main: [[{ node: 'SamCart', type: 'main', index: 0 }]] } },
	};
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const sim = await startSimProcess({ size: 'small', 'rate-limit': LIMIT, 'window-ms': WINDOW_MS });
	try {
		const credentials = { samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl } };
		const first = await (await fetch(`${sim.baseUrl}/orders?limit=100`, { headers: { 'sc-api': sim.apiKey } })).json() as { data: Array<{ id: number }> };
		// Warm-up (engine load, expression engine, JIT), then a fresh window: neither counts.
		const warm = workflow();
		await executeWorkflow(warm, { line: '2', credentials, pinData: { [warm.nodes[0].name]: [{ orderId: first.data[0].id }] } });
		await simAdmin(sim, 'PUT', '/rate-limit', { limit: LIMIT, windowMs: WINDOW_MS });
		await simAdmin(sim, 'DELETE', '/requests');
		const firstId = first.data[0].id;
		// Orders of the small dataset have consecutive ids from the first one.
		const items = Array.from({ length: REQUESTS }, (_, i) => ({ orderId: firstId + (i % 600) }));
		const wf = workflow();
		const manual = wf.nodes[0];
		const started = Date.now();
		const r = await executeWorkflow(wf, { line: '2', credentials, pinData: { [manual.name]: items } });
		const elapsedMs = Date.now() - started;
		const out = r.runData.SamCart ?? [];
		const failed = out.filter((item) => item.error !== undefined).length + Math.max(0, REQUESTS - out.length);
		const log = await simAdmin<Array<{ status?: number; method: string; path: string }>>(sim, 'GET', '/requests?method=GET');
		const entries = Array.isArray(log) ? log : ((log as unknown as { requests: typeof log }).requests ?? []);
		const served = entries.filter((e) => e.status === 200).length;
		const refused = entries.filter((e) => e.status === 429).length;
		const allowedPerSec = LIMIT / (WINDOW_MS / 1000);
		// The best any client can do under a fixed window starting at its first request: LIMIT per window, so the last
		// of REQUESTS requests cannot go before (ceil(REQUESTS / LIMIT) - 1) windows have passed.
		const bestMs = (Math.ceil(REQUESTS / LIMIT) - 1) * WINDOW_MS;
		const rate = served / (elapsedMs / 1000);
		writeResult({
			name: 'p2-rate-limit',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures: {
				p2_requests: REQUESTS,
				p2_served: served,
				p2_429s: refused,
				p2_failed_requests: failed,
				p2_elapsed_ms: elapsedMs,
				p2_best_possible_ms: bestMs,
				p2_rate_per_s: round(rate),
				p2_share_of_limit: round(rate / allowedPerSec),
				p2_share_of_best: round(bestMs / elapsedMs),
			},
			summary: [
				`${REQUESTS} Order > Get requests in one execution, simulator limit ${LIMIT} per ${WINDOW_MS / 1000} s (fixed window), n8n 2.41.1 engine in-process:`,
				`- ${served} served, ${refused} answered 429 and waited out (Retry-After), ${failed} failed items (target 0)`,
				`- elapsed ${(elapsedMs / 1000).toFixed(1)} s; achieved ${rate.toFixed(3)} req/s = ${((rate / allowedPerSec) * 100).toFixed(1)} % of the allowed ${allowedPerSec} req/s (target ≥ 95 %)`,
				`- a fixed window lets ${LIMIT} through at once, so the earliest possible finish is ${bestMs / 1000} s after the first request (${((bestMs / elapsedMs) * 100).toFixed(1)} % of that achieved)`,
			],
		});
	} finally {
		await sim.stop();
		await closeEngines();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
