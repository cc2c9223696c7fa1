/**
 * Our SamCart node through the REAL n8n engine (WorkflowExecute, real nodes-base nodes, n8n's CredentialsHelper),
 * against the simulator; other services' HTTP intercepted with nock in the same process.
 * Runs on every line available on this Node (2.x and 1.x on Node 24; see README.md).
 */
import nock from 'nock';
import type { IDataObject, INode } from 'n8n-workflow';
import { startSimulator, type Simulator } from '../../dev/samcart-simulator';
import {
	availableLines,
	closeEngines,
	executeWorkflow,
	loadEngine,
	type N8nLine,
	type WorkflowJson,
} from './harness';

jest.setTimeout(120_000);

let sim: Simulator;
const creds = () => ({ samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl } });
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

beforeAll(async () => {
	sim = await startSimulator({ size: 'small', seed: 42, now: '2026-11-01T00:00:00Z' });
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
	nock.cleanAll();
});

afterAll(async () => {
	nock.enableNetConnect();
	await sim?.stop();
	await closeEngines();
});

/** A node at a position; parameters as the editor would save them. */
let nodeCount = 0;
function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: IDataObject = {},
	extra: Partial<INode> = {},
): INode {
	nodeCount++;
	return {
		id: `n${nodeCount}`,
		name,
		type,
		typeVersion,
		position: [nodeCount * 200, 0],
		parameters,
		...extra,
	} as INode;
}

/** Connects nodes in a chain: a → b → c. */
function chain(...names: string[]): WorkflowJson['connections'] {
	const c: WorkflowJson['connections'] = {};
	for (let i = 0; i < names.length - 1; i++)
		c[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return c;
}

const manual = () => node('Manual', 'n8n-nodes-base.manualTrigger', 1);
const samCart = (parameters: IDataObject, extra: Partial<INode> = {}) =>
	node('SamCart', 'n8n-nodes-samcart.samCart', 1, parameters, extra);
const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('loads our package so that it shares the engine’s n8n-workflow instance', async () => {
		const engine = await loadEngine(line);
		expect(engine.version).toBe(line === '2' ? '2.41.1' : '1.123.81');
		expect(engine.ourWorkflowPath).toBe(engine.engineWorkflowPath);
		// the expression engine we asked for is the one evaluating (isolated-vm for 2.x under run.ts)
		const Expression = engine.workflow.Expression as unknown as { shouldUseVm(): boolean };
		expect(Expression.shouldUseVm()).toBe(engine.expressionEngine === 'vm');
		expect(engine.nodeTypes.getByNameAndVersion('n8n-nodes-samcart.samCart', 1).description.name).toBe(
			'samCart',
		);
	});

	test('Manual Trigger → SamCart Order Get Many (Return All) returns exactly the simulator’s orders', async () => {
		sim.clearRequests();
		const r = await executeWorkflow(
			{
				nodes: [
					manual(),
					samCart({ resource: 'order', operation: 'getMany', returnAll: true, simplify: false }),
				],
				connections: chain('Manual', 'SamCart'),
			},
			{ line, credentials: creds() },
		);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(r.executed).toEqual(['Manual', 'SamCart']);
		expect(r.runData.SamCart).toEqual(json(sim.data.orders));
		expect(r.credentials.requested).toEqual(['samCartApi']);
		// every call carried the key through the credential's `authenticate` function (applied by n8n's CredentialsHelper)
		const calls = sim.requests({ path: /^\/v1\/orders/ });
		expect(calls.length).toBeGreaterThan(1);
		for (const c of calls) expect(c.status).toBe(200);
	});

	test('SamCart Order Get by ID returns that order', async () => {
		const order = sim.data.orders[17];
		const r = await executeWorkflow(
			{
				nodes: [
					manual(),
					samCart({ resource: 'order', operation: 'get', orderId: byId(order.id), simplify: false }),
				],
				connections: chain('Manual', 'SamCart'),
			},
			{ line, credentials: creds() },
		);
		expect(r.finished).toBe(true);
		expect(r.runData.SamCart).toEqual([json(order)]);
	});

	test('a wrong API key fails the run with our 401 message (the key really is sent by the credential)', async () => {
		const r = await executeWorkflow(
			{
				nodes: [
					manual(),
					samCart({ resource: 'order', operation: 'get', orderId: byId(sim.data.orders[0].id) }),
				],
				connections: chain('Manual', 'SamCart'),
			},
			{ line, credentials: { samCartApi: { apiKey: 'not-the-key', baseUrl: sim.baseUrl } } },
		);
		expect(r.finished).toBe(false);
		expect(r.error?.message).toBe('SamCart rejected the API key');
	});

	test('404 without Continue On Fail: the run fails with our message, as the engine’s NodeApiError', async () => {
		const engine = await loadEngine(line);
		const r = await executeWorkflow(
			{
				nodes: [manual(), samCart({ resource: 'order', operation: 'get', orderId: byId(999999999) })],
				connections: chain('Manual', 'SamCart'),
			},
			{ line, credentials: creds() },
		);
		expect(r.finished).toBe(false);
		expect(r.status).toBe('error');
		expect(r.errorNode).toBe('SamCart');
		expect(r.error?.message).toBe('Order 999999999 was not found');
		expect(r.error?.httpCode).toBe('404');
		// WorkflowExecute (1.x and 2.x) stores a plain copy ({ ...error, message, stack }) of the node's error;
		// the class identity is checked on the Continue On Fail items below.
		expect(r.error).not.toBeInstanceOf(engine.workflow.NodeApiError);
	});

	test('an ID that is not a number: the engine refuses a literal, our node refuses an expression', async () => {
		const wf = (value: string) => ({
			nodes: [manual(), samCart({ resource: 'order', operation: 'get', orderId: byId(value) })],
			connections: chain('Manual', 'SamCart'),
		});
		// the resource locator's regex is checked by the engine before anything runs
		await expect(executeWorkflow(wf('abc'), { line, credentials: creds() })).rejects.toThrow(/issues/);
		const r = await executeWorkflow(wf('={{ "abc" }}'), { line, credentials: creds() });
		expect(r.finished).toBe(false);
		expect(r.errorNode).toBe('SamCart');
		expect(r.error?.message).toBe('Order ID "abc" is not valid');
		// with Continue On Fail the item keeps our error object: the engine's NodeOperationError class
		const c = await executeWorkflow(
			{
				...wf('={{ "abc" }}'),
				nodes: [
					manual(),
					samCart(
						{ resource: 'order', operation: 'get', orderId: byId('={{ "abc" }}') },
						{ onError: 'continueRegularOutput' },
					),
				],
			},
			{ line, credentials: creds() },
		);
		const engine = await loadEngine(line);
		const item = c.run.data.resultData.runData.SamCart[0].data?.main[0]?.[0];
		expect(item?.error).toBeInstanceOf(engine.workflow.NodeOperationError);
		expect(item?.error).not.toBeInstanceOf(engine.workflow.NodeApiError);
	});

	test('404 with Continue On Fail (regular output): an error item, and the run goes on', async () => {
		const r = await executeWorkflow(
			{
				nodes: [
					manual(),
					samCart(
						{ resource: 'order', operation: 'get', orderId: byId(999999999) },
						{ onError: 'continueRegularOutput' },
					),
					node('After', 'n8n-nodes-base.noOp', 1),
				],
				connections: chain('Manual', 'SamCart', 'After'),
			},
			{ line, credentials: creds() },
		);
		expect(r.finished).toBe(true);
		expect(r.runData.SamCart).toHaveLength(1);
		expect(r.runData.SamCart[0].error).toBe('Order 999999999 was not found');
		// the item keeps the error object our node created: an instance of the ENGINE's NodeApiError class
		const engine = await loadEngine(line);
		const item = r.run.data.resultData.runData.SamCart[0].data?.main[0]?.[0];
		expect(item?.error).toBeInstanceOf(engine.workflow.NodeApiError);
		expect(item?.error).toBeInstanceOf(engine.workflow.NodeError);
		expect(r.runData.After).toEqual(r.runData.SamCart);
	});

	test('SamCart Get Many → Filter → Summarize → HTTP Request to Slack (nock) and Slack node: exact bodies', async () => {
		const big = sim.data.orders.filter((o) => o.total > 10000);
		expect(big.length).toBeGreaterThan(0);
		expect(big.length).toBeLessThan(sim.data.orders.length);
		const count = big.length;
		const sum = big.reduce((s, o) => s + o.total, 0);
		const expectedText = `${count} orders over $100, ${sum} cents in all`;

		let webhookBody: unknown;
		const hook = nock('https://hooks.slack.com')
			.post('/services/T000/B000/XXXX', (b) => ((webhookBody = b), true))
			.reply(200, 'ok');
		let slackBody: unknown;
		const slack = nock('https://slack.com', { reqheaders: { authorization: 'Bearer xoxb-engine-test' } })
			.post('/api/chat.postMessage', (b) => ((slackBody = b), true))
			.reply(200, {
				ok: true,
				channel: 'C0ENGINE',
				ts: '1700000000.000100',
				message: { text: expectedText },
			});

		const r = await executeWorkflow(
			{
				nodes: [
					manual(),
					samCart({ resource: 'order', operation: 'getMany', returnAll: true }),
					node('Big Orders', 'n8n-nodes-base.filter', 2.2, {
						conditions: {
							options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
							conditions: [
								{
									id: 'c1',
									leftValue: '={{ $json.total_cents }}',
									rightValue: 10000,
									operator: { type: 'number', operation: 'gt' },
								},
							],
							combinator: 'and',
						},
						options: {},
					}),
					node('Summarize', 'n8n-nodes-base.summarize', 1.1, {
						fieldsToSummarize: {
							values: [
								{ aggregation: 'count', field: 'id' },
								{ aggregation: 'sum', field: 'total_cents' },
							],
						},
						options: {},
					}),
					node('Slack Webhook', 'n8n-nodes-base.httpRequest', 4.2, {
						method: 'POST',
						url: 'https://hooks.slack.com/services/T000/B000/XXXX',
						sendBody: true,
						specifyBody: 'json',
						jsonBody:
							'={ "text": "{{ $json.count_id }} orders over $100, {{ $json.sum_total_cents }} cents in all" }',
						options: {},
					}),
					node('Slack', 'n8n-nodes-base.slack', 2.3, {
						select: 'channel',
						channelId: { __rl: true, mode: 'id', value: 'C0ENGINE' },
						text: "={{ $('Summarize').item.json.count_id }} orders over $100, {{ $('Summarize').item.json.sum_total_cents }} cents in all",
						otherOptions: { includeLinkToWorkflow: false },
					}),
				],
				connections: chain('Manual', 'SamCart', 'Big Orders', 'Summarize', 'Slack Webhook', 'Slack'),
			},
			{ line, credentials: { ...creds(), slackApi: { accessToken: 'xoxb-engine-test' } } },
		);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(r.runData['Big Orders'].map((o) => o.id)).toEqual(big.map((o) => o.id));
		expect(r.runData.Summarize).toEqual([{ count_id: count, sum_total_cents: sum }]);
		expect(webhookBody).toEqual({ text: expectedText });
		expect(slackBody).toMatchObject({ channel: 'C0ENGINE', text: expectedText });
		expect(hook.isDone()).toBe(true);
		expect(slack.isDone()).toBe(true);
		expect(r.credentials.requested.sort()).toEqual(['samCartApi', 'slackApi']);
	});

	test('expressions read our output: item-linked $("SamCart"), $json and an ID computed upstream', async () => {
		const order = sim.data.orders[33];
		const r = await executeWorkflow(
			{
				nodes: [
					manual(),
					node('Which', 'n8n-nodes-base.set', 3.4, {
						assignments: {
							assignments: [{ id: 'a1', name: 'wanted', value: `={{ ${order.id} + 0 }}`, type: 'number' }],
						},
						options: {},
					}),
					samCart({
						resource: 'order',
						operation: 'get',
						orderId: byId('={{ $json.wanted }}'),
						simplify: true,
					}),
					node('Use', 'n8n-nodes-base.set', 3.4, {
						assignments: {
							assignments: [
								{
									id: 'b1',
									name: 'line',
									value: '=Order {{ $json.id }} for customer {{ $("SamCart").item.json.customer_id }}',
									type: 'string',
								},
								{ id: 'b2', name: 'asked', value: '={{ $("Which").item.json.wanted }}', type: 'number' },
								{ id: 'b3', name: 'products', value: '={{ $json.products.length }}', type: 'number' },
							],
						},
						options: {},
					}),
				],
				connections: chain('Manual', 'Which', 'SamCart', 'Use'),
			},
			{ line, credentials: creds() },
		);
		expect(r.error).toBeUndefined();
		expect(r.runData.Use).toEqual([
			{
				line: `Order ${order.id} for customer ${order.customer_id}`,
				asked: order.id,
				products: order.cart_items.length,
			},
		]);
	});

	test('Schedule Trigger start runs from the schedule node', async () => {
		const r = await executeWorkflow(
			{
				nodes: [
					node('Every Hour', 'n8n-nodes-base.scheduleTrigger', 1.2, {
						rule: { interval: [{ field: 'hours' }] },
					}),
					samCart({ resource: 'order', operation: 'getMany', returnAll: false, limit: 3, simplify: false }),
				],
				connections: chain('Every Hour', 'SamCart'),
			},
			{ line, credentials: creds() },
		);
		expect(r.error).toBeUndefined();
		expect(r.executed).toEqual(['Every Hour', 'SamCart']);
		expect(r.runData.SamCart).toEqual(json(sim.data.orders.slice(0, 3)));
	});

	test('SamCart Trigger start: the given trigger items flow on as a webhook execution', async () => {
		const order = sim.data.orders[5];
		const r = await executeWorkflow(
			{
				nodes: [
					node(
						'SamCart Trigger',
						'n8n-nodes-samcart.samCartTrigger',
						1,
						{ events: ['newOrder'] },
						{ webhookId: 'engine-test' },
					),
					samCart({
						resource: 'order',
						operation: 'get',
						orderId: byId('={{ $json.order.id }}'),
						simplify: false,
					}),
				],
				connections: chain('SamCart Trigger', 'SamCart'),
			},
			{ line, credentials: creds(), triggerItems: [{ event: 'order.created', order: { id: order.id } }] },
		);
		expect(r.error).toBeUndefined();
		expect(r.run.mode).toBe('webhook');
		expect(r.runData['SamCart Trigger']).toEqual([{ event: 'order.created', order: { id: order.id } }]);
		expect(r.runData.SamCart).toEqual([json(order)]);
	});
});
