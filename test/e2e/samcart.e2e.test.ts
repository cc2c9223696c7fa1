/**
 * Our package inside REAL n8n servers, on both lines (2.41.1 on Node 24, 1.123.81 on Node 20), installed from the
 * packed tarball the way the Community Nodes screen does, against the SamCart simulator (a separate HTTP server on
 * 127.0.0.1 that n8n's process calls):
 *   1. the nodes load (node types of the server);
 *   2. the credential's Test button (POST /rest/credentials/test): OK, and our plain-words 401 / 403 messages;
 *   3. Webhook-started workflows with SamCart operations (Order Get Many / Get, Charge Refund, Subscription Cancel),
 *      read back through the public executions API and checked against the simulator's data and request log;
 *   4. the SamCart Trigger with a secret token: the 8 core events, a wrong token, deactivation.
 * One n8n per line (started once, ~10 s), one simulator per line (its data changes with refunds and cancellations).
 */
import { CREDENTIAL_TEST_MESSAGES } from '../../credentials/SamCartApi.credentials';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n } from '../../dev/local-n8n/server';
import { buildWebhookPayload, sendWebhook, startSimulator, type Simulator } from '../../dev/samcart-simulator';
import {
	byId,
	CORE_EVENTS,
	describeExecution,
	itemsOf,
	outputOf,
	SAMCART,
	SAMCART_TRIGGER,
	samCartNode,
	samCartTriggerNode,
	sleep,
	stopEverything,
	triggerPath,
	waitForFinished,
	webhookNode,
	workflow,
} from './samcart-support';

jest.setTimeout(600_000); // jest 30 ignores testTimeout inside a `projects` entry

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const TOKEN = 'e2e-secret-token_0123456789abcdef';

/**
 * n8n 1.123.81 injects "Allowed HTTP Request Domains" fields into every credential type that has `authenticate`
 * (ours does), and the public API's generated schema then demands `allowedDomains` when the selector is absent
 * (HTTP 400 "request.body.data requires property \"allowedDomains\""). The editor saves `all` by default; so do we.
 */
const credentialData = (line: '1' | '2', data: Record<string, unknown>) => (line === '1' ? { ...data, allowedHttpRequestDomains: 'all' } : data);

describe.each(['2', '1'] as const)('SamCart package in a real n8n %s.x', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;
	let credential: { id: string; name: string };
	const t0 = Date.now();

	const server = () => {
		if (!n8n) throw new Error(`n8n ${line}.x did not start (see the beforeAll error above)`);
		return n8n;
	};
	const simulator = () => {
		if (!sim) throw new Error('the simulator did not start');
		return sim;
	};

	beforeAll(async () => {
		await ensureLine(line); // no-op when cached
		await packPackage(); // once per jest worker
		sim = await startSimulator({ size: 'small', seed: 7, now: '2026-11-01T00:00:00Z' });
		n8n = await startN8n({ line });
		await n8n.api.bootstrap();
		const created = await n8n.api.createCredential({ name: 'SamCart (simulator)', type: 'samCartApi', data: credentialData(line, { apiKey: sim.apiKey, baseUrl: sim.baseUrl }) });
		credential = { id: created.id, name: created.name };
	}, 40 * 60_000);

	afterAll(async () => {
		await stopEverything(n8n, [sim]);
		process.stderr.write(`[samcart e2e] line ${line}.x: ${((Date.now() - t0) / 1000).toFixed(1)} s in all\n`);
	}, 60_000);

	it('loads the SamCart and SamCart Trigger node types', async () => {
		const names = (await server().api.nodeTypes()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining([SAMCART, SAMCART_TRIGGER]));
		expect(await server().api.credentialSchema('samCartApi')).toMatchObject({ properties: { apiKey: expect.anything() } });
	});

	it('credential Test: OK with the right key, our plain-words messages (2.x) for a wrong key (401) and a key without API access (403)', async () => {
		const { api } = server();
		const s = simulator();
		expect(await api.testCredential(credential.id)).toEqual({ status: 'OK', message: expect.any(String) });

		// 2.41.1 shows our plain-words texts. 1.123.81 never applies the credential's `responseCode` rules: the error
		// its core hands to the credential tester has no `cause.response`, so 1.x users see n8n's generic per-status
		// text instead (reported as a limitation; a declarative rule cannot fix it, a `testedBy` function could).
		const [invalidKey, noApiAccess] =
			line === '2'
				? [CREDENTIAL_TEST_MESSAGES.invalidKey, CREDENTIAL_TEST_MESSAGES.noApiAccess]
				: ['Authorization failed - please check your credentials', 'Forbidden - perhaps check your credentials?'];
		const bad = await api.createCredential({ name: 'SamCart (wrong key)', type: 'samCartApi', data: credentialData(line, { apiKey: 'sc_wrong_key', baseUrl: s.baseUrl }) });
		expect(await api.testCredential(bad.id)).toEqual({ status: 'Error', message: invalidKey });

		const noAccess = await api.createCredential({ name: 'SamCart (no API access)', type: 'samCartApi', data: credentialData(line, { apiKey: s.noAccessKey, baseUrl: s.baseUrl }) });
		expect(await api.testCredential(noAccess.id)).toEqual({ status: 'Error', message: noApiAccess });

		// every test call was GET /orders?limit=1 with the key in the sc-api header (redacted in the simulator's log).
		// n8n's core sends the request again after a 401 (httpRequestWithAuthentication, both lines), hence a set.
		const tests = s.requests().map((r) => ({ call: `${r.method} ${r.path}?limit=${String(r.query.limit)}`, key: r.headers['sc-api'], status: r.status }));
		expect(new Set(tests.map((t) => `${t.call} key=${String(t.key)} -> ${t.status}`))).toEqual(
			new Set([200, 401, 403].map((status) => `GET /v1/orders?limit=1 key=[redacted] -> ${status}`)),
		);
	});

	it('Webhook → SamCart Order Get Many (Return All) answers with exactly the simulator’s orders', async () => {
		const { api } = server();
		const s = simulator();
		const path = `e2e-orders-${line}`;
		const wf = await api.createWorkflow(
			workflow(`e2e order get many ${line}.x`, [
				webhookNode(path, 'allEntries'),
				samCartNode('Get Many Orders', { resource: 'order', operation: 'getMany', returnAll: true, simplify: false }, credential),
			]),
		);
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook(path);
		s.clearRequests();

		const res = await api.callWebhook<unknown[]>(path, {});
		expect(res.status).toBe(200);
		expect(res.body).toEqual(json(s.data.orders));

		const [exec] = await api.waitForExecutions(wf.id, 1);
		expect(exec.status).toBe('success');
		expect(itemsOf(exec, 'Get Many Orders')).toEqual(json(s.data.orders));
		// Return All followed the cursor: several pages, each answered 200, nothing else called
		const calls = s.requests();
		expect(calls.length).toBeGreaterThan(1);
		expect(calls.every((c) => c.method === 'GET' && c.path === '/v1/orders' && c.status === 200)).toBe(true);

		await api.deactivateWorkflow(wf.id);
	});

	it('Webhook → Order Get → Charge Refund (partial, exact cents) → Subscription Cancel: each write sent exactly once', async () => {
		const { api } = server();
		const s = simulator();
		const charge = s.data.charges.find((c) => !c.test_mode && c.charge_refund_status === null && c.total > 5000 && c.currency === 'USD');
		const sub = s.data.subscriptions.find((x) => !x.test_mode && x.status === 'active');
		if (!charge || !sub) throw new Error('the simulator dataset has no refundable USD charge or no active subscription');
		const order = json(s.data.order(charge.order_id)!); // before the refund changes its item's status
		const path = `e2e-writes-${line}`;
		const body = { orderId: order.id, chargeId: charge.id, amount: 19.99, subscriptionId: sub.id };
		const wf = await api.createWorkflow(
			workflow(`e2e writes ${line}.x`, [
				webhookNode(path),
				samCartNode('Get Order', { resource: 'order', operation: 'get', orderId: byId('={{ $json.body.orderId }}'), simplify: false }, credential),
				samCartNode(
					'Refund',
					{ resource: 'charge', operation: 'refund', chargeId: byId("={{ $('Webhook').item.json.body.chargeId }}"), refundType: 'partial', amount: "={{ $('Webhook').item.json.body.amount }}", options: {} },
					credential,
				),
				samCartNode('Cancel', { resource: 'subscription', operation: 'cancel', subscriptionId: byId("={{ $('Webhook').item.json.body.subscriptionId }}"), options: {} }, credential),
			]),
		);
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook(path);
		s.clearRequests();

		const res = await api.callWebhook<Record<string, unknown>>(path, body);
		const [exec] = await api.waitForExecutions(wf.id, 1);
		expect({ status: exec.status, detail: exec.status === 'success' ? '' : describeExecution(exec) }).toEqual({ status: 'success', detail: '' });
		expect(res.status).toBe(200);

		expect(outputOf(exec, 'Get Order')).toEqual(json(order));
		// 19.99 became exactly 1999 cents (not 1998.9999…) in the one refund request SamCart got
		const refundCalls = s.requests({ method: 'POST', path: `/v1/refunds/charges/${charge.id}/` });
		expect(refundCalls.map((c) => ({ body: c.body, status: c.status }))).toEqual([{ body: { amount: 1999 }, status: 200 }]);
		const refunds = s.data.indexes.refundsByCharge.get(charge.id) ?? [];
		expect(refunds.map((r) => r.refund_amount)).toEqual([1999]);
		expect(s.data.charge(charge.id)!.charge_refund_status).toBe('partially_refunded');
		expect(outputOf(exec, 'Refund')).toMatchObject({ charge_id: charge.id, refund_amount: 1999 });

		const cancelCalls = s.requests({ method: 'POST', path: `/v1/subscriptions/${sub.id}/cancel` });
		expect(cancelCalls.map((c) => ({ body: c.body, status: c.status }))).toEqual([{ body: { silent_cancel: false }, status: 200 }]);
		expect((s.record('subscriptions', sub.id) as { status: string }).status).toBe('canceled');
		const cancelOut = { subscription_id: sub.id, canceled: true, already_in_state: false, status: 'canceled', silent_cancel: false };
		expect(outputOf(exec, 'Cancel')).toEqual(cancelOut);
		expect(res.body).toEqual(cancelOut);

		await api.deactivateWorkflow(wf.id);
	});

	it('SamCart Trigger with a secret token: each core event runs once with its item; a wrong token gets 401; deactivation stops it', async () => {
		const { api, baseUrl } = server();
		const s = simulator();
		const trigger = samCartTriggerNode(`core-${line}`, CORE_EVENTS, { secretToken: TOKEN });
		const wf = await api.createWorkflow(workflow(`e2e trigger ${line}.x`, [trigger]));
		await api.activateWorkflow(wf.id);
		const path = triggerPath(trigger);
		await api.waitForWebhook(path);
		const url = `${baseUrl}/webhook/${path}`;

		const sent = new Map<string, { key: string; payload: Record<string, unknown> }>();
		for (const key of CORE_EVENTS) {
			const payload = buildWebhookPayload(s.data, key);
			const [d] = await sendWebhook(`${url}?token=${TOKEN}`, payload);
			expect({ key, status: d.status, error: d.error }).toEqual({ key, status: 200, error: undefined });
			const answer = JSON.parse(d.body) as { received: boolean; event: string; eventId: string };
			expect(answer).toEqual({ received: true, event: key, eventId: expect.stringMatching(/^[0-9a-f]{64}$/) });
			sent.set(answer.eventId, { key, payload });
		}
		expect(sent.size).toBe(CORE_EVENTS.length);

		const execs = await waitForFinished(api, wf.id, CORE_EVENTS.length, 60_000);
		expect(execs).toHaveLength(CORE_EVENTS.length);
		for (const exec of execs) {
			expect({ id: exec.id, status: exec.status, mode: exec.mode }).toEqual({ id: exec.id, status: 'success', mode: 'webhook' });
			const items = itemsOf(exec, 'SamCart Trigger');
			expect(items).toHaveLength(1);
			const item = items[0] as { eventId: string; summary: Record<string, unknown>; payload: Record<string, unknown> } & Record<string, unknown>;
			const origin = sent.get(item.eventId);
			if (!origin) throw new Error(`execution ${exec.id} has eventId ${item.eventId}, which was never sent`);
			sent.delete(item.eventId);
			const p = origin.payload as Record<string, Record<string, unknown>>;
			expect(item).toMatchObject({ event: origin.key, eventType: p.type, testMode: false, payload: origin.payload });
			expect(item.summary).toMatchObject({
				customer_email: p.customer.email,
				customer_id: p.customer.customer_id,
				customer_name: `${p.customer.first_name} ${p.customer.last_name}`,
				product_id: p.product.id,
				product_name: p.product.name,
			});
			if (p.order) expect(item.summary.order_id).toBe(p.order.id);
			if (p.subscription) expect(item.summary.subscription_id).toBe(p.subscription.id);
			// amounts: webhook dollars → exact integer cents of the record in the simulator
			if (origin.key === 'newOrder') {
				// one delivery per product: this one is the primary item's; the order's total stands beside it
				const order = s.data.order(p.order.id as number)!;
				expect(item.summary).toMatchObject({ amount_cents: order.cart_items[0].initial_price.total, amount_source: 'product.total', order_total_cents: order.total });
			}
			if (p.subscription) {
				const record = s.data.subscription(p.subscription.id as number)!;
				expect(item.summary).toMatchObject({ amount_cents: record.recurring_price.total, amount_source: 'subscription.price' });
			}
		}
		expect([...sent.values()].map((x) => x.key)).toEqual([]); // every sent event was seen

		// wrong or missing token: 401, no execution
		const wrong = await sendWebhook(`${url}?token=not-the-token-0123456789`, buildWebhookPayload(s.data, 'newOrder', { index: 3 }));
		const missing = await sendWebhook(url, buildWebhookPayload(s.data, 'newOrder', { index: 4 }));
		expect([wrong[0].status, missing[0].status]).toEqual([401, 401]);
		expect(JSON.parse(wrong[0].body)).toMatchObject({ error: 'unauthorized' });

		// deactivation: the URL is gone (404) and nothing more runs
		await api.deactivateWorkflow(wf.id);
		await api.waitForWebhook(path, { gone: true, timeoutMs: 60_000 });
		const late = await sendWebhook(`${url}?token=${TOKEN}`, buildWebhookPayload(s.data, 'newOrder', { index: 5 }));
		expect(late[0].status).toBe(404);
		await sleep(1500);
		const after = await api.listExecutions(wf.id, { includeData: false });
		expect(after).toHaveLength(CORE_EVENTS.length);
	});

	it.each([1, 1.1])('SamCart Trigger %s reads JSON sent without a Content-Type and form fields, through n8n', async (version) => {
		const { api, baseUrl } = server();
		const s = simulator();
		const trigger = samCartTriggerNode(`bodies-${line}-${version}`, ['newOrder'], {}, version);
		const wf = await api.createWorkflow(workflow(`e2e trigger bodies ${line}.x v${version}`, [trigger]));
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook(triggerPath(trigger));
		const url = `${baseUrl}/webhook/${triggerPath(trigger)}`;

		const bare = buildWebhookPayload(s.data, 'newOrder', { index: 11 });
		// A Buffer body: fetch sends no Content-Type, so n8n (from version 1.1) leaves the bytes unread.
		const noType = await fetch(url, { method: 'POST', body: Buffer.from(JSON.stringify(bare)) });
		const [asForm] = await sendWebhook(url, buildWebhookPayload(s.data, 'newOrder', { index: 12 }), { encoding: 'form' });
		expect([noType.status, asForm.status]).toEqual([200, 200]);
		expect(await noType.json()).toMatchObject({ received: true, event: 'newOrder' });

		const execs = await waitForFinished(api, wf.id, 2, 60_000);
		const items = execs.map((exec) => itemsOf(exec, 'SamCart Trigger')[0] as { payload: { order: { id: unknown } } });
		const orderIds = items.map((item) => String(item.payload.order.id)).sort();
		const expected = [bare, buildWebhookPayload(s.data, 'newOrder', { index: 12 })].map((p) => String((p.order as { id: unknown }).id)).sort();
		expect(orderIds).toEqual(expected);
		expect(items.find((item) => String(item.payload.order.id) === String((bare.order as { id: unknown }).id))?.payload).toEqual(bare);
		await api.deactivateWorkflow(wf.id);
	});
});
