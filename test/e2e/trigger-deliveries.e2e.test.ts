/**
 * The SamCart Trigger's delivery semantics in REAL n8n servers (2.41.1 on Node 24, 1.123.81 on Node 20), the packed
 * package installed as the Community Nodes screen installs it.
 *
 * SamCart's stream, from the simulator: one Product Purchased per cart item (a checkout with a bump, an upsell
 * minutes later), a dunning cycle that ends in Subscription Canceled with status delinquent, a voluntary cancellation:
 *   - three New Order executions whose item amounts add up to the order total; with Once Per Order, one;
 *   - the cancellations labelled `delinquent` and `voluntary`.
 *
 * "Ignore Duplicate Deliveries":
 *   - 20 identical deliveries sent at once start ONE execution (19 answered `ignored: duplicate`);
 *   - the same delivery sent again after that execution finished is ignored;
 *   - after n8n restarts (same database), it is still ignored: the memory was saved in the workflow's static data;
 *   - a different event still runs.
 * n8n 2.x resets the static data's change flag when it builds the execution, after the webhook ran; a memory kept
 * only there was never saved for accepted events (issue 21: 20 copies gave 20 executions on 2.41.1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n } from '../../dev/local-n8n/server';
import { buildWebhookPayload, sendWebhook, startSimulator, type Simulator } from '../../dev/samcart-simulator';
import { dunningDeliveries, orderDeliveries, voluntaryCancellation } from '../../dev/samcart-simulator/deliveries';
import { itemsOf, samCartTriggerNode, stopEverything, triggerPath, waitForFinished, workflow } from './samcart-support';

jest.setTimeout(600_000);

const COPIES = 20;

describe.each(['2', '1'] as const)('SamCart Trigger deliveries in a real n8n %s.x', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `samcart-dupes-${line}-`));

	beforeAll(async () => {
		await ensureLine(line);
		await packPackage();
		sim = await startSimulator({ size: 'small', seed: 11, now: '2026-11-01T00:00:00Z' });
		n8n = await startN8n({ line, userFolder, keepUserFolder: true });
		await n8n.api.bootstrap();
	}, 40 * 60_000);

	afterAll(() => stopEverything(n8n, [sim], userFolder), 60_000);

	it(`${COPIES} copies at once → 1 execution; a later copy, and a copy after a restart, are ignored`, async () => {
		if (!n8n || !sim) throw new Error('n8n or the simulator did not start');
		const trigger = samCartTriggerNode(`dupes-${line}`, ['newOrder'], { ignoreDuplicates: true });
		const wf = await n8n.api.createWorkflow(workflow(`e2e duplicates ${line}.x`, [trigger]));
		await n8n.api.activateWorkflow(wf.id);
		await n8n.api.waitForWebhook(triggerPath(trigger));
		const url = () => `${n8n!.baseUrl}/webhook/${triggerPath(trigger)}`;
		const payload = buildWebhookPayload(sim.data, 'newOrder', { index: 1 });
		const answers = async (count: number, body = payload): Promise<Array<Record<string, unknown>>> =>
			(await sendWebhook(url(), () => body, { count, concurrency: count, timeoutMs: 60_000 })).map((d) => ({
				status: d.status,
				...(JSON.parse(d.body) as Record<string, unknown>),
			}));

		// at once: one accepted, every other copy a duplicate
		const burst = await answers(COPIES);
		const accepted = burst.filter((a) => a.ignored === undefined);
		expect(accepted).toEqual([{ status: 200, received: true, event: 'newOrder', eventId: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
		const eventId = accepted[0].eventId;
		expect(burst.filter((a) => a.ignored !== undefined)).toEqual(
			Array.from({ length: COPIES - 1 }, () => ({ status: 200, received: true, ignored: 'duplicate', event: 'newOrder', eventId })),
		);
		expect(await waitForFinished(n8n.api, wf.id, 1, 60_000, { includeData: false })).toHaveLength(1);

		// later: after the execution finished
		expect(await answers(1)).toEqual([{ status: 200, received: true, ignored: 'duplicate', event: 'newOrder', eventId }]);

		// after a restart on the same database: the memory came back from the workflow's static data
		const { encryptionKey } = n8n;
		await n8n.stop();
		n8n = await startN8n({ line, userFolder, keepUserFolder: true, package: false, env: { N8N_ENCRYPTION_KEY: encryptionKey } });
		await n8n.api.login();
		await n8n.api.createApiKey('after restart');
		await n8n.api.waitForWebhook(triggerPath(trigger));
		expect(await answers(1)).toEqual([{ status: 200, received: true, ignored: 'duplicate', event: 'newOrder', eventId }]);

		// another event still runs, once
		const other = buildWebhookPayload(sim.data, 'newOrder', { index: 2 });
		const [second] = await answers(1, other);
		expect(second).toMatchObject({ status: 200, received: true, event: 'newOrder' });
		expect(second.eventId).not.toBe(eventId);
		expect(await waitForFinished(n8n.api, wf.id, 2, 60_000, { includeData: false })).toHaveLength(2);
		await n8n.api.deactivateWorkflow(wf.id);
	});

	it('one delivery per product: the item amounts add up to the order total; Once Per Order keeps one; cancellations say why', async () => {
		if (!n8n || !sim) throw new Error('n8n or the simulator did not start');
		const { api, baseUrl } = n8n;
		const ds = sim.data;
		const order = ds.orders.find((o) => {
			const roles = Object.values(ds.orderMeta.get(o.id)?.item_roles ?? {});
			return !o.test_mode && roles.includes('bump') && roles.includes('upsell');
		});
		const [delinquent, voluntary] = ds.subscriptions.filter((x) => !x.test_mode && x.status === 'active');
		if (!order || !voluntary) throw new Error('the dataset has no live order with a bump and an upsell, or too few active subscriptions');
		const checkout = orderDeliveries(ds, order.id);
		expect(checkout.map((d) => (d.payload.product as { role: string }).role)).toEqual(['primary', 'bump', 'upsell']);
		const dunning = dunningDeliveries(ds, delinquent.id);
		const leaving = voluntaryCancellation(ds, voluntary.id);

		const everyItem = samCartTriggerNode(`per-item-${line}`, ['newOrder', 'subscriptionCanceled'], {});
		const oncePerOrder = samCartTriggerNode(`once-${line}`, ['newOrder'], { oncePerOrder: true });
		const wfs = [];
		for (const [label, trigger] of [['every item', everyItem], ['once per order', oncePerOrder]] as const) {
			const wf = await api.createWorkflow(workflow(`e2e ${label} ${line}.x`, [trigger]));
			await api.activateWorkflow(wf.id);
			await api.waitForWebhook(triggerPath(trigger));
			wfs.push(wf);
		}
		const send = async (trigger: typeof everyItem, deliveries: Array<{ payload: Record<string, unknown> }>): Promise<Array<Record<string, unknown>>> => {
			const answers = [];
			for (const d of deliveries) answers.push(...(await sendWebhook(`${baseUrl}/webhook/${triggerPath(trigger)}`, d.payload)));
			return answers.map((a) => ({ status: a.status, ...(JSON.parse(a.body) as Record<string, unknown>) }));
		};

		expect((await send(everyItem, checkout)).map((a) => [a.status, a.ignored])).toEqual([[200, undefined], [200, undefined], [200, undefined]]);
		const once = await send(oncePerOrder, checkout);
		expect(once.map((a) => a.ignored)).toEqual([undefined, 'order_already_seen', 'order_already_seen']);
		// the dunning cycle: 4 Charge Failed and a Delinquent (not selected), then Canceled; then a voluntary one
		const cancellations = await send(everyItem, [...dunning, ...leaving]);
		expect(cancellations.filter((a) => a.ignored === undefined).map((a) => a.event)).toEqual(['subscriptionCanceled', 'subscriptionCanceled']);

		const items = (await waitForFinished(api, wfs[0].id, 5, 60_000)).map((e) => itemsOf(e, 'SamCart Trigger')[0] as { event: string; summary: Record<string, unknown> });
		const purchases = items.filter((i) => i.event === 'newOrder').map((i) => i.summary);
		expect(purchases).toHaveLength(3);
		expect(purchases.map((p) => (p.item as { role: string }).role).sort()).toEqual(['bump', 'primary', 'upsell']);
		expect(purchases.reduce((sum, p) => sum + (p.amount_cents as number), 0)).toBe(order.total);
		expect(purchases.map((p) => p.order_total_cents)).toEqual([order.total, order.total, order.total]);
		const canceled = items.filter((i) => i.event === 'subscriptionCanceled').map((i) => [i.summary.subscription_id, i.summary.cancellation]);
		expect(canceled.sort()).toEqual([[delinquent.id, 'delinquent'], [voluntary.id, 'voluntary']].sort());
		expect(await waitForFinished(api, wfs[1].id, 1, 60_000, { includeData: false })).toHaveLength(1);
		for (const wf of wfs) await api.deactivateWorkflow(wf.id);
	});
});
