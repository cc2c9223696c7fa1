/**
 * P6 Poll catch-up: the SamCart Poll Trigger's poll() after an outage, against the simulator's default dataset
 * (20 000 orders) in its own process with 20 ms latency per request and no rate limit. The poll runs in this process
 * with the unit tests' poll context (test/unit/helpers/fakePollContext: real HTTP through the credential's
 * `authenticate`, no n8n-core around it); n8n's own poll scheduling is not measured here (the e2e test covers it).
 * Figures:
 *   - catching up N orders (cursor before the first one): requests vs the floor ceil(N/100), and wall time vs the
 *     floor ceil(N/100) × latency; median of ROUNDS runs;
 *   - an idle poll of every event (each cursor at its list's end): requests per event type.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { POLL_EVENTS } from '../nodes/SamCart/poll/events';
import type { SamCartPollTrigger as PollTriggerClass } from '../nodes/SamCart/SamCartPollTrigger.node';
import { createFakePollContext } from '../test/unit/helpers/fakePollContext';
import { rawFetchAll } from './returnAll';
import { commandFor, machine, median, REPO, round, simAdmin, startSimProcess, writeResult, type SimProcess } from './common';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

// By its file name: for a static import, Node's resolver takes the `.node` in the name for a native addon.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SamCartPollTrigger } = require(`${REPO}/nodes/SamCart/SamCartPollTrigger.node.ts`) as { SamCartPollTrigger: typeof PollTriggerClass };
const trigger = new SamCartPollTrigger();

async function poll(sim: SimProcess, events: string[], staticData: IDataObject): Promise<{ items: number; records: number; ms: number; requests: number }> {
	await simAdmin(sim, 'DELETE', '/requests');
	const context = createFakePollContext({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, parameters: { events }, staticData });
	const started = performance.now();
	const result = (await trigger.poll.call(context as unknown as IPollFunctions)) as INodeExecutionData[][] | null;
	const ms = performance.now() - started;
	const counts = await simAdmin<Record<string, number>>(sim, 'GET', '/counts');
	const items = result?.[0] ?? [];
	const records = new Set(items.map((item) => (item.json.record as IDataObject).id)).size;
	return { items: items.length, records, ms, requests: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const sim = await startSimProcess({ size: 'default', 'latency-ms': LATENCY_MS, 'rate-limit': 0 });
	try {
		// Warm-up (module load, JIT, connections), not measured.
		await poll(sim, ['newOrder'], { cursors: { newOrder: { lastId: 0 } } });
		const runs = [];
		const raw: number[] = [];
		for (let r = 0; r < ROUNDS; r++) {
			runs.push(await poll(sim, ['newOrder'], { cursors: { newOrder: { lastId: 0 } } }));
			raw.push((await rawFetchAll(sim.baseUrl, sim.apiKey)).ms);
		}
		const rawMs = median(raw);
		const n = runs[0].records;
		const floorRequests = Math.ceil(n / 100);
		const floorMs = floorRequests * LATENCY_MS;
		const catchUpMs = median(runs.map((run) => run.ms));

		// Idle: activation puts each cursor at its list's end (one request each), then a poll finds nothing new.
		const events = POLL_EVENTS.map((event) => event.key);
		const staticData: IDataObject = {};
		const activation = await poll(sim, events, staticData);
		// A poll comes a minute later at the soonest; 2 s are enough for Subscription Canceled's window (whole
		// seconds up to one second ago) to hold a second, so that it asks SamCart too.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		const idle = await poll(sim, events, staticData);
		if (idle.items !== 0) throw new Error(`the idle poll emitted ${idle.items} items`);

		writeResult({
			name: 'p6-poll-catch-up',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures: {
				p6_records: n,
				p6_items: runs[0].items,
				p6_requests: runs[0].requests,
				p6_floor_requests: floorRequests,
				p6_floor_ms: floorMs,
				p6_catch_up_ms: round(catchUpMs, 0),
				p6_vs_floor: round(catchUpMs / floorMs),
				p6_plain_fetch_ms: round(rawMs, 0),
				p6_vs_plain_fetch: round(catchUpMs / rawMs),
				p6_plain_fetch_vs_floor: round(rawMs / floorMs),
				p6_idle_events: events.length,
				p6_idle_requests: idle.requests,
				p6_activation_requests: activation.requests,
			},
			summary: [
				`Poll trigger catch-up of ${n} orders, ${LATENCY_MS} ms latency per request, ${ROUNDS} runs (median), poll() in-process with the unit tests' poll context:`,
				`- requests: ${runs.map((run) => run.requests).join(', ')} (floor ceil(${n}/100) = ${floorRequests}); ${runs[0].items} items (one per product of an order)`,
				`- ${catchUpMs.toFixed(0)} ms = ${(catchUpMs / floorMs).toFixed(3)} × floor (${floorMs} ms); runs ${runs.map((run) => run.ms.toFixed(0)).join(', ')} ms`,
				`- reference: plain fetch + JSON.parse of the same pages, no node: ${rawMs.toFixed(0)} ms (${(rawMs / floorMs).toFixed(3)} × floor); the poll = ${(catchUpMs / rawMs).toFixed(3)} × that`,
				`- first activation of all ${events.length} events: ${activation.requests} requests; an idle poll of all ${events.length}: ${idle.requests} requests (one per event type)`,
			],
		});
	} finally {
		await sim.stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
