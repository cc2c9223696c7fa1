/**
 * The bundled templates in REAL n8n servers (2.41.1 on Node 24, 1.123.81 on Node 20), imported as `npm start`
 * imports them (no credentials but SamCart's), against the simulator.
 *
 * The event hub (00): one SamCart Trigger, one Notify URL. Each event sent to it is handed to exactly the templates
 * whose route takes it (the expected routing below is written out by hand from each template's own trigger, not
 * read from the hub), through their "From Event Hub" entry; each template's run starts from the hub's own item.
 * On 2.x a sub-workflow runs only when published, so the templates are published, as the README says.
 *
 * Templates run as imported: every template's first SamCart step is executed there ("Execute step": a manual run
 * to that node) and returns records from the simulator, not a credential error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Execution, WorkflowInput } from '../../dev/local-n8n/api';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n } from '../../dev/local-n8n/server';
import {
	EVENT_HUB_FILE,
	onlyOnTwo,
	readTemplate,
	templateFiles,
	templateStem,
	wireEventHub,
	withSamCartCredential,
} from '../../dev/local-n8n/templates';
import { buildWebhookPayload, sendWebhook, startSimulator, type Simulator } from '../../dev/samcart-simulator';
import { allExecutions, describeExecution, outputOf, stopEverything, waitForFinished } from './samcart-support';

jest.setTimeout(600_000);

type Node = { name: string; type: string; parameters: Record<string, unknown>; webhookId?: string; credentials?: Record<string, unknown> };
type Connections = Record<string, { main?: Array<Array<{ node: string }> | null> }>;

/** What each webhook template's own SamCart Trigger takes, as its README row says: the hub must route the same. */
const EXPECTED_ROUTES: Record<string, { events: string[]; testEvents: boolean }> = {
	'01-sales-new-order-to-crm': { events: ['newOrder'], testEvents: false },
	'03-support-failed-payment-recovery': { events: ['subscriptionChargeFailed'], testEvents: false },
	'04-hr-course-member-onboarding': { events: ['newOrder'], testEvents: false },
	'08-retention-cancellation-winback': {
		events: ['subscriptionCanceled', 'subscriptionCancelScheduled', 'subscriptionCancelScheduleStopped'],
		testEvents: false,
	},
	'09-dispute-readiness-evidence-log': {
		events: ['newOrder', 'upsellPurchased', 'productAddedToOrder', 'subscriptionCharged', 'newRefund', 'partialRefund'],
		testEvents: true,
	},
	// these two take test-mode events and leave them out themselves, by a setting
	'10-sales-abandoned-checkout-recovery': { events: ['prospectCreated'], testEvents: true },
	'11-sales-onboarding-by-plan': { events: ['subscriptionStarted', 'newOrder'], testEvents: true },
};

/**
 * Deliveries sent to the hub: every event a template's own SamCart Trigger takes (so each webhook template has a real
 * trigger item for "Execute step"), a test-mode order, and an event no template takes.
 */
function deliveriesToSend(): Array<{ event: string; testMode?: boolean }> {
	const events = new Set<string>(Object.values(EXPECTED_ROUTES).flatMap((r) => r.events));
	for (const file of templateFiles())
		for (const n of readTemplate(file).nodes as Node[])
			if (n.type === 'n8n-nodes-samcart.samCartTrigger')
				for (const e of (n.parameters.events as string[]) ?? []) if (e !== '*') events.add(e);
	return [...[...events].map((event) => ({ event })), { event: 'newOrder', testMode: true }, { event: 'subscriptionCompleted' }];
}
const SENT = deliveriesToSend();

/** Test credentials for the other services the templates use (they answer nothing here: no internet). */
const SERVICE_CREDENTIALS: Record<string, Record<string, unknown>> = {
	slackApi: { accessToken: 'xoxb-e2e-test' },
	hubspotAppToken: { appToken: 'pat-e2e-test' },
	googleSheetsOAuth2Api: { clientId: 'e2e', clientSecret: 'e2e' },
	gmailOAuth2: { clientId: 'e2e', clientSecret: 'e2e' },
	asanaApi: { accessToken: 'e2e-test' },
	httpHeaderAuth: { name: 'Authorization', value: 'Bearer e2e-test' },
};
const SERVICE_TYPES: Record<string, string> = {
	'n8n-nodes-base.slack': 'slackApi',
	'n8n-nodes-base.hubspot': 'hubspotAppToken',
	'n8n-nodes-base.googleSheets': 'googleSheetsOAuth2Api',
	'n8n-nodes-base.gmail': 'gmailOAuth2',
	'n8n-nodes-base.asana': 'asanaApi',
};
const credentialIds = new Map<string, string>();

/** The nodes with the credential each one's service needs, created once per type (REST: no schema check). */
async function withServiceCredentials(api: N8nServer['api'], nodes: Node[]): Promise<Node[]> {
	const out: Node[] = [];
	for (const node of nodes) {
		const p = node.parameters;
		const type =
			node.type === 'n8n-nodes-base.httpRequest'
				? String(p.authentication === 'predefinedCredentialType' ? p.nodeCredentialType : p.genericAuthType ?? '')
				: SERVICE_TYPES[node.type];
		if (!type || !SERVICE_CREDENTIALS[type]) {
			out.push(node);
			continue;
		}
		const key = `${api.line}:${type}`;
		if (!credentialIds.has(key)) {
			const created = await api.rest<{ id: string }>('POST', '/credentials', { name: `${type} (e2e)`, type, data: SERVICE_CREDENTIALS[type] });
			credentialIds.set(key, created.id);
		}
		out.push({ ...node, credentials: { ...node.credentials, [type]: { id: credentialIds.get(key)!, name: `${type} (e2e)` } } });
	}
	return out;
}

/** Nodes reachable from `start`, breadth first. */
function reachable(connections: Connections, start: string[]): string[] {
	const seen: string[] = [];
	const queue = [...start];
	while (queue.length) {
		const name = queue.shift()!;
		if (seen.includes(name)) continue;
		seen.push(name);
		for (const out of connections[name]?.main ?? []) for (const c of out ?? []) queue.push(c.node);
	}
	return seen;
}

describe.each(['2', '1'] as const)('templates in a real n8n %s.x', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `samcart-templates-${line}-`));
	const ids: Record<string, string> = {};
	let cred: { id: string; name: string };
	/** The hub trigger's own output per event sent: real items to start templates' SamCart Triggers with. */
	const triggerItems = new Map<string, Record<string, unknown>>();

	const server = () => {
		if (!n8n || !sim) throw new Error('n8n or the simulator did not start');
		return { n8n, sim, api: n8n.api };
	};

	beforeAll(async () => {
		await ensureLine(line);
		await packPackage();
		// data up to now: the weekly templates take the days before the run
		sim = await startSimulator({ size: 'small', seed: 11 });
		n8n = await startN8n({ line, userFolder });
		await n8n.api.bootstrap();
		// 1.123.81 adds "Allowed HTTP Request Domains" to every credential with `authenticate`
		const data = { apiKey: sim.apiKey, baseUrl: sim.baseUrl, ...(line === '1' ? { allowedHttpRequestDomains: 'all' } : {}) };
		const created = await n8n.api.createCredential({ name: 'SamCart (simulator)', type: 'samCartApi', data });
		cred = { id: created.id, name: created.name };
		for (const file of templateFiles()) {
			if (path.basename(file) === EVENT_HUB_FILE || (line === '1' && onlyOnTwo(file))) continue;
			ids[templateStem(file)] = (await n8n.api.createWorkflow(withSamCartCredential(readTemplate(file), cred))).id;
		}
	}, 40 * 60_000);

	afterAll(() => stopEverything(n8n, [sim], userFolder), 60_000);

	it('the event hub hands each event to exactly the templates that take it, once, with the hub’s own item', async () => {
		const { api, sim } = server();
		const hubTemplate = readTemplate(EVENT_HUB_FILE);
		const hub = wireEventHub(withSamCartCredential(hubTemplate, cred), ids);
		const hubId = (await api.createWorkflow(hub)).id;
		// as a user does before publishing (2.x refuses to publish a node without its credential): connect each service
		for (const stem of Object.keys(EXPECTED_ROUTES)) {
			const wf = await api.getWorkflow(ids[stem]);
			await api.updateWorkflow(ids[stem], { ...wf, nodes: await withServiceCredentials(api, wf.nodes as Node[]) });
			await api.activateWorkflow(ids[stem]);
		}
		await api.activateWorkflow(hubId);
		const trigger = (hub.nodes as Node[]).find((n) => n.name === 'SamCart Trigger')!;
		const webhookPath = `${trigger.webhookId}/webhook`;
		await api.waitForWebhook(webhookPath);

		const url = `${n8n!.baseUrl}/webhook/${webhookPath}`;
		const sentIds: string[] = [];
		for (const [index, delivery] of SENT.entries()) {
			const [answer] = await sendWebhook(url, () =>
				buildWebhookPayload(sim.data, delivery.event, { testMode: delivery.testMode, index: index + 3 }),
			);
			expect({ delivery, status: answer.status }).toEqual({ delivery, status: 200 });
			sentIds.push((JSON.parse(answer.body) as { eventId: string }).eventId);
		}
		// the same delivery again: ignored by the hub's trigger, so no template runs twice
		const [copy] = await sendWebhook(url, () => buildWebhookPayload(sim.data, SENT[0].event, { index: 3 }));
		expect(JSON.parse(copy.body)).toMatchObject({ ignored: 'duplicate' });

		const hubRuns = await waitForFinished(api, hubId, SENT.length, 120_000);
		expect(hubRuns).toHaveLength(SENT.length);
		const started = new Map<string, string[]>(); // template stem -> eventIds its runs were started with
		const subExecutions = new Map<string, string[]>(); // template workflow id -> execution ids the hub started
		const stemOf = Object.fromEntries(Object.entries(ids).map(([stem, id]) => [id, stem]));
		for (const run of hubRuns) {
			expect({ run: describeExecution(run), status: run.status }).toEqual({ run: describeExecution(run), status: 'success' });
			const item = outputOf(run, 'SamCart Trigger')!;
			triggerItems.set(String(item.event), triggerItems.get(String(item.event)) ?? item);
			const runs = run.data!.resultData.runData['Run Template']?.[0]?.data?.main[0] ?? [];
			for (const out of runs as Array<{ metadata?: { subExecution?: { workflowId: string; executionId: string } } }>) {
				const sub = out.metadata!.subExecution!;
				started.set(stemOf[sub.workflowId], [...(started.get(stemOf[sub.workflowId]) ?? []), String(item.eventId)]);
				subExecutions.set(sub.workflowId, [...(subExecutions.get(sub.workflowId) ?? []), String(sub.executionId)]);
			}
		}

		// expected: written from each template's own trigger settings
		const expected = new Map<string, string[]>();
		for (const [i, delivery] of SENT.entries())
			for (const [stem, route] of Object.entries(EXPECTED_ROUTES))
				if (route.events.includes(delivery.event) && (route.testEvents || !delivery.testMode))
					expected.set(stem, [...(expected.get(stem) ?? []), sentIds[i]]);
		const sorted = (m: Map<string, string[]>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]).sort());
		expect(sorted(started)).toEqual(sorted(expected));

		// each template ran exactly the executions the hub started, from its From Event Hub entry, with the hub's item
		for (const [stem, eventIds] of expected) {
			const runs = await waitForSettled(api, ids[stem], eventIds.length);
			expect(runs.map((r) => String(r.id)).sort()).toEqual([...subExecutions.get(ids[stem])!].sort());
			for (const run of runs) {
				const entry = outputOf(run, 'From Event Hub');
				const event = outputOf(run, 'Event');
				expect({ run: describeExecution(run), entry: entry?.eventId, event: event?.eventId }).toEqual({
					run: describeExecution(run),
					entry: event?.eventId,
					event: expect.any(String),
				});
				expect(eventIds).toContain(event!.eventId);
				// the template went on past its entry: its Settings node ran on the event
				expect(run.data!.resultData.runData.Settings?.length).toBe(1);
				expect(run.data!.resultData.runData['SamCart Trigger']).toBeUndefined();
			}
		}
		expect([...started.values()].flat()).not.toContain(sentIds.at(-1)); // Subscription Completed: no template takes it
		// templates the hub did not call have no executions at all
		for (const stem of Object.keys(EXPECTED_ROUTES).filter((s) => !expected.has(s)))
			expect(await api.listExecutions(ids[stem])).toEqual([]);
	});

	it('every template’s first SamCart step runs as imported (“Execute step”), with records from the simulator', async () => {
		const { api } = server();
		await api.login();
		const checked: Array<{ step: string; records: number }> = [];
		for (const file of templateFiles()) {
			const stem = templateStem(file);
			if (!ids[stem]) continue;
			const wf = await api.rest<Omit<WorkflowInput, 'nodes' | 'connections'> & { id: string; nodes: Node[]; connections: Connections }>(
				'GET',
				`/workflows/${ids[stem]}`,
			);
			const starts = wf.nodes.filter((n) => /Trigger$|scheduleTrigger$/.test(n.type) && !n.type.endsWith('executeWorkflowTrigger'));
			const order = reachable(wf.connections, starts.map((n) => n.name));
			const target = order.map((name) => wf.nodes.find((n) => n.name === name)!).find((n) => n.type === 'n8n-nodes-samcart.samCart');
			if (!target) continue; // no SamCart action (the trigger's Enrich is SamCart's part: see the hub test)
			// a webhook template: the trigger's output as a real delivery gave it (from the hub test), as after "Listen"
			const samCartTrigger = starts.find((n) => n.type === 'n8n-nodes-samcart.samCartTrigger');
			const events = (samCartTrigger?.parameters.events as string[] | undefined) ?? [];
			const item = events.map((e) => triggerItems.get(e)).find(Boolean);
			if (samCartTrigger && !item) throw new Error(`${stem}: no trigger item for ${events.join(', ')}; send one to the hub`);
			// pinned, as a user pins a test event in the editor; 2.x runs what is saved, 1.x what the editor sends
			const pinData = samCartTrigger ? { [samCartTrigger.name]: [{ json: item }] } : {};
			if (line === '2') await api.rest('PATCH', `/workflows/${wf.id}`, { pinData, versionId: wf.versionId });
			const started = await api.rest<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/workflows/${wf.id}/run`, {
				workflowData: { ...wf, pinData },
				destinationNode: { nodeName: target.name, mode: 'inclusive' },
			});
			expect({ stem, started }).toEqual({ stem, started: { executionId: expect.any(String) } });
			const run = await waitForExecution(api, started.executionId!);
			const output = run.data?.resultData.runData[target.name]?.[0];
			expect({ stem, node: target.name, error: output?.error ?? run.data?.resultData.error }).toEqual({
				stem,
				node: target.name,
				error: undefined,
			});
			const records = output?.data?.main.flat().length ?? 0;
			checked.push({ step: `${stem} › ${target.name}`, records });
		}
		process.stderr.write(`n8n ${line}.x: SamCart steps executed as imported: ${JSON.stringify(checked)}\n`);
		expect(checked.length).toBeGreaterThanOrEqual(5);
		// the weekly reports' lists read the simulator's recent records (its data runs up to now)
		expect(checked.filter((c) => c.records > 0).length).toBeGreaterThanOrEqual(3);
	});
});

/**
 * The workflow's executions once `count` of them have stopped running: finished, or waiting (10's Wait node before
 * its reminder parks the run, which is as far as a run goes in this test).
 */
async function waitForSettled(api: N8nServer['api'], workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const list = await allExecutions(api, workflowId, true);
		if (list.filter((e) => !['running', 'new', 'queued'].includes(e.status)).length >= count) return list;
		if (Date.now() > deadline) throw new Error(`${workflowId}: ${list.length} executions, not ${count} settled, after 120 s`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** A manual execution, read with its data once finished (the public API lists manual runs too). */
async function waitForExecution(api: N8nServer['api'], id: string): Promise<Execution> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const r = await api.request<Execution>('GET', `/api/v1/executions/${id}?includeData=true`, { auth: 'apiKey' });
		if (r.status === 200 && !['running', 'new', 'waiting'].includes(r.body.status)) return r.body;
		if (Date.now() > deadline) throw new Error(`execution ${id} not finished after 60 s: ${JSON.stringify(r.body).slice(0, 300)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
