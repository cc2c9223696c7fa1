/**
 * P4 Memory: peak RSS growth of SamCart Order > Get Many (Return All, Simplify off) over the simulator's 20 000 orders,
 * in the real n8n engine in-process (line 2.x), against the size of the raw JSON SamCart sent (the bytes of every
 * page). Each measurement runs in a fresh Node process of the same kind (the cached Node 24, --expose-gc), so no run
 * inherits another's heap; the simulator is one more process. RSS is sampled every 5 ms; the baseline is taken after
 * a warm-up and a GC. Two references, measured the same way:
 * - plain fetch + JSON.parse keeping the same 20 000 records in an array, no n8n: what any client pays on this runtime;
 * - n8n's HTTP Request node paginating the same pages (one item per page).
 */
import { spawnSync } from 'node:child_process';

import { closeEngines, executeWorkflow, type WorkflowJson } from '../test/engine/harness';
import { commandFor, machine, round, rssSampler, startSimProcess, writeResult } from './common';
import { httpRequestPaginated, rawFetchAll, samCartReturnAll } from './returnAll';

type Variant = 'samcart' | 'http' | 'raw';

interface Measured {
	variant: Variant;
	records: number;
	baseline: number;
	peak: number;
	/** Heap used after a GC, minus the baseline's: what holding the records costs once the garbage is gone. */
	retainedHeap: number;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function settle(gc: () => void): Promise<void> {
	gc();
	await new Promise((resolve) => setTimeout(resolve, 200));
	gc();
}

/** One measurement, in this (fresh) process. */
async function measure(variant: Variant, baseUrl: string, apiKey: string): Promise<Measured> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
	const credentials = { samCartApi: { apiKey, baseUrl } };
	const workflow = (): WorkflowJson =>
		variant === 'http' ? httpRequestPaginated(baseUrl, apiKey) : samCartReturnAll();
	// Warm-up: load the engine and the code paths with one small request, not measured.
	if (variant === 'raw') {
		await (await fetch(`${baseUrl}/orders?limit=1`, { headers: { 'sc-api': apiKey } })).text();
	} else {
		const warm = samCartReturnAll();
		warm.nodes[1].parameters = { resource: 'order', operation: 'getMany', returnAll: false, limit: 1, simplify: false, filters: {} };
		await executeWorkflow(warm, { line: '2', credentials });
	}
	await settle(gc);
	const baseline = process.memoryUsage.rss();
	const heapBefore = process.memoryUsage().heapUsed;
	const sampler = rssSampler(5);
	/** The records (or the run holding them), referenced until after the GC below so they count as kept heap. */
	let kept: unknown;
	let records: number;
	if (variant === 'raw') {
		const all: unknown[] = [];
		await rawFetchAll(baseUrl, apiKey, (page) => all.push(...page));
		kept = all;
		records = all.length;
	} else {
		const r = await executeWorkflow(workflow(), { line: '2', credentials });
		if (!r.finished) throw new Error(`${variant} Return All failed`);
		kept = r;
		const out = Object.entries(r.runData).find(([name]) => name !== 'Manual')?.[1] ?? [];
		records = variant === 'http' ? out.reduce((sum, page) => sum + ((page.data as unknown[]) ?? []).length, 0) : out.length;
	}
	const peak = sampler.stop();
	await settle(gc);
	const retainedHeap = process.memoryUsage().heapUsed - heapBefore;
	if (!kept) throw new Error('nothing kept'); // also keeps `kept` alive up to here
	return { variant, records, baseline, peak, retainedHeap };
}

/** Runs `measure` in a fresh process of this same Node, flags and all. */
function measureInFreshProcess(variant: Variant, baseUrl: string, apiKey: string): Measured {
	const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--variant', variant, baseUrl, apiKey], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 2 ** 24,
	});
	const line = run.stdout.split('\n').find((l) => l.startsWith('{"variant"'));
	if (run.status !== 0 || !line) throw new Error(`p4 ${variant} run failed (exit ${run.status}): ${run.stdout.slice(-2000)}`);
	return JSON.parse(line) as Measured;
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const sim = await startSimProcess({ size: 'default', 'rate-limit': 0 });
	try {
		const raw = await rawFetchAll(sim.baseUrl, sim.apiKey);
		const [ours, http, plain] = (['samcart', 'http', 'raw'] as const).map((v) =>
			measureInFreshProcess(v, sim.baseUrl, sim.apiKey),
		);
		for (const m of [ours, http, plain]) {
			if (m.records !== raw.records) throw new Error(`${m.variant} read ${m.records} records, the simulator has ${raw.records}`);
		}
		const growth = (m: Measured) => m.peak - m.baseline;
		const ratio = (bytes: number) => bytes / raw.bytes;
		const line = (label: string, m: Measured) =>
			`- ${label}: RSS ${mib(m.baseline)} → peak ${mib(m.peak)} MiB, growth ${mib(growth(m))} MiB = ${ratio(growth(m)).toFixed(2)} × the raw JSON; heap kept after GC ${mib(m.retainedHeap)} MiB = ${ratio(m.retainedHeap).toFixed(2)} ×`;
		writeResult({
			name: 'p4-memory',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures: {
				p4_records: ours.records,
				p4_raw_json_bytes: raw.bytes,
				p4_rss_baseline_bytes: ours.baseline,
				p4_rss_peak_bytes: ours.peak,
				p4_rss_growth_bytes: growth(ours),
				p4_rss_vs_json: round(ratio(growth(ours))),
				p4_heap_kept_vs_json: round(ratio(ours.retainedHeap)),
				p4_http_request_rss_vs_json: round(ratio(growth(http))),
				p4_plain_parse_rss_vs_json: round(ratio(growth(plain))),
			},
			summary: [
				`Return All of ${ours.records} orders (Simplify off), each measurement in a fresh ${process.version} process, n8n 2.41.1 engine in-process:`,
				`- raw JSON received: ${mib(raw.bytes)} MiB over ${Math.ceil(raw.records / 100)} pages`,
				line('SamCart Get Many (target ≤ 3 ×)', ours),
				line('HTTP Request with pagination', http),
				line('reference, plain fetch + JSON.parse keeping the records, no n8n', plain),
			],
		});
	} finally {
		await sim.stop();
		await closeEngines();
	}
}

const variantAt = process.argv.indexOf('--variant');
const job =
	variantAt === -1
		? main()
		: measure(process.argv[variantAt + 1] as Variant, process.argv[variantAt + 2], process.argv[variantAt + 3])
				.then((m) => console.log(JSON.stringify(m)))
				.finally(() => closeEngines());
job.then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
