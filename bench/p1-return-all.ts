/**
 * P1 Return All: Order > Get Many (Return All) of the simulator's default dataset (20 000 orders) with 20 ms latency
 * per request, in the real n8n engine in-process (test/engine/harness, line 2.x), side by side with n8n's own HTTP
 * Request node paginating the same endpoint by `pagination.next`. The simulator runs in its own process.
 * Figures: wall time of each run vs the floor ceil(N/100) × latency; median of ROUNDS alternating runs.
 */
import { closeEngines, executeWorkflow, type WorkflowJson } from '../test/engine/harness';
import { commandFor, machine, median, round, startSimProcess, writeResult } from './common';
import { httpRequestPaginated, rawFetchAll, samCartReturnAll } from './returnAll';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Run {
	wallMs: number;
	nodeMs: number;
	items: number;
	records: number;
}

async function timed(wf: WorkflowJson, node: string, credentials: Record<string, Record<string, string>>): Promise<Run> {
	const started = performance.now();
	const r = await executeWorkflow(wf, { line: '2', credentials });
	const wallMs = performance.now() - started;
	if (!r.finished) throw new Error(`${node} run failed: ${JSON.stringify(r.error).slice(0, 500)}`);
	const out = r.runData[node];
	const records = node === 'SamCart' ? out.length : out.reduce((sum, page) => sum + ((page.data as unknown[]) ?? []).length, 0);
	return { wallMs, nodeMs: r.run.data.resultData.runData[node][0].executionTime ?? wallMs, items: out.length, records };
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const sim = await startSimProcess({ size: 'default', 'latency-ms': LATENCY_MS, 'rate-limit': 0 });
	try {
		const credentials = { samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl } };
		// Warm-up (engine load, node modules, JIT) with both nodes, not measured.
		await timed(samCartReturnAll(), 'SamCart', credentials);
		await timed(httpRequestPaginated(sim.baseUrl, sim.apiKey), 'HTTP Request', credentials);
		const ours: Run[] = [];
		const http: Run[] = [];
		const raw: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			ours.push(await timed(samCartReturnAll(), 'SamCart', credentials));
			http.push(await timed(httpRequestPaginated(sim.baseUrl, sim.apiKey), 'HTTP Request', credentials));
			raw.push((await rawFetchAll(sim.baseUrl, sim.apiKey)).ms);
		}
		const rawMs = median(raw);
		const n = ours[0].records;
		if (http[0].records !== n) throw new Error(`HTTP Request returned ${http[0].records} records, SamCart ${n}`);
		const floorMs = Math.ceil(n / 100) * LATENCY_MS;
		const oursWall = median(ours.map((r) => r.wallMs));
		const httpWall = median(http.map((r) => r.wallMs));
		const oursNode = median(ours.map((r) => r.nodeMs));
		const httpNode = median(http.map((r) => r.nodeMs));
		writeResult({
			name: 'p1-return-all',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures: {
				p1_records: n,
				p1_floor_ms: floorMs,
				p1_samcart_wall_ms: round(oursWall, 0),
				p1_samcart_node_ms: round(oursNode, 0),
				p1_http_request_wall_ms: round(httpWall, 0),
				p1_http_request_node_ms: round(httpNode, 0),
				p1_raw_fetch_ms: round(rawMs, 0),
				p1_vs_floor: round(oursWall / floorMs),
				p1_vs_raw_fetch: round(oursWall / rawMs),
				p1_plain_fetch_vs_floor: round(rawMs / floorMs),
				p1_vs_http_request: round(oursWall / httpWall),
			},
			summary: [
				`Return All of ${n} orders, ${LATENCY_MS} ms latency per request, ${ROUNDS} alternating rounds (median), n8n 2.41.1 engine in-process:`,
				`- floor ceil(${n}/100) × ${LATENCY_MS} ms = ${floorMs} ms`,
				`- SamCart Get Many: ${oursWall.toFixed(0)} ms wall (node ${oursNode.toFixed(0)} ms) = ${(oursWall / floorMs).toFixed(3)} × floor (target ≤ 1.15); runs ${ours.map((r) => r.wallMs.toFixed(0)).join(', ')} ms`,
				`- HTTP Request with pagination: ${httpWall.toFixed(0)} ms wall (node ${httpNode.toFixed(0)} ms, ${http[0].items} page items); runs ${http.map((r) => r.wallMs.toFixed(0)).join(', ')} ms`,
				`- SamCart / HTTP Request = ${(oursWall / httpWall).toFixed(3)} (target ≤ 1.0)`,
				`- reference: plain fetch + JSON.parse of the same 200 pages, no n8n: ${rawMs.toFixed(0)} ms (${(rawMs / floorMs).toFixed(3)} × floor: simulator + machine cost); SamCart = ${(oursWall / rawMs).toFixed(3)} × that`,
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
