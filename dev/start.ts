/**
 * `npm start`: a local demo of n8n-nodes-samcart.
 *
 *   1. builds and packs the repository, and installs the tarball into a persistent demo user folder (every start);
 *   2. starts the SamCart simulator (unless SAMCART_API_KEY is set: then the credential points at the real SamCart);
 *   3. starts n8n (2.41.1, or 1.123.81 with --line 1) on 127.0.0.1:5678;
 *   4. owner login, a SamCart credential, every workflows-templates/*.json imported INACTIVE, and the demo workflow
 *      "SamCart demo: every event" (SamCart Trigger -> Edit Fields with a readable summary) ACTIVE;
 *   5. prints the editor URL, the login, the webhook URL and the command that fires a test event.
 * Ctrl-C (SIGINT/SIGTERM/SIGHUP) stops n8n and the simulator and exits 0.
 *
 *   npm start [-- --line 1|2] [--port 5678] [--sim-port 4010] [--demo-dir <dir>] [--reset-templates]
 *
 * Environment: SAMCART_API_KEY / SAMCART_BASE_URL (real SamCart), SAMCART_DEMO_DIR, SAMCART_DEMO_PORT,
 * SAMCART_DEMO_SIM_PORT, and every launcher variable (dev/local-n8n/README.md, e.g. SAMCART_PACKAGE_TGZ).
 *
 * The demo folder (default <launcher cache>/demo, or demo-line1 for --line 1) keeps n8n's SQLite database and
 * demo.json (encryption key, login, API key, webhook id and secret token), so the login, the workflows and the
 * webhook URL survive restarts. Re-running updates the credential; a template or the demo workflow is updated in
 * place only while the user has not touched it (demo.json keeps what was imported, with n8n's versionId), else it is
 * left as it is and the banner says so; --reset-templates puts the shipped versions back. Nothing is duplicated.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRACTION_DIGITS } from '../nodes/SamCart/shared/money';
import { N8nApi, type OwnerCredentials, type WorkflowInput } from './local-n8n/api';
import { cacheRoot, type N8nLine } from './local-n8n/paths';
import { portAnswers, startN8n, stopAll, type N8nServer } from './local-n8n/server';
import {
	EVENT_HUB_FILE,
	onlyOnTwo,
	readTemplate,
	templateFiles,
	templateStem,
	wireEventHub,
	withSamCartCredential,
} from './local-n8n/templates';
import { startSimulator, type Simulator } from './samcart-simulator';

export const DEMO_WORKFLOW_NAME = 'SamCart demo: every event';
export const SIM_CREDENTIAL_NAME = 'SamCart (simulator)';
export const REAL_CREDENTIAL_NAME = 'SamCart';
const CREDENTIAL_TYPE = 'samCartApi';
const TRIGGER_TYPE = 'n8n-nodes-samcart.samCartTrigger';
/** Every event (All Events): whatever `npm run simulator -- send <event>` fires shows up. */
const DEMO_EVENTS = ['*'];

/** What the demo keeps between runs, in <demo dir>/demo.json (mode 600). */
export interface DemoState {
	encryptionKey: string;
	owner: OwnerCredentials;
	apiKey?: string;
	webhookId: string;
	secretToken: string;
	/** What `npm start` last put into n8n, per template file stem (and `demo`): to tell the user's edits from ours. */
	imported?: Record<string, ImportRecord>;
}

/** A workflow as `npm start` imported it: n8n's versionId changes on every save, so an equal one means untouched. */
export interface ImportRecord {
	id: string;
	versionId: string;
	/** sha256 of what was sent: a different one means the shipped template (or the credential, or the hub's routes) changed. */
	source: string;
}

/** What one run writes to <demo dir>/run.json once ready (for tests and scripts); removed on a clean stop. */
export interface RunInfo {
	pid: number;
	line: N8nLine;
	n8nPid: number;
	editorUrl: string;
	port: number;
	simulatorPort: number | null;
	webhookUrl: string;
	fireCommand: string;
	workflowId: string;
	credentialId: string;
	templates: Array<{ file: string; name: string; id: string; outcome: SyncOutcome }>;
	/** The demo workflow: 'kept' when the user's edits were left in place. */
	demoOutcome: SyncOutcome;
}

interface Options {
	line: N8nLine;
	port: number;
	simPort: number;
	demoDir: string;
	/** Put the shipped templates and demo back, over the user's edits. */
	resetTemplates: boolean;
}

function usage(problem: string): never {
	process.stderr.write(`npm start: ${problem}\n`);
	process.stderr.write(
		'usage: npm start [-- --line 1|2] [--port 5678] [--sim-port 4010] [--demo-dir <dir>] [--reset-templates]\n',
	);
	process.exit(2);
}

function parseArgs(argv: string[]): Options {
	const flags: Record<string, string> = {};
	let resetTemplates = false;
	for (let i = 0; i < argv.length; i++) {
		const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
		if (!m) usage(`"${argv[i]}" is not an option`);
		if (m[1] === 'reset-templates' && m[2] === undefined) {
			resetTemplates = true;
			continue;
		}
		const value = m[2] ?? argv[++i];
		if (value === undefined) usage(`--${m[1]} needs a value`);
		flags[m[1]] = value;
	}
	for (const k of Object.keys(flags)) {
		if (!['line', 'port', 'sim-port', 'demo-dir'].includes(k)) usage(`unknown option --${k}`);
	}
	const line = (flags.line ?? '2') as N8nLine;
	if (line !== '1' && line !== '2') usage(`--line must be 1 or 2, not "${line}"`);
	const num = (v: string | undefined, fallback: number) => {
		const n = v === undefined ? fallback : Number(v);
		if (!Number.isInteger(n) || n < 1 || n > 65535) usage(`"${v}" is not a port (1-65535)`);
		return n;
	};
	return {
		line,
		resetTemplates,
		port: num(flags.port ?? process.env.SAMCART_DEMO_PORT, 5678),
		simPort: num(flags['sim-port'] ?? process.env.SAMCART_DEMO_SIM_PORT, 4010),
		demoDir: path.resolve(
			flags['demo-dir'] ?? process.env.SAMCART_DEMO_DIR ?? path.join(cacheRoot(), line === '2' ? 'demo' : 'demo-line1'),
		),
	};
}

const log = (msg: string) => process.stderr.write(`[start ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function loadState(demoDir: string): DemoState {
	const file = path.join(demoDir, 'demo.json');
	let saved: Partial<DemoState> = {};
	try {
		saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoState>;
	} catch {
		/* first run */
	}
	// n8n refuses to start when N8N_ENCRYPTION_KEY differs from the key in its settings file: reuse that one.
	let configKey: string | undefined;
	try {
		configKey = (JSON.parse(fs.readFileSync(path.join(demoDir, '.n8n', 'config'), 'utf8')) as { encryptionKey?: string }).encryptionKey;
	} catch {
		/* no n8n data yet */
	}
	const state: DemoState = {
		encryptionKey: configKey ?? saved.encryptionKey ?? randomBytes(24).toString('hex'),
		owner: saved.owner ?? {
			email: 'demo@example.com',
			// n8n wants 8+ characters with a digit and an upper-case letter
			password: `Demo-${randomBytes(6).toString('hex')}-A1`,
			firstName: 'Demo',
			lastName: 'Owner',
		},
		apiKey: saved.apiKey,
		webhookId: saved.webhookId ?? randomUUID(),
		secretToken: saved.secretToken ?? randomBytes(16).toString('hex'),
		imported: saved.imported ?? {},
	};
	saveState(demoDir, state);
	return state;
}

function saveState(demoDir: string, state: DemoState): void {
	fs.mkdirSync(demoDir, { recursive: true });
	fs.writeFileSync(path.join(demoDir, 'demo.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** Owner setup on the first run, login on every run; an API key is created only when the saved one stopped working. */
async function signIn(api: N8nApi, state: DemoState, demoDir: string): Promise<void> {
	const settings = await api.request<{ data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } }>('GET', '/rest/settings', { auth: 'none' });
	if (settings.body?.data?.userManagement?.showSetupOnFirstLoad) {
		await api.setupOwner(state.owner);
		log(`owner ${state.owner.email} created`);
	}
	api.owner = state.owner;
	try {
		await api.login(state.owner);
	} catch (e) {
		throw new Error(
			`cannot log in as ${state.owner.email} with the password saved in ${path.join(demoDir, 'demo.json')} (${(e as Error).message}). ` +
				`Delete ${demoDir} to start the demo from scratch.`,
		);
	}
	if (state.apiKey) {
		api.apiKey = state.apiKey;
		const probe = await api.request('GET', '/api/v1/workflows?limit=1', { auth: 'apiKey' });
		if (probe.status === 200) return;
	}
	state.apiKey = await api.createApiKey(`npm start demo ${new Date().toISOString()}`);
	saveState(demoDir, state);
}

interface CredentialRow {
	id: string;
	name: string;
	type: string;
}

/** Creates the credential, or updates the one with the same name and type (editor REST: same calls in both lines). */
async function upsertCredential(api: N8nApi, cred: { name: string; type: string; data: Record<string, unknown> }): Promise<string> {
	const all = await api.rest<CredentialRow[]>('GET', '/credentials');
	const existing = all.find((c) => c.name === cred.name && c.type === cred.type);
	if (existing) {
		await api.rest('PATCH', `/credentials/${existing.id}`, cred);
		return existing.id;
	}
	// not the public API: 1.123.81's schema check there wants properties the credential does not have (allowedDomains)
	return (await api.rest<CredentialRow>('POST', '/credentials', cred)).id;
}

interface WorkflowRow {
	id: string;
	name: string;
	active: boolean;
}

async function listWorkflows(api: N8nApi): Promise<WorkflowRow[]> {
	const out: WorkflowRow[] = [];
	let cursor: string | undefined;
	do {
		const q = new URLSearchParams({ limit: '250' });
		if (cursor) q.set('cursor', cursor);
		const page = await api.publicApi<{ data: WorkflowRow[]; nextCursor?: string | null }>('GET', `/workflows?${q}`);
		out.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

type SyncOutcome = 'imported' | 'updated' | 'unchanged' | 'kept' | 'reset';

/**
 * Puts a shipped workflow into n8n without ever losing the user's work:
 *   - missing: created (inactive);
 *   - untouched since `npm start` imported it (same versionId, and not published unless it is the demo): updated in
 *     place when what we ship changed, else left alone;
 *   - edited or published by the user, or found only by name (not imported by us): left exactly as it is ('kept'),
 *     unless `--reset-templates` asks for the shipped version again ('reset', unpublished first).
 */
async function syncWorkflow(
	api: N8nApi,
	existing: WorkflowRow[],
	state: DemoState,
	key: string,
	wf: WorkflowInput,
	opts: { reset: boolean; keepActive?: boolean },
): Promise<{ id: string; outcome: SyncOutcome; active: boolean }> {
	const source = createHash('sha256').update(JSON.stringify(wf)).digest('hex');
	const record = state.imported?.[key];
	const row = record ? existing.find((w) => w.id === record.id) : existing.find((w) => w.name === wf.name);
	const remember = async (id: string, versionId?: string) => {
		const current = versionId ?? (await api.getWorkflow(id)).versionId;
		state.imported = { ...state.imported, [key]: { id, versionId: String(current), source } };
	};
	if (!row) {
		const created = await api.createWorkflow(wf);
		await remember(created.id, created.versionId);
		return { id: created.id, outcome: 'imported', active: false };
	}
	const current = await api.getWorkflow(row.id);
	const untouched =
		record !== undefined && current.versionId === record.versionId && (!current.active || opts.keepActive === true);
	if (untouched && record.source === source) return { id: row.id, outcome: 'unchanged', active: current.active };
	if (!untouched && !opts.reset) return { id: row.id, outcome: 'kept', active: current.active };
	let active = current.active;
	if (active && !opts.keepActive) {
		await api.deactivateWorkflow(row.id);
		active = false;
	}
	const updated = await api.updateWorkflow(row.id, wf);
	if (active) await api.activateWorkflow(row.id); // 2.x runs the published version: publish the update
	await remember(row.id, active ? undefined : updated.versionId);
	return { id: row.id, outcome: untouched ? 'updated' : 'reset', active };
}

/** ISO 4217 minor units of `c` (an expression), from the node's own table: 0 for JPY, 3 for KWD, else 2. */
const minorUnits = (c: string) => `(${JSON.stringify(FRACTION_DIGITS)}[${c}] ?? 2)`;
/** "47.00 USD" from integer cents `cents` and currency `c` (expressions); no currency word when SamCart gave none. */
const money = (cents: string, c: string) =>
	`(${cents} / 10 ** ${minorUnits(c)}).toFixed(${minorUnits(c)}) + (${c} ? ' ' + ${c} : '')`;
const CURRENCY = '($json.summary.currency ?? $json.summary.item?.currency ?? null)';
const MONEY_EVENTS = ['newOrder', 'upsellPurchased', 'productAddedToOrder', 'newRefund', 'partialRefund', 'subscriptionCharged'];

/**
 * One sentence per event that reads right: "Celine Marvin bought Copywriting Masterclass for 47.00 USD", "Schuyler
 * Johnson canceled their Watercolor Tip Jar subscription (10.00 USD recurring)". Built from the Facts node's fields.
 */
const SENTENCES: Record<string, string> = {
	newOrder: "$json.who + ' bought ' + $json.product + $json.forAmount",
	upsellPurchased: "$json.who + ' took the upsell ' + $json.product + $json.forAmount",
	productAddedToOrder: "$json.who + ' had ' + $json.product + ' added to their order' + $json.forAmount",
	newRefund: "$json.who + ' was refunded' + $json.forAmount + ' on ' + $json.product",
	partialRefund: "$json.who + ' was partly refunded' + $json.forAmount + ' on ' + $json.product",
	subscriptionCharged: "$json.who + ' paid' + $json.forAmount + ' for their ' + $json.product + ' subscription'",
	subscriptionChargeFailed: "'A payment for ' + $json.whose + ' ' + $json.product + ' subscription failed'",
	subscriptionDelinquent: "$json.whose + ' ' + $json.product + ' subscription is delinquent: its payments failed'",
	subscriptionRecovered: "$json.whose + ' ' + $json.product + ' subscription is paid again'",
	subscriptionCanceled:
		"$json.cancellation === 'delinquent' ? $json.whose + ' ' + $json.product + ' subscription was canceled after its payments failed' : " +
		"$json.who + ' canceled their ' + $json.product + ' subscription' + $json.recurring",
	subscriptionCancelScheduled: "$json.who + ' scheduled the cancellation of their ' + $json.product + ' subscription' + $json.recurring",
	subscriptionCancelScheduleStopped: "$json.who + ' stopped the scheduled cancellation of their ' + $json.product + ' subscription'",
	subscriptionRestarted: "$json.who + ' restarted their ' + $json.product + ' subscription' + $json.recurring",
	subscriptionStarted: "$json.who + ' started a ' + $json.product + ' subscription' + $json.recurring",
	subscriptionCompleted: "$json.whose + ' ' + $json.product + ' subscription is complete: every payment was made'",
	newLead: "$json.who + ' signed up as a lead for ' + $json.product",
	prospectCreated: "$json.who + ' left the ' + $json.product + ' checkout without buying'",
};
const sentenceExpression =
	'={{ ({ ' +
	Object.entries(SENTENCES)
		.map(([event, text]) => `${event}: () => ${text}`)
		.join(', ') +
	" }[$json.event] ?? (() => $json.eventLabel + ': ' + $json.who + ', ' + $json.product))() + ($json.testMode ? ' (test mode)' : '') }}";

/**
 * SamCart Trigger (All Events, secret token, Enrich) -> Facts -> Readable summary -> Execution Data (the event and
 * its record as n8n's custom execution data, so the executions list tells runs apart). Valid in 1.123.81 and 2.41.1.
 */
export function demoWorkflow(state: DemoState, cred: { id: string; name: string }): WorkflowInput {
	const field = (id: string, name: string, value: string, type = 'string') => ({ id, name, type, value });
	const setNode = (n: number, name: string, x: number, fields: ReturnType<typeof field>[]) => ({
		id: `5a3c0de0-de30-4000-8000-00000000000${n}`,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 0],
		parameters: { mode: 'manual', includeOtherFields: false, assignments: { assignments: fields }, options: {} },
	});
	const name = '($json.summary.customer_name || $json.summary.customer_email || "A customer")';
	return {
		name: DEMO_WORKFLOW_NAME,
		nodes: [
			{
				id: '5a3c0de0-de30-4000-8000-000000000001',
				name: 'SamCart Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: state.webhookId,
				// Enrich: SamCart's API says whether an order is a test-mode one (the delivery need not).
				parameters: { events: DEMO_EVENTS, options: { secretToken: state.secretToken, enrich: true } },
				credentials: { [CREDENTIAL_TYPE]: { id: cred.id, name: cred.name } },
			},
			setNode(4, 'Facts', 260, [
				field('f1', 'event', '={{ $json.event }}'),
				field('f2', 'eventLabel', '={{ $json.eventLabel }}'),
				field('f3', 'who', `={{ ${name} }}`),
				field('f4', 'whose', `={{ ${name} + "'s" }}`),
				field('f5', 'product', '={{ $json.summary.product_name || "a product" }}'),
				field(
					'f6',
					'forAmount',
					`={{ ${JSON.stringify(MONEY_EVENTS)}.includes($json.event) && $json.summary.amount_cents != null ? ' ' + 'for ' + ${money('$json.summary.amount_cents', CURRENCY)} : '' }}`,
				),
				field(
					'f7',
					'recurring',
					`={{ $json.subscription?.recurring_price?.total != null ? ' (' + ${money('$json.subscription.recurring_price.total', CURRENCY)} + ' recurring)' : '' }}`,
				),
				field('f8', 'cancellation', '={{ $json.summary.cancellation }}'),
				field(
					'f9',
					'record',
					"={{ $json.summary.order_id != null ? 'order ' + $json.summary.order_id : $json.summary.subscription_id != null ? 'subscription ' + $json.summary.subscription_id : ($json.summary.customer_email ?? '') }}",
				),
				field('f10', 'testMode', '={{ $json.testMode }}', 'boolean'),
				field('f11', 'receivedAt', '={{ $json.receivedAt }}'),
				field('f12', 'email', '={{ $json.summary.customer_email }}'),
			]),
			setNode(2, 'Readable summary', 520, [
				field('s1', 'summary', sentenceExpression),
				field('s2', 'event', '={{ $json.eventLabel }}'),
				field('s3', 'record', '={{ $json.record }}'),
				field('s4', 'email', '={{ $json.email }}'),
				field('s5', 'product', '={{ $json.product }}'),
				field('s7', 'testMode', '={{ $json.testMode }}', 'boolean'),
				field('s8', 'receivedAt', '={{ $json.receivedAt }}'),
			]),
			{
				id: '5a3c0de0-de30-4000-8000-000000000005',
				name: 'Tell Runs Apart',
				type: 'n8n-nodes-base.executionData',
				typeVersion: 1,
				position: [780, 0],
				parameters: {
					dataToSave: {
						values: [
							{ key: 'event', value: '={{ $json.event }}' },
							{ key: 'record', value: '={{ $json.record }}' },
							{ key: 'summary', value: '={{ $json.summary.slice(0, 255) }}' },
						],
					},
				},
			},
			{
				id: '5a3c0de0-de30-4000-8000-000000000003',
				name: 'About this demo',
				type: 'n8n-nodes-base.stickyNote',
				typeVersion: 1,
				position: [-60, -260],
				parameters: {
					width: 560,
					height: 220,
					content:
						'## SamCart demo\nEvery SamCart event sent to the ' +
						"trigger's production URL (with `?token=`) runs this workflow; **Readable summary** turns it into one sentence, and " +
						'**Tell Runs Apart** saves the event and its record as the execution\'s custom data (Executions › filter).\n\n' +
						'Fire one with the command `npm start` printed (any event key: `npm run simulator -- events` lists them), then open **Executions**.',
				},
			},
		],
		connections: {
			'SamCart Trigger': { main: [[{ node: 'Facts', type: 'main', index: 0 }]] },
			Facts: { main: [[{ node: 'Readable summary', type: 'main', index: 0 }]] },
			'Readable summary': { main: [[{ node: 'Tell Runs Apart', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The credential test's answer in plain words for the banner: a refused key, a refused plan, or no answer at all. */
function explainCredentialProblem(message: string, baseUrl: string): string {
	const network = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)\b/.exec(message);
	if (network) return `SamCart could not be reached at ${baseUrl} (${network[1]}): check the network and the address.`;
	if (/rejected the API key|\b401\b|unauthori[sz]ed|authori[sz]ation failed/i.test(message))
		return `SamCart rejected this API key: ${message}`;
	if (/\b403\b|forbidden|cannot use the API/i.test(message)) return `SamCart refused API access for this key: ${message}`;
	return `the SamCart credential failed its test: ${message}`;
}

function shellQuote(s: string): string {
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
	const opts = parseArgs(process.argv.slice(2));
	const realKey = process.env.SAMCART_API_KEY?.trim() || undefined;
	const realBaseUrl = process.env.SAMCART_BASE_URL?.trim() || undefined;
	const t0 = Date.now();

	let server: N8nServer | undefined = undefined;
	let sim: Simulator | undefined;
	let stopping = false;
	let stoppingSince = 0;
	const runFile = path.join(opts.demoDir, 'run.json');

	const shutdown = async (signal: NodeJS.Signals) => {
		if (stopping) {
			// Ctrl-C reaches us twice: from the terminal (whole process group) and relayed by tsx. Only a later one
			// means "hurry up".
			if (Date.now() - stoppingSince < 2000) return;
			log(`${signal} again: killing everything now`);
			process.exit(130); // the launcher's exit hook kills n8n's process group synchronously
		}
		stopping = true;
		stoppingSince = Date.now();
		log(`${signal}: stopping n8n${sim ? ' and the simulator' : ''}...`);
		let code = 0;
		try {
			await server?.stop(); // SIGTERM to n8n's process group, SIGKILL after 10 s
			await stopAll(); // a server still starting up
		} catch (e) {
			log(`stopping n8n: ${(e as Error).message}`);
			code = 1;
		}
		await sim?.stop().catch(() => undefined);
		fs.rmSync(runFile, { force: true });
		log(`stopped after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		process.exit(code);
	};
	const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);

	// A second demo on the same ports would fail half-way: say so up front.
	if (await portAnswers(opts.port)) {
		throw new Error(`port ${opts.port} is in use (another \`npm start\`?). Stop it, or pass --port <n>.`);
	}
	if (!realKey && (await portAnswers(opts.simPort))) {
		throw new Error(`port ${opts.simPort} is in use (another simulator?). Stop it, or pass --sim-port <n>.`);
	}

	fs.mkdirSync(opts.demoDir, { recursive: true });
	const state = loadState(opts.demoDir);

	if (!realKey) {
		// seed 1 / small: the same data `npm run simulator -- send` builds its payloads from
		sim = await startSimulator({ port: opts.simPort, seed: 1, size: 'small' });
		log(`simulator listening on ${sim.baseUrl}`);
	}

	server = await startN8n({
		line: opts.line,
		port: opts.port,
		userFolder: opts.demoDir,
		keepUserFolder: true,
		env: { N8N_ENCRYPTION_KEY: state.encryptionKey },
		log,
	});
	if (stopping) return;
	// From here on our handler alone stops n8n, gracefully (the launcher's own signal hook kills within 1.5 s).
	// Its 'exit' hook and its guardian process stay in place as safety nets.
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		for (const l of process.listeners(sig)) if (l !== onSignal) process.removeListener(sig, l as (...a: unknown[]) => void);
	}

	const { api, baseUrl } = server;
	await signIn(api, state, opts.demoDir);
	const types = (await api.nodeTypes()).map((t) => t.name);
	if (!types.includes(TRIGGER_TYPE)) {
		throw new Error(`n8n did not load ${TRIGGER_TYPE} from the packed package; see ${server.logFile}`);
	}

	const credName = realKey ? REAL_CREDENTIAL_NAME : SIM_CREDENTIAL_NAME;
	const credData = realKey
		? { apiKey: realKey, ...(realBaseUrl ? { baseUrl: realBaseUrl } : {}) }
		: { apiKey: sim!.apiKey, baseUrl: sim!.baseUrl };
	const credentialId = await upsertCredential(api, { name: credName, type: CREDENTIAL_TYPE, data: credData });
	const cred = { id: credentialId, name: credName };
	const verdict = await api.testCredential(credentialId).catch((e: Error) => ({ status: 'Error', message: e.message }));
	log(`credential "${credName}" test: ${verdict.status}${verdict.status === 'OK' ? '' : ` (${verdict.message})`}`);
	const credentialProblem =
		verdict.status === 'OK'
			? undefined
			: explainCredentialProblem(verdict.message, realKey ? (realBaseUrl ?? 'https://api.samcart.com/v1') : sim!.baseUrl) +
				(realKey ? ' Check SAMCART_API_KEY (and SAMCART_BASE_URL), or unset them to use the simulator.' : '');

	const existing = await listWorkflows(api);
	const templates: RunInfo['templates'] = [];
	const outcomes = new Map<SyncOutcome, string[]>();
	const note = (outcome: SyncOutcome, name: string) => outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), name]);
	const idsByTemplate: Record<string, string> = {};
	// the event hub last: its routes name the other templates' workflow IDs
	const files = templateFiles().sort((x, y) => Number(path.basename(x) === EVENT_HUB_FILE) - Number(path.basename(y) === EVENT_HUB_FILE));
	for (const file of files) {
		const stem = templateStem(file);
		if (opts.line === '1' && onlyOnTwo(file)) {
			log(`template ${path.basename(file)} left out: it needs n8n 2.x`);
			continue;
		}
		try {
			let wf = withSamCartCredential(readTemplate(file), cred);
			if (path.basename(file) === EVENT_HUB_FILE) wf = wireEventHub(wf, idsByTemplate);
			const { id, outcome } = await syncWorkflow(api, existing, state, stem, wf, { reset: opts.resetTemplates });
			idsByTemplate[stem] = id;
			note(outcome, wf.name);
			templates.push({ file: path.basename(file), name: wf.name, id, outcome });
		} catch (e) {
			log(`template ${path.basename(file)} NOT imported: ${(e as Error).message}`);
		}
	}
	templates.sort((a, b) => a.file.localeCompare(b.file));
	const demo = await syncWorkflow(api, existing, state, 'demo', demoWorkflow(state, cred), {
		reset: opts.resetTemplates,
		keepActive: true,
	});
	saveState(opts.demoDir, state);
	const counts = (['imported', 'updated', 'reset', 'unchanged', 'kept'] as const)
		.filter((o) => outcomes.get(o)?.length)
		.map((o) => `${outcomes.get(o)!.length} ${o}`);
	const kept = [...(outcomes.get('kept') ?? []), ...(demo.outcome === 'kept' ? [DEMO_WORKFLOW_NAME] : [])];
	log(`templates: ${counts.join(', ')}; demo workflow ${demo.outcome}`);
	const workflowId = demo.id;
	if (!demo.active) await api.activateWorkflow(workflowId);
	const webhookPath = `${state.webhookId}/webhook`;
	await api.waitForWebhook(webhookPath);

	const webhookUrl = `${baseUrl}/webhook/${webhookPath}?token=${state.secretToken}`;
	const fireCommand = `npm run simulator -- send newOrder --to ${shellQuote(webhookUrl)}`;
	const info: RunInfo = {
		pid: process.pid,
		line: opts.line,
		n8nPid: server.main.pid,
		editorUrl: baseUrl,
		port: opts.port,
		simulatorPort: sim?.port ?? null,
		webhookUrl,
		fireCommand,
		workflowId,
		credentialId,
		templates,
		demoOutcome: demo.outcome,
	};
	fs.writeFileSync(runFile, JSON.stringify(info, null, 2));

	const secs = ((Date.now() - t0) / 1000).toFixed(1);
	const lines = [
		'',
		credentialProblem
			? `SamCart demo started in ${secs} s, but NOT ready: ${credentialProblem}`
			: `SamCart demo ready in ${secs} s: n8n ${server.version} with n8n-nodes-samcart from this checkout`,
		'',
		`  Editor      ${baseUrl}/workflow/${workflowId}`,
		`  Login       ${state.owner.email} / ${state.owner.password}`,
		realKey
			? `  Credential  "${credName}" -> ${realBaseUrl ?? 'https://api.samcart.com/v1'} (your SAMCART_API_KEY; no simulator)`
			: `  Credential  "${credName}" -> ${sim!.baseUrl} (API key ${sim!.apiKey})`,
		`  Templates   ${templates.length} in n8n (${counts.join(', ')}); new ones are inactive: they need your Slack, Google, HubSpot... credentials`,
		...(kept.length
			? [`              your edits were kept in: ${kept.join('; ')} (npm start -- --reset-templates puts the shipped versions back)`]
			: []),
		`  Demo        "${DEMO_WORKFLOW_NAME}" is active${demo.outcome === 'kept' ? ' (your edited version)' : ''}`,
		`  Webhook     ${webhookUrl}`,
		'',
		'  Fire a test event (another terminal), then open Executions in the editor:',
		`    ${fireCommand}`,
		'',
		`  Data folder ${opts.demoDir} (delete it to start from scratch)`,
		'  Press Ctrl-C to stop n8n' + (sim ? ' and the simulator.' : '.'),
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');

	// Keep running (n8n's child handle is unref'd, and there is no simulator with SAMCART_API_KEY) and notice a crash.
	const n8n = server;
	const watch = setInterval(() => {
		if (stopping || n8n.main.alive()) return;
		clearInterval(watch);
		process.stderr.write(`\nn8n exited unexpectedly; see ${n8n.logFile}\n`);
		void sim?.stop().finally(() => process.exit(1));
	}, 1000);
}

main().catch(async (e) => {
	process.stderr.write(`\nnpm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
	await stopAll().catch(() => undefined);
	process.exit(1);
});
