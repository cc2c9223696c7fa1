/**
 * P4 Memory: peak RSS growth of SamCart Order > Get Many (Return All, Simplify off) over the simulator's 20 000 orders,
 * in the real n8n engine in-process (line 2.x), against the size of the raw JSON SamCart sent (the bytes of every
 * page). Runs in its own process (bench/run.ts starts each benchmark fresh) with --expose-gc; the simulator is
 * another process. RSS is sampled every 5 ms; the baseline is taken after a warm-up run (Limit 1) and a GC.
 */
import { closeEngines, executeWorkflow } from '../test/engine/harness';
import { commandFor, machine, round, rssSampler, startSimProcess, writeResult } from './common';
import { rawFetchAll, samCartReturnAll } from './p1-return-all';

async function main(): Promise<void> {
	const t0 = Date.now();
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
	const sim = await startSimProcess({ size: 'default', 'rate-limit': 0 });
	try {
		const credentials = { samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl } };
		const warm = samCartReturnAll();
		warm.nodes[1].parameters = { resource: 'order', operation: 'getMany', returnAll: false, limit: 1, simplify: false, filters: {} };
		await executeWorkflow(warm, { line: '2', credentials });
		gc();
		await new Promise((resolve) => setTimeout(resolve, 200));
		gc();
		const baseline = process.memoryUsage.rss();
		const sampler = rssSampler(5);
		const r = await executeWorkflow(samCartReturnAll(), { line: '2', credentials });
		const peak = sampler.stop();
		if (!r.finished) throw new Error('Return All failed');
		const records = r.runData.SamCart.length;
		const heapAfter = process.memoryUsage().heapUsed;
		const raw = await rawFetchAll(sim.baseUrl, sim.apiKey);
		const growth = peak - baseline;
		const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
		writeResult({
			name: 'p4-memory',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures: {
				p4_records: records,
				p4_raw_json_bytes: raw.bytes,
				p4_rss_baseline_bytes: baseline,
				p4_rss_peak_bytes: peak,
				p4_rss_growth_bytes: growth,
				p4_rss_vs_json: round(growth / raw.bytes),
			},
			summary: [
				`Return All of ${records} orders (Simplify off), n8n 2.41.1 engine in-process:`,
				`- raw JSON received: ${mib(raw.bytes)} MiB over ${Math.ceil(records / 100)} pages`,
				`- RSS baseline ${mib(baseline)} MiB → peak ${mib(peak)} MiB: growth ${mib(growth)} MiB = ${(growth / raw.bytes).toFixed(2)} × the raw JSON (target ≤ 3); heap used after the run ${mib(heapAfter)} MiB`,
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
