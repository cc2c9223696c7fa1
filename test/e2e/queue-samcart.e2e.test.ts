/**
 * The SamCart Trigger in queue mode: PostgreSQL 127.0.0.1:5432 + Redis 127.0.0.1:6379, main + 2 workers, each with
 * our package installed in its own user folder. 500 distinct newOrder deliveries (moderate concurrency) must give
 * 500 successful executions, none lost and none duplicated: checked on the executions (public API, with data) AND on
 * what the workflows' HTTP Request posted to a counting server run by this test. Both workers must take part.
 * With Ignore Duplicate Deliveries on, 40 copies sent at once afterwards (20 of an event already run, 20 of a new one)
 * start exactly one more execution.
 *
 * Lines: both by default (1.x adds about 40 s on 2 cores); SAMCART_E2E_QUEUE_LINES=2 runs 2.x only.
 * SAMCART_E2E_QUEUE=0 skips (machines without PostgreSQL/Redis). SAMCART_E2E_QUEUE_EVENTS changes the 500.
 */
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n } from '../../dev/local-n8n/server';
import { buildWebhookPayload, sendWebhook, startSimulator, type Simulator } from '../../dev/samcart-simulator';
import {
	describeExecution,
	duplicatesOf,
	lastPaging,
	node,
	outputOf,
	samCartTriggerNode,
	startCountingServer,
	stopEverything,
	triggerPath,
	waitForFinished,
	workflow,
	type CountingServer,
} from './samcart-support';

jest.setTimeout(600_000); // jest 30 ignores testTimeout inside a `projects` entry

const EVENTS = Number(process.env.SAMCART_E2E_QUEUE_EVENTS ?? 500);
const CONCURRENCY = 8;
const WORKERS = 2;
const TOKEN = 'queue-secret-token_0123456789abcdef';
const lines = (process.env.SAMCART_E2E_QUEUE_LINES ?? '2,1')
	.split(',')
	.map((l) => l.trim())
	.filter((l): l is '1' | '2' => l === '1' || l === '2');

const run = process.env.SAMCART_E2E_QUEUE === '0' ? describe.skip : describe;

run.each(lines.map((l) => [l] as const))('SamCart Trigger in queue mode, n8n %s.x (main + 2 workers)', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;
	let counter: CountingServer | undefined;

	beforeAll(async () => {
		await ensureLine(line);
		await packPackage();
		sim = await startSimulator({ size: 'small', seed: 11, now: '2026-11-01T00:00:00Z' });
		counter = await startCountingServer();
	}, 40 * 60_000);

	afterAll(() => stopEverything(n8n, [counter, sim]), 90_000);

	it(`${EVENTS} distinct newOrder deliveries → ${EVENTS} successful executions, none lost, none duplicated`, async () => {
		const t0 = Date.now();
		n8n = await startN8n({ line, queue: { workers: WORKERS, concurrency: 10 } });
		const { api, baseUrl, workers } = n8n;
		await api.bootstrap();
		const tReady = Date.now();
		if (!sim || !counter) throw new Error('the simulator or the counting server did not start');
		const s = sim;

		const trigger = samCartTriggerNode(`queue-${line}`, ['newOrder'], { secretToken: TOKEN, ignoreDuplicates: true });
		const post = node('Count', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: counter.url,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'eventId', value: '={{ $json.eventId }}' },
					{ name: 'orderId', value: '={{ $json.summary.order_id }}' },
				],
			},
			options: {},
		});
		const wf = await api.createWorkflow(workflow(`queue samcart ${line}.x`, [trigger, post]));
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook(triggerPath(trigger));

		// distinct payloads: the i-th live order of the dataset (the small dataset has 575)
		const live = s.data.orders.filter((o) => !o.test_mode);
		if (live.length < EVENTS) throw new Error(`the dataset has only ${live.length} live orders, ${EVENTS} needed`);
		const payloads = Array.from({ length: EVENTS }, (_, i) => buildWebhookPayload(s.data, 'newOrder', { index: i }));
		const sentOrderIds = payloads.map((p) => (p.order as { id: number }).id);
		expect(duplicatesOf(sentOrderIds)).toEqual([]);

		const tSend = Date.now();
		const deliveries = await sendWebhook(`${baseUrl}/webhook/${triggerPath(trigger)}?token=${TOKEN}`, (i) => payloads[i], {
			count: EVENTS,
			concurrency: CONCURRENCY,
			timeoutMs: 60_000,
		});
		const tSent = Date.now();
		const refused = deliveries.filter((d) => d.status !== 200);
		expect(refused.slice(0, 5).map((d) => ({ i: d.index, status: d.status, body: d.body.slice(0, 200), error: d.error }))).toEqual([]);
		const answeredIds = deliveries.map((d) => (JSON.parse(d.body) as { eventId: string }).eventId);
		expect(duplicatesOf(answeredIds)).toEqual([]);

		let hiddenIds: string[] = [];
		const execs = await waitForFinished(api, wf.id, EVENTS, 5 * 60_000, { probeHidden: true, onHidden: (ids) => (hiddenIds = ids) });
		const tDone = Date.now();

		// executions: exactly one successful execution per delivery
		const failed = execs.filter((e) => e.status !== 'success');
		expect(failed.slice(0, 3).map(describeExecution)).toEqual([]);
		expect(execs).toHaveLength(EVENTS);
		const execEventIds = execs.map((e) => outputOf(e, 'SamCart Trigger')?.eventId);
		const execOrderIds = execs.map((e) => (outputOf(e, 'SamCart Trigger')?.summary as { order_id?: number } | undefined)?.order_id);
		expect(duplicatesOf(execEventIds)).toEqual([]);
		expect(new Set(execEventIds)).toEqual(new Set(answeredIds));
		expect([...execOrderIds].sort()).toEqual([...sentOrderIds].sort());

		// side effects: the workflow's HTTP Request reached the counting server once per delivery
		expect(duplicatesOf(counter.received.map((r) => r.eventId))).toEqual([]);
		expect(new Set(counter.received.map((r) => r.eventId))).toEqual(new Set(answeredIds));
		expect(counter.received.map((r) => Number(r.orderId)).sort()).toEqual([...sentOrderIds].sort());

		// the executions ran on the workers (both of them), not on main
		const ranOn = workers.map((w) => (w.readLog().match(/Worker finished execution \d+/g) ?? []).length);
		expect(ranOn.reduce((a, b) => a + b, 0)).toBe(EVENTS);
		for (const n of ranOn) expect(n).toBeGreaterThan(0);

		// Ignore Duplicate Deliveries across main and the workers: 20 copies of an event already run, and 20 copies
		// of a new one, all at once: only the new one runs, once. (The last event sent: the memory keeps the newest
		// 500, so the new one pushes out the oldest.)
		const url = `${baseUrl}/webhook/${triggerPath(trigger)}?token=${TOKEN}`;
		const fresh = buildWebhookPayload(s.data, 'newOrder', { index: EVENTS });
		const copies = await sendWebhook(url, (i) => (i % 2 === 0 ? payloads[EVENTS - 1] : fresh), { count: 40, concurrency: 40, timeoutMs: 60_000 });
		const answers = copies.map((d) => ({ status: d.status, ...(JSON.parse(d.body) as { ignored?: string; eventId: string }) }));
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		const ran = answers.filter((a) => a.ignored === undefined);
		expect(ran).toHaveLength(1);
		expect(answeredIds).not.toContain(ran[0].eventId);
		expect(answers.filter((a) => a.ignored === 'duplicate')).toHaveLength(39);
		const withCopies = await waitForFinished(api, wf.id, EVENTS + 1, 2 * 60_000, { includeData: false, probeHidden: true });
		expect(withCopies).toHaveLength(EVENTS + 1);

		process.stderr.write(
			`[queue samcart e2e] ${line}.x: start+bootstrap ${((tReady - t0) / 1000).toFixed(1)} s; ${EVENTS} deliveries sent in ${((tSent - tSend) / 1000).toFixed(1)} s ` +
				`(c=${CONCURRENCY}); all executions finished ${((tDone - tSend) / 1000).toFixed(1)} s after the first send; per worker ${JSON.stringify(ranOn)}; ` +
				`executions API pages ${JSON.stringify(lastPaging.pages)}; finished but left out of the executions list: ${hiddenIds.length}\n`,
		);
		await api.deactivateWorkflow(wf.id);
		await n8n.stop();
		n8n = undefined;
	});
});
