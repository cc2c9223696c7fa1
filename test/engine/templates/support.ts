/**
 * Shared helpers for the engine tests of the workflow templates in `workflows-templates/`: the template JSON itself is
 * the fixture (never a copy), SamCart is the simulator, the trigger's items come from the REAL SamCart Trigger's
 * webhook() fed a simulator delivery, and every other service is intercepted with nock by the test.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import nock from 'nock';

import { buildWebhookPayload, startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { SamCartTrigger } from '../../../nodes/SamCart/SamCartTrigger.node';
import { createFakeWebhookContext } from '../../unit/helpers/fakeN8nContext';
import type { TestCredentials, WorkflowJson } from '../harness';
import { closeEngines, executeWorkflow, loadEngine, type ExecuteResult, type N8nLine } from '../harness';
import { linePackageDir } from '../runtime';
import { withSettings } from './common';

export const TEMPLATES_DIR = path.join(__dirname, '..', '..', '..', 'workflows-templates');

/** The template as shipped (a fresh parse each call, so a test cannot leak changes into another). */
export function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as WorkflowJson;
}

/**
 * The template after the user picked a credential in every node that asks for one (what the editor's credential
 * setup does): the shipped placeholders have an empty id, which the engine refuses ("Found credential with no ID").
 */
export function withCredentialsSelected(workflow: WorkflowJson): WorkflowJson {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			node.credentials![type] = { id: `${type}-selected`, name: ref.name };
		}
	}
	return copy;
}

/** The literal values of the template's Settings node, by name (what a user edits). */
export function settingsOf(workflow: WorkflowJson): Record<string, string | number | boolean> {
	const settings = workflow.nodes.find((n) => n.name === 'Settings');
	if (!settings) throw new Error(`${workflow.name}: no Settings node`);
	const list = ((settings.parameters.assignments as IDataObject).assignments ?? []) as Array<{
		name: string;
		value: string | number | boolean;
	}>;
	return Object.fromEntries(list.map((a) => [a.name, a.value]));
}

/** The simulator with its clock at the real time of the run (the templates' schedules read $now) and nock armed. */
export async function startTemplateSimulator(seed: number, now = new Date()): Promise<Simulator> {
	const sim = await startSimulator({ size: 'small', seed, now: now.toISOString(), rateLimit: { limit: 0 } });
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	return sim;
}

export async function stopTemplateSimulator(sim: Simulator | undefined): Promise<void> {
	nock.cleanAll();
	nock.enableNetConnect();
	await sim?.stop();
}

const trigger = new SamCartTrigger();

/**
 * What the template's SamCart Trigger starts the workflow with for one simulator delivery of `eventKey`: the payload
 * is built by the simulator and handed, as raw JSON, to the real trigger's webhook() with the template's own
 * trigger parameters (events, enrich, test mode …), the Secret Token aside. Throws when the trigger starts nothing.
 */
export async function triggerItemsFor(
	sim: Simulator,
	workflow: WorkflowJson,
	eventKey: string,
	payloadOptions: Parameters<typeof buildWebhookPayload>[2] = {},
): Promise<IDataObject[]> {
	const node = workflow.nodes.find((n) => n.type === 'n8n-nodes-samcart.samCartTrigger');
	if (!node) throw new Error(`${workflow.name}: no SamCart Trigger`);
	const payload = buildWebhookPayload(sim.data, eventKey, payloadOptions);
	const parameters = structuredClone(node.parameters) as IDataObject;
	const { context, response } = createFakeWebhookContext({
		parameters,
		staticData: {},
		apiKey: sim.apiKey,
		baseUrl: sim.baseUrl,
		rawBody: Buffer.from(JSON.stringify(payload)),
		headers: { 'content-type': 'application/json' },
	});
	const result = await trigger.webhook.call(context as unknown as IWebhookFunctions);
	const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
	if (!items.length) {
		throw new Error(`The trigger started nothing for ${eventKey}: ${JSON.stringify(response.body)}`);
	}
	return items;
}

/** One delivery as the template's SamCart Trigger answered it: the items of the execution it started ([] if none). */
export interface TriggerRun {
	items: IDataObject[];
	/** What SamCart got back, e.g. `{ received, ignored: 'order_already_seen' }`. */
	answer: unknown;
}

/**
 * What the template's SamCart Trigger does with these delivery bodies, sent one after another to the same active
 * workflow (one static data, so duplicates and Once Per Order are remembered from one to the next), e.g. the
 * payloads of `orderDeliveries(sim.data, orderId)` in dev/samcart-simulator/deliveries.ts (one per product). Each body
 * goes, as raw JSON, to the real trigger's webhook() with the template's own trigger parameters.
 */
export async function triggerRunsFor(
	sim: Simulator,
	workflow: WorkflowJson,
	payloads: object[],
): Promise<TriggerRun[]> {
	const node = workflow.nodes.find((n) => n.type === 'n8n-nodes-samcart.samCartTrigger');
	if (!node) throw new Error(`${workflow.name}: no SamCart Trigger`);
	const staticData: IDataObject = {};
	const runs: TriggerRun[] = [];
	for (const payload of payloads) {
		const { context, response } = createFakeWebhookContext({
			parameters: structuredClone(node.parameters) as IDataObject,
			staticData,
			apiKey: sim.apiKey,
			baseUrl: sim.baseUrl,
			rawBody: Buffer.from(JSON.stringify(payload)),
			headers: { 'content-type': 'application/json' },
		});
		const result = await trigger.webhook.call(context as unknown as IWebhookFunctions);
		runs.push({ items: (result.workflowData?.[0] ?? []).map((item) => item.json), answer: response.body });
	}
	return runs;
}

/**
 * SamCart refusing every read with 429, its per-minute limit spent by other workflows: the Retry-After it sends is
 * longer than a webhook may wait, so the trigger's Enrich gives up and delivers `order`, `customer` and
 * `subscription` as null with the reasons in `enrichErrors` (what a workflow gets when SamCart is busy). Undo with
 * `sim.clearFaults()`.
 */
export function makeSamCartBusy(sim: Simulator): void {
	sim.addFault({ method: 'GET', path: '/**', action: { type: 'rateLimit' } });
}

/** Test credential data for every service the templates use, by credential type. */
export function templateCredentials(sim: Simulator): TestCredentials {
	const google = {
		clientId: 'engine-client',
		clientSecret: 'engine-secret',
		oauthTokenData: { access_token: 'ya29.engine-test', token_type: 'Bearer' },
	};
	return {
		samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
		slackApi: { accessToken: 'xoxb-template-test' },
		hubspotAppToken: { appToken: 'pat-template-test' },
		googleSheetsOAuth2Api: { ...google, scope: 'https://www.googleapis.com/auth/spreadsheets' },
		gmailOAuth2: { ...google, scope: 'https://www.googleapis.com/auth/gmail.send' },
		asanaApi: { accessToken: 'asana-template-test' },
	} as TestCredentials;
}

/** One message the Gmail node sent: its headers and text, decoded from the `raw` MIME the API received. */
export interface SentMail {
	to: string;
	from: string;
	replyTo: string;
	subject: string;
	text: string;
}

export function decodeGmail(body: unknown): SentMail {
	const raw = Buffer.from(String((body as { raw: string }).raw), 'base64url').toString('utf8');
	const [head, ...rest] = raw.split(/\r?\n\r?\n/);
	const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
	const header = (name: string) =>
		decodeWords(new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? '');
	const encoding = /content-transfer-encoding: (\S+)/i.exec(raw)?.[1]?.toLowerCase();
	let text = rest.join('\n\n');
	if (encoding === 'quoted-printable') {
		text = Buffer.from(
			text
				.replace(/=\r?\n/g, '')
				.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
			'latin1',
		).toString('utf8');
	} else if (encoding === 'base64') {
		text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
	}
	return {
		to: header('To'),
		from: header('From'),
		replyTo: header('Reply-To'),
		subject: header('Subject'),
		text: text.replace(/\r\n/g, '\n').trim(),
	};
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
			kind.toUpperCase() === 'B'
				? Buffer.from(data, 'base64').toString('utf8')
				: Buffer.from(
						data
							.replace(/_/g, ' ')
							.replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
						'latin1',
					).toString('utf8'),
		);
}

/** Dollars from integer cents, as the templates print them: "1234.50". */
export const dollars = (cents: number): string => (cents / 100).toFixed(2);

/** A copy without undefined values, as it arrives after a JSON round trip. */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A Google Sheet tab behind nock, answering the calls the Google Sheets node's Append makes (sheet lookup by name,
 * read of the tab, row added, values written). Returns the rows written, in order, as the node sent them.
 */
export function mockSheet(spreadsheetId: string, tab: string, header: string[]): { rows: unknown[][] } {
	const written: { rows: unknown[][] } = { rows: [] };
	const existing: unknown[][] = [header];
	const api = nock('https://sheets.googleapis.com', {
		reqheaders: { authorization: 'Bearer ya29.engine-test' },
	}).persist();
	const doc = `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}`;
	api
		.get(doc)
		.query({ fields: 'sheets.properties' })
		.reply(200, { sheets: [{ properties: { sheetId: 7, title: tab } }] });
	api
		.get((uri) => uri.startsWith(`${doc}/values/`))
		.reply(200, () => ({ range: `${tab}!A1:Z`, majorDimension: 'ROWS', values: existing }));
	api.post(`${doc}:batchUpdate`).reply(200, { spreadsheetId, replies: [{}] });
	api
		.put((uri) => uri.startsWith(`${doc}/values/`))
		.reply(200, (_uri, body) => {
			const values = (body as { values: unknown[][] }).values;
			written.rows.push(...values);
			existing.push(...values);
			return { spreadsheetId, updatedRows: values.length };
		});
	return written;
}

/** Slack chat.postMessage behind nock; returns the bodies posted. */
export function mockSlack(): Array<{ channel: string; text: string }> {
	const posted: Array<{ channel: string; text: string }> = [];
	nock('https://slack.com', { reqheaders: { authorization: 'Bearer xoxb-template-test' } })
		.persist()
		.post('/api/chat.postMessage')
		.reply(200, (_uri, body) => {
			const b = body as { channel: string; text: string };
			posted.push({ channel: b.channel, text: b.text });
			return {
				ok: true,
				channel: 'C0TEMPLATE',
				ts: `${1700000000 + posted.length}.000100`,
				message: { text: b.text },
			};
		});
	return posted;
}

/**
 * Gmail send behind nock (and the profile lookup Sender Name makes); returns the decoded messages. `onSend`, if given,
 * is called with each message as it is sent (e.g. to have the recipient act on it before the workflow goes on).
 */
export function mockGmail(
	senderAddress = 'billing@creator.example',
	onSend?: (mail: SentMail, index: number) => void,
): SentMail[] {
	const sent: SentMail[] = [];
	const api = nock('https://www.googleapis.com', {
		reqheaders: { authorization: 'Bearer ya29.engine-test' },
	}).persist();
	api.get('/gmail/v1/users/me/profile').reply(200, { emailAddress: senderAddress });
	api.post('/gmail/v1/users/me/messages/send').reply(200, (_uri, body) => {
		sent.push(decodeGmail(body));
		onSend?.(sent[sent.length - 1], sent.length - 1);
		return { id: `msg-${sent.length}`, threadId: `thread-${sent.length}`, labelIds: ['SENT'] };
	});
	return sent;
}

/** One row of n8n's `processed_data` table: what Remove Duplicates remembers for a workflow (and node). */
export interface ProcessedDataRow {
	workflowId: string;
	context: string;
	value: { mode: string; data: unknown };
}

const processedData = new Map<N8nLine, Map<string, ProcessedDataRow>>();

/**
 * The memory behind Remove Duplicates › "Remove Items Processed in Previous Executions" for one n8n line: the line's
 * own CLI DeduplicationHelper (what `n8n start`, `webhook` and `worker` hand to n8n-core's DataDeduplicationService at
 * start-up), over an in-memory `processed_data` table instead of the database. Without it that operation fails
 * ("Instance needs to initialized before use"). The rows are kept per workflow id for the rest of the test file:
 * executions of one workflow (give them the same `id`) share them, another id starts empty. Returns the rows, by
 * workflow id and context.
 */
export async function useProcessedData(line: N8nLine): Promise<Map<string, ProcessedDataRow>> {
	const known = processedData.get(line);
	if (known) return known;
	const engine = await loadEngine(line);
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the line's own modules, from the cache
	const load = (file: string) => require(file);
	const { Container } = load(linePackageDir(line, '@n8n/di')) as {
		Container: { set(token: unknown, value: unknown): void };
	};
	const { ProcessedDataRepository } = load(linePackageDir(line, '@n8n/db')) as {
		ProcessedDataRepository: unknown;
	};
	const { DeduplicationHelper } = load(
		path.join(linePackageDir(line, 'n8n'), 'dist', 'deduplication', 'deduplication-helper.js'),
	) as { DeduplicationHelper: new () => unknown };
	const rows = new Map<string, ProcessedDataRow>();
	const key = (where: { workflowId: string; context: string }) => `${where.workflowId}|${where.context}`;
	Container.set(ProcessedDataRepository, {
		findOne: async ({ where }: { where: { workflowId: string; context: string } }) =>
			rows.has(key(where)) ? structuredClone(rows.get(key(where))) : null,
		insert: async (row: ProcessedDataRow) => void rows.set(key(row), structuredClone(row)),
		update: async (where: { workflowId: string; context: string }, row: ProcessedDataRow) =>
			void rows.set(key(where), structuredClone({ ...row, ...where })),
		delete: async (where: { workflowId: string; context: string }) => void rows.delete(key(where)),
	});
	const service = engine.core.DataDeduplicationService as {
		getInstance(): unknown;
		init(helper: unknown): Promise<void>;
	};
	try {
		service.getInstance();
	} catch {
		await service.init(new DeduplicationHelper());
	}
	processedData.set(line, rows);
	return rows;
}

/**
 * The simulator of one template test file (`startTemplateSimulator(seed)`), started before its tests; nock
 * interceptors and faults are cleared after each test, and the simulator and the engines stop after the last.
 * Read it as `env.sim` inside tests and hooks.
 */
export function useTemplateSimulator(seed: number): { readonly sim: Simulator } {
	let current: Simulator | undefined;
	beforeAll(async () => {
		current = await startTemplateSimulator(seed);
	});
	afterEach(() => {
		nock.cleanAll();
		current?.clearFaults();
	});
	afterAll(async () => {
		await stopTemplateSimulator(current);
		await closeEngines();
	});
	return {
		get sim(): Simulator {
			if (!current) throw new Error('the simulator is not started yet (read env.sim inside a test or hook)');
			return current;
		},
	};
}

/**
 * The template as a user has it after importing it: credentials picked, some Settings values changed, and its own
 * workflow id (executions with the same id share n8n's memory of processed items, see useProcessedData).
 */
export function importedAs(
	template: WorkflowJson,
	id: string,
	values: Record<string, string | number | boolean> = {},
): WorkflowJson {
	return { ...withCredentialsSelected(withSettings(template, values)), id };
}

/**
 * One delivery through the template's SamCart Trigger, then the execution it starts, from `entry`: the trigger itself
 * or the "From Event Hub" entry (the event hub calls it with the trigger's own item). The run must end without error.
 */
export async function runDelivery(
	sim: Simulator,
	workflow: WorkflowJson,
	payload: object,
	line: N8nLine,
	entry = 'SamCart Trigger',
): Promise<ExecuteResult> {
	const [run] = await triggerRunsFor(sim, workflow, [payload]);
	expect(run.items).toHaveLength(1);
	const r = await executeWorkflow(workflow, {
		line,
		credentials: templateCredentials(sim),
		triggerItems: run.items,
		startNode: entry,
	});
	expect(r.error).toBeUndefined();
	expect(r.finished).toBe(true);
	return r;
}
