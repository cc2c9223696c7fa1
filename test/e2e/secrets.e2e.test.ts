/**
 * Secrets and forged webhooks through a REAL n8n (dev/local-n8n, line 2.x by default; SAMCART_E2E_LINES=2,1 for both),
 * with our packed package installed the way the Community Nodes screen installs it, against the simulator.
 *
 * 1. The API key appears in no output item, error, webhook answer, stored execution (full JSON with includeData=true)
 *    or line of n8n's log: workflows that succeed and that fail (401 wrong key, 404, 500 with Continue On Fail on and
 *    off, refund 409), each started through its production webhook.
 * 2. Forged deliveries to the SamCart Trigger (Secret Token + Verify With SamCart): missing or wrong token → 401,
 *    an order that does not exist → 422, and none of them starts an execution; a genuine delivery does.
 */
import * as fs from 'node:fs';

import type { Execution, N8nApi, WorkflowInput } from '../../dev/local-n8n/api';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import type { N8nLine } from '../../dev/local-n8n/paths';
import { startN8n, stopAll } from '../../dev/local-n8n/server';
import type { N8nServer } from '../../dev/local-n8n/server';
import { startSimulator } from '../../dev/samcart-simulator';
import type { Simulator } from '../../dev/samcart-simulator';

jest.setTimeout(600_000);
const INSTALL_TIMEOUT = 40 * 60_000;

const LINES = (process.env.SAMCART_E2E_LINES ?? '2').split(',').map((line) => line.trim()) as N8nLine[];

/** Distinctive keys: any occurrence anywhere is a leak. The wrong key must not leak either. */
const API_KEY = 'sk_live_E2eSecretKey_7Q2xVw9LmN4pR8tZ';
const WRONG_KEY = 'sk_live_E2eWrongKey_3Hd8Kq1YbF6sJ0uC';
const TOKEN = 'forgedTest_9f8e7d6c5b4a3210fedcba98';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let nodeSeq = 0;
const uuid = () => `5ec0e2e0-0000-4000-8000-${String(++nodeSeq).padStart(12, '0')}`;
const byId = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

/** Webhook (answers with the last node's output, or n8n's error) → SamCart, with the given credential. */
function actionWorkflow(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	continueOnFail: boolean,
): WorkflowInput {
	return {
		name: `secrets ${name}`,
		nodes: [
			{
				id: uuid(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: uuid(),
				parameters: { httpMethod: 'POST', path: `secrets-${name}`, responseMode: 'lastNode', options: {} },
			},
			{
				id: uuid(),
				name: 'SamCart',
				type: 'n8n-nodes-samcart.samCart',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { samCartApi: credential },
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: { Webhook: { main: [[{ node: 'SamCart', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all', saveDataSuccessExecution: 'all' },
	};
}

function triggerWorkflow(webhookId: string, credential: { id: string; name: string }): WorkflowInput {
	return {
		name: 'forged webhooks',
		nodes: [
			{
				id: uuid(),
				name: 'SamCart Trigger',
				type: 'n8n-nodes-samcart.samCartTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['*'], options: { secretToken: TOKEN, verify: true } },
				credentials: { samCartApi: credential },
			},
			{ id: uuid(), name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'SamCart Trigger': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

describe.each(LINES)('secrets and forged webhooks through a real n8n %s.x', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator;
	let api: N8nApi;
	let good: { id: string; name: string };
	let wrong: { id: string; name: string };

	beforeAll(async () => {
		await ensureLine(line);
		await packPackage();
		sim = await startSimulator({ size: 'small', seed: 31, apiKey: API_KEY, rateLimit: { limit: 0 } });
	}, INSTALL_TIMEOUT);

	beforeAll(async () => {
		n8n = await startN8n({ line });
		api = n8n.api;
		await api.bootstrap();
		good = await api.createCredential({ name: 'SamCart e2e', type: 'samCartApi', data: { apiKey: API_KEY, baseUrl: sim.baseUrl } });
		wrong = await api.createCredential({ name: 'SamCart wrong key', type: 'samCartApi', data: { apiKey: WRONG_KEY, baseUrl: sim.baseUrl } });
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await stopAll();
		await sim?.stop();
	}, 120_000);

	it('the API key appears in no output, error, webhook answer, stored execution or log line', async () => {
		const order = sim.data.orders[4];
		const missingOrder = 99_999_999;
		const refunded = sim.data.refunds[0].charge_id;
		// Every GET of this order fails with 500, for the 500 scenarios.
		const failing = sim.data.orders[9];
		sim.addFault({ method: 'GET', path: `/orders/${failing.id}`, action: { type: 'status', status: 500, body: { message: 'Upstream exploded' } } });
		const get = (id: number) => ({ resource: 'order', operation: 'get', orderId: byId(id), simplify: false });

		const scenarios: Array<{ name: string; wf: WorkflowInput; expect: 'success' | 'error' }> = [
			{ name: 'ok', wf: actionWorkflow('ok', get(order.id), good, false), expect: 'success' },
			{ name: 'list', wf: actionWorkflow('list', { resource: 'order', operation: 'getMany', returnAll: false, limit: 5, filters: {} }, good, false), expect: 'success' },
			{ name: 'unauthorized', wf: actionWorkflow('unauthorized', get(order.id), wrong, false), expect: 'error' },
			{ name: 'unauthorized-cof', wf: actionWorkflow('unauthorized-cof', get(order.id), wrong, true), expect: 'success' },
			{ name: 'not-found', wf: actionWorkflow('not-found', get(missingOrder), good, false), expect: 'error' },
			{ name: 'not-found-cof', wf: actionWorkflow('not-found-cof', get(missingOrder), good, true), expect: 'success' },
			{ name: 'server-error', wf: actionWorkflow('server-error', get(failing.id), good, false), expect: 'error' },
			{ name: 'server-error-cof', wf: actionWorkflow('server-error-cof', get(failing.id), good, true), expect: 'success' },
			{ name: 'refund-conflict', wf: actionWorkflow('refund-conflict', { resource: 'charge', operation: 'refund', chargeId: byId(refunded), refundType: 'full', options: {} }, good, false), expect: 'error' },
		];
		// Fully refund that charge first, so the workflow's refund meets 409.
		const refundFirst = await fetch(`${sim.baseUrl}/refunds/charges/${refunded}/`, { method: 'POST', headers: { 'sc-api': API_KEY, 'content-type': 'application/json' }, body: '{}' });
		expect([200, 201, 409]).toContain(refundFirst.status);

		const ids: Record<string, string> = {};
		for (const scenario of scenarios) {
			ids[scenario.name] = (await api.createWorkflow(scenario.wf)).id;
			await api.activateWorkflow(ids[scenario.name]);
		}
		const answers: string[] = [];
		const executions: Execution[] = [];
		for (const scenario of scenarios) {
			await api.waitForWebhook(`secrets-${scenario.name}`, { timeoutMs: 60_000 });
			const answer = await api.callWebhook(`secrets-${scenario.name}`, { hello: 'world' });
			answers.push(`${scenario.name}: HTTP ${answer.status} ${answer.text}`);
			const [execution] = await api.waitForExecutions(ids[scenario.name], 1, 60_000);
			expect({ scenario: scenario.name, status: execution.status }).toEqual({ scenario: scenario.name, status: scenario.expect });
			executions.push(execution);
		}

		// The failures say what happened (so the search below looks at real error data, not empty runs).
		const errorOf = (name: string) => JSON.stringify(executions[scenarios.findIndex((s) => s.name === name)].data?.resultData.error ?? {});
		expect(errorOf('unauthorized')).toContain('SamCart rejected the API key');
		expect(errorOf('not-found')).toContain(`Order ${missingOrder} was not found`);
		expect(errorOf('server-error')).toContain('SamCart had a server error (500)');
		expect(errorOf('refund-conflict')).toContain(`Charge ${refunded} is already fully refunded`);
		const cofItem = (name: string) => JSON.stringify(executions[scenarios.findIndex((s) => s.name === name)].data?.resultData.runData.SamCart?.[0]?.data?.main[0]?.[0]?.json ?? {});
		expect(cofItem('unauthorized-cof')).toContain('SamCart rejected the API key');
		expect(cofItem('not-found-cof')).toContain('was not found');
		expect(cofItem('server-error-cof')).toContain('SamCart had a server error (500)');
		expect(cofItem('ok')).toContain(`"id":${order.id}`);

		// Full stored executions, once more straight from the public API with every byte of data.
		const stored: string[] = [];
		for (const scenario of scenarios) {
			const listed = await api.listExecutions(ids[scenario.name], { includeData: true });
			for (const execution of listed) {
				stored.push(JSON.stringify(await api.publicApi('GET', `/executions/${execution.id}?includeData=true`)));
			}
		}
		expect(stored.length).toBe(scenarios.length);
		const workflowsJson = JSON.stringify(await api.publicApi('GET', '/workflows?limit=100'));
		await sleep(1_000); // n8n writes its log straight to the file; give the last lines a moment
		const log = fs.readFileSync(n8n!.logFile, 'utf8');
		expect(log.length).toBeGreaterThan(0);

		for (const secret of [API_KEY, WRONG_KEY]) {
			expect(answers.filter((text) => text.includes(secret))).toEqual([]);
			expect(stored.filter((text) => text.includes(secret))).toEqual([]);
			expect(log.includes(secret)).toBe(false);
			expect(workflowsJson.includes(secret)).toBe(false);
		}
		// The key really travelled (the simulator answers 200 only to API_KEY), and the simulator logged it redacted.
		const gets = sim.requests({ method: 'GET' });
		expect(gets.filter((request) => request.status === 200).length).toBeGreaterThan(0);
		expect(gets.filter((request) => request.status === 401).length).toBeGreaterThan(0);
		expect(gets.every((request) => request.headers['sc-api'] === '[redacted]')).toBe(true);
	});

	it('forged deliveries are refused (401 without or with a wrong token, 422 for an order that does not exist) and start nothing', async () => {
		const webhookId = uuid();
		const wf = await api.createWorkflow(triggerWorkflow(webhookId, good));
		await api.activateWorkflow(wf.id);
		const path = `${webhookId}/webhook`;
		await api.waitForWebhook(path, { timeoutMs: 60_000 });

		const order = sim.data.orders[2];
		const genuine = { type: 'Order', order: { id: order.id, total: '49.00' }, customer: { id: order.customer_id, email: 'buyer@example.com' } };
		const forged = { ...genuine, order: { id: 88_888_888, total: '4999.00' } };

		const missing = await api.callWebhook(path, genuine);
		const wrongToken = await api.callWebhook(`${path}?token=${TOKEN.slice(0, -1)}x`, genuine);
		const emptyToken = await api.callWebhook(`${path}?token=`, genuine);
		const unknownOrder = await api.callWebhook(`${path}?token=${TOKEN}`, forged);
		expect([missing.status, wrongToken.status, emptyToken.status]).toEqual([401, 401, 401]);
		expect(missing.body).toMatchObject({ error: 'unauthorized' });
		expect(unknownOrder.status).toBe(422);
		// The refusals called SamCart once (the forged order), and never for a request without the token.
		expect(sim.requests({ method: 'GET', path: '/v1/orders/88888888' })).toHaveLength(1);

		await sleep(3_000);
		expect(await api.listExecutions(wf.id, { includeData: false })).toEqual([]);

		// A genuine delivery with the token runs: the path was live all along.
		const accepted = await api.callWebhook(`${path}?token=${TOKEN}`, genuine);
		expect(accepted.status).toBe(200);
		expect(accepted.body).toMatchObject({ received: true, event: 'newOrder' });
		const [execution] = await api.waitForExecutions(wf.id, 1, 60_000);
		expect(execution.status).toBe('success');
		await sleep(1_000);
		expect(await api.listExecutions(wf.id, { includeData: false })).toHaveLength(1);
		// Verify used the credential: the key is still nowhere in the stored execution or the log.
		const stored = JSON.stringify(await api.publicApi('GET', `/executions/${execution.id}?includeData=true`));
		expect(stored.includes(API_KEY)).toBe(false);
		expect(fs.readFileSync(n8n!.logFile, 'utf8').includes(API_KEY)).toBe(false);
	});
});
