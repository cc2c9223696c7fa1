/**
 * The SamCart Poll Trigger in queue mode (issue 15): PostgreSQL + Redis, main + 2 workers, each with our package.
 * n8n runs pollers on the main (leader) instance only and hands the executions to the workers, so:
 *   - SamCart's order list is asked once per poll interval, not once per instance: after the first orders arrived,
 *     every list request is at least 50 s after the one before (three instances polling would ask together);
 *   - every order arrives exactly once, oldest first, the cursor moving in the database between polls;
 *   - the executions ran on the workers.
 * Lines: SAMCART_E2E_QUEUE_LINES (default both); SAMCART_E2E_QUEUE=0 skips. About three minutes a line: n8n polls
 * at most once a minute, and the test waits for three polls.
 */
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n } from '../../dev/local-n8n/server';
import { startSimulator, type Simulator } from '../../dev/samcart-simulator';
import { placeOrder } from '../../dev/samcart-simulator/checkout';
import { allExecutions, duplicatesOf, itemsOf, node, stopEverything, workflow } from './samcart-support';

jest.setTimeout(900_000);

const NODE_NAME = 'SamCart Poll Trigger';
const lines = (process.env.SAMCART_E2E_QUEUE_LINES ?? '2,1')
	.split(',')
	.map((l) => l.trim())
	.filter((l): l is '1' | '2' => l === '1' || l === '2');
const run = process.env.SAMCART_E2E_QUEUE === '0' ? describe.skip : describe;

const listRequests = (sim: Simulator, afterSeq: number) =>
	sim.requests({ method: 'GET', path: '/v1/orders' }).filter((r) => r.seq > afterSeq);

async function until<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

run.each(lines.map((l) => [l] as const))('SamCart Poll Trigger in queue mode, n8n %s.x (main + 2 workers)', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;

	beforeAll(async () => {
		await ensureLine(line);
		await packPackage();
		sim = await startSimulator({ size: 'small', seed: 16, now: '2026-11-01T00:00:00Z' });
	}, 40 * 60_000);

	afterAll(() => stopEverything(n8n, [sim]), 90_000);

	it('polls once per interval on main, every order arrives once, the executions run on the workers', async () => {
		if (!sim) throw new Error('the simulator did not start');
		const s = sim;
		const t0 = Date.now();
		n8n = await startN8n({ line, queue: { workers: 2, concurrency: 5 } });
		const { api, workers } = n8n;
		await api.bootstrap();
		const credential = await api.createCredential({
			name: 'SamCart (simulator)',
			type: 'samCartApi',
			data: line === '1' ? { apiKey: s.apiKey, baseUrl: s.baseUrl, allowedHttpRequestDomains: 'all' } : { apiKey: s.apiKey, baseUrl: s.baseUrl },
		});
		const trigger = node(NODE_NAME, 'n8n-nodes-samcart.samCartPollTrigger', 1, { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: ['newOrder'], options: {} }, {
			credentials: { samCartApi: { id: credential.id, name: credential.name } },
		});
		const wf = await api.createWorkflow(workflow(`e2e queue poll ${line}.x`, [trigger]));
		await api.activateWorkflow(wf.id);
		await until('the activation poll', () => listRequests(s, 0), (r) => r.some((q) => q.query.dir === 'prev'), 60_000);

		const orderIds = async () =>
			(await allExecutions(api, wf.id, true))
				.sort((a, b) => Number(a.id) - Number(b.id))
				.flatMap((e) => itemsOf(e, NODE_NAME))
				.map((item) => ({ id: (item.record as { id: number }).id, eventId: String(item.eventId) }));

		const first = Array.from({ length: 30 }, () => placeOrder(s.data).id);
		await until('the first 30 orders', orderIds, (a) => a.length >= 30, 150_000);
		const mark = Math.max(...listRequests(s, 0).map((r) => r.seq));
		const second = Array.from({ length: 30 }, () => placeOrder(s.data).id);
		await until('the next 30 orders', orderIds, (a) => a.length >= 60, 150_000);
		// One more poll, which finds nothing: three list requests after the mark in all, a minute apart.
		const requests = await until('two more polls', () => listRequests(s, mark), (r) => r.length >= 2, 150_000);
		const arrived = await orderIds();

		expect(arrived.map((a) => a.id)).toEqual([...first, ...second]);
		expect(duplicatesOf(arrived.map((a) => a.eventId))).toEqual([]);
		const times = [Date.parse(s.requests({ method: 'GET', path: '/v1/orders' }).find((r) => r.seq === mark)!.at), ...requests.map((r) => Date.parse(r.at))];
		const gaps = times.slice(1).map((time, index) => time - times[index]);
		expect(gaps.every((gap) => gap >= 50_000)).toBe(true);
		expect(requests.every((r) => r.query.dir === 'next' && r.query.offset !== undefined)).toBe(true);
		// The executions ran on the workers, not on main.
		const ranOn = workers.map((w) => (w.readLog().match(/Worker finished execution \d+/g) ?? []).length);
		const executions = (await allExecutions(api, wf.id, false)).length;
		expect(ranOn.reduce((sum, n) => sum + n, 0)).toBe(executions);
		process.stderr.write(`[queue poll e2e] ${line}.x: ${executions} executions (${ranOn.join(' + ')} on the workers), list requests ${gaps.map((g) => `${(g / 1000).toFixed(0)} s`).join(', ')} apart, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
		await api.deactivateWorkflow(wf.id);
	});
});
