/**
 * The SamCart Poll Trigger catches up after an outage, in REAL n8n servers (2.41.1 on Node 24, 1.123.81 on Node 20)
 * with the packed package (issue 15):
 *   - a workflow polls every minute; activation starts its cursors at the newest records (the simulator's history
 *     does not come out);
 *   - 50 orders placed while n8n runs arrive at the next poll;
 *   - n8n is stopped; 100 orders and 20 refunds are made; n8n starts again on the same database;
 *   - exactly those 100 orders and 20 refunds arrive, none twice, oldest first: 150 orders in all;
 *   - a refund made after that arrives alone at the next poll: the cursors saved after the catch-up hold.
 * n8n polls at most once a minute: measured 148 s for 2.x and 127 s for 1.x, n8n starts included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n } from '../../dev/local-n8n/server';
import { startSimulator, type Simulator } from '../../dev/samcart-simulator';
import { placeOrder } from '../../dev/samcart-simulator/checkout';
import { refundCharge } from '../../dev/samcart-simulator/writes';
import type { N8nApi } from '../../dev/local-n8n/api';
import { allExecutions, describeExecution, duplicatesOf, itemsOf, node, stopEverything, workflow } from './samcart-support';

jest.setTimeout(900_000);

const POLL_TRIGGER = 'n8n-nodes-samcart.samCartPollTrigger';
const NODE_NAME = 'SamCart Poll Trigger';

/** 1.x's credential schema requires the HTTP-request domain setting (see samcart.e2e.test.ts). */
const credentialData = (line: '1' | '2', data: Record<string, unknown>) => (line === '1' ? { ...data, allowedHttpRequestDomains: 'all' } : data);

interface Arrival {
	executionId: number;
	event: string;
	eventId: string;
	recordId: number;
}

/** Every item the poll trigger emitted, in execution order, then item order. */
async function arrivals(api: N8nApi, workflowId: string): Promise<Arrival[]> {
	const executions = (await allExecutions(api, workflowId, true)).sort((a, b) => Number(a.id) - Number(b.id));
	return executions.flatMap((execution) =>
		itemsOf(execution, NODE_NAME).map((item) => ({
			executionId: Number(execution.id),
			event: String(item.event),
			eventId: String(item.eventId),
			recordId: Number((item.record as { id: number }).id),
		})),
	);
}

/** Waits until `done` holds for what has arrived; fails with what did arrive, the executions and n8n's log. */
async function waitForArrivals(n8n: N8nServer, workflowId: string, done: (all: Arrival[]) => boolean, timeoutMs: number): Promise<Arrival[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = await arrivals(n8n.api, workflowId);
		if (done(all)) return all;
		if (Date.now() > deadline) {
			const count = (event: string) => all.filter((a) => a.event === event).length;
			const executions = (await allExecutions(n8n.api, workflowId, true)).map(describeExecution);
			throw new Error(
				`timed out after ${timeoutMs} ms: ${count('newOrder')} order items, ${count('newRefund')} refund items arrived; executions: ${executions.join('; ') || 'none'}; n8n log: ${n8n.main.readLog().slice(-3000)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 2000));
	}
}

/** Waits until the trigger asked each list for its newest record: the cursors then start there. */
async function activationPolled(sim: Simulator, paths: string[]): Promise<void> {
	const deadline = Date.now() + 60_000;
	const asked = () => paths.every((p) => sim.requests({ method: 'GET', path: p }).some((r) => r.query.dir === 'prev'));
	while (!asked()) {
		if (Date.now() > deadline) throw new Error(`the activation did not poll ${paths.join(' and ')} within 60 s`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

const ofEvent = (all: Arrival[], event: string) => all.filter((a) => a.event === event);
const increasing = (values: number[]) => values.every((value, index) => index === 0 || value > values[index - 1]);

describe.each(['2', '1'] as const)('SamCart Poll Trigger in a real n8n %s.x', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `samcart-poll-${line}-`));
	let t0 = 0;

	beforeAll(async () => {
		t0 = Date.now();
		await ensureLine(line);
		await packPackage();
		sim = await startSimulator({ size: 'small', seed: 15, now: '2026-11-01T00:00:00Z' });
		n8n = await startN8n({ line, userFolder, keepUserFolder: true });
		await n8n.api.bootstrap();
	}, 40 * 60_000);

	afterAll(async () => {
		await stopEverything(n8n, [sim], userFolder);
		process.stderr.write(`[poll e2e] line ${line}.x: ${((Date.now() - t0) / 1000).toFixed(0)} s in all\n`);
	}, 60_000);

	it('50 orders arrive; 100 orders and 20 refunds made while n8n is stopped arrive after it starts, each once, oldest first', async () => {
		if (!n8n || !sim) throw new Error('n8n or the simulator did not start');
		const ds = sim.data;
		const historyOrders = ds.orders.length;
		const historyRefunds = ds.refunds.length;
		const credential = await n8n.api.createCredential({
			name: 'SamCart (simulator)',
			type: 'samCartApi',
			data: credentialData(line, { apiKey: sim.apiKey, baseUrl: sim.baseUrl }),
		});
		const trigger = node(NODE_NAME, POLL_TRIGGER, 1, {
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			events: ['newOrder', 'newRefund'],
			options: {},
		}, { credentials: { samCartApi: { id: credential.id, name: credential.name } } });
		const wf = await n8n.api.createWorkflow(workflow(`e2e poll ${line}.x`, [trigger]));
		await n8n.api.activateWorkflow(wf.id);
		// n8n 2.x activates asynchronously: what exists before the activation's first poll is history, not new.
		await activationPolled(sim, ['/v1/orders', '/v1/refunds']);

		// While n8n runs: 50 orders, then the next poll.
		const firstBatch = Array.from({ length: 50 }, () => placeOrder(ds).id);
		let all = await waitForArrivals(n8n, wf.id, (a) => ofEvent(a, 'newOrder').length >= 50, 150_000);
		expect(ofEvent(all, 'newOrder').map((a) => a.recordId)).toEqual(firstBatch);
		expect(ofEvent(all, 'newRefund')).toEqual([]);

		// n8n stopped: 100 orders and 20 refunds of some of them.
		const { encryptionKey } = n8n;
		await n8n.stop();
		const secondBatch = Array.from({ length: 100 }, () => placeOrder(ds));
		const refunds = secondBatch.slice(0, 20).map((order) => refundCharge(ds, order.cart_items[0].charge_id as number, {}, Date.now()).id);
		n8n = await startN8n({ line, userFolder, keepUserFolder: true, package: false, env: { N8N_ENCRYPTION_KEY: encryptionKey } });
		await n8n.api.login();
		await n8n.api.createApiKey('after restart');

		all = await waitForArrivals(n8n, wf.id, (a) => ofEvent(a, 'newOrder').length >= 150 && ofEvent(a, 'newRefund').length >= 20, 150_000);
		// A refund made now shows the next poll starts after what the catch-up emitted.
		const sentinel = refundCharge(ds, ds.order(firstBatch[0])!.cart_items[0].charge_id as number, {}, Date.now()).id;
		all = await waitForArrivals(n8n, wf.id, (a) => ofEvent(a, 'newRefund').length >= 21, 150_000);

		const orders = ofEvent(all, 'newOrder').map((a) => a.recordId);
		expect(orders).toEqual([...firstBatch, ...secondBatch.map((o) => o.id)]);
		expect(ofEvent(all, 'newRefund').map((a) => a.recordId)).toEqual([...refunds, sentinel]);
		expect(duplicatesOf(all.map((a) => a.eventId))).toEqual([]);
		expect(increasing(orders)).toBe(true);
		// No history: nothing older than what was placed during the test came out.
		expect(Math.min(...orders)).toBeGreaterThan(ds.orders[historyOrders - 1].id);
		expect(Math.min(...ofEvent(all, 'newRefund').map((a) => a.recordId))).toBeGreaterThan(ds.refunds[historyRefunds - 1].id);
		await n8n.api.deactivateWorkflow(wf.id);
	});
});
