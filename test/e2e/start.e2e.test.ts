/**
 * `npm start` end to end, the way a developer uses it: spawn `npm start` (own process group, like a terminal's
 * foreground job) with a temp demo folder and free ports, wait for the printed "ready" block, run the printed
 * fire-a-test-event command, and check through n8n's public API that the demo workflow ran once with a readable
 * summary, that every workflows-templates/*.json was imported inactive and that the SamCart credential exists.
 * Ctrl-C (SIGINT to the group) must stop n8n and the simulator and exit 0. A second start on the same folder must
 * reuse the login, the credential and the workflows (no duplicates) and the same webhook URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { N8nApi } from '../../dev/local-n8n/api';
import { ensureLine } from '../../dev/local-n8n/install';
import { freePort, portAnswers } from '../../dev/local-n8n/server';
import type { Execution } from '../../dev/local-n8n/api';
import { startSimulator } from '../../dev/samcart-simulator';
import { SAMCART_EVENTS } from '../../dev/samcart-simulator/webhooks';
import type { DemoState, RunInfo } from '../../dev/start';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const READY = 'Press Ctrl-C to stop';

const EVENT_KEYS = SAMCART_EVENTS.map((event) => event.key);

interface TriggerItem {
	event: string;
	eventLabel: string;
	testMode: boolean | null;
	summary: {
		customer_name: string | null;
		customer_email: string | null;
		product_name: string | null;
		amount_cents: number | null;
		currency: string | null;
		cancellation: string | null;
		order_id: number | null;
		subscription_id: number | null;
	};
	subscription?: { recurring_price?: { total?: number } };
}

/** "47.00 USD": decimals from ICU's own ISO 4217 data (0 for JPY); no currency word when SamCart named none. */
function money(cents: number, currency: string | null): string {
	const digits = currency ? new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits! : 2;
	return `${(cents / 10 ** digits).toFixed(digits)}${currency ? ` ${currency}` : ''}`;
}

/** What the demo must say for a trigger item, in plain English, written out here event by event. */
function expectedSentence(item: TriggerItem): string {
	const s = item.summary;
	const who = s.customer_name || s.customer_email || 'A customer';
	const product = s.product_name || 'a product';
	const paid = s.amount_cents != null ? ` for ${money(s.amount_cents, s.currency)}` : '';
	const total = item.subscription?.recurring_price?.total;
	const recurring = total != null ? ` (${money(total, s.currency)} recurring)` : '';
	const sentences: Record<string, string> = {
		newOrder: `${who} bought ${product}${paid}`,
		upsellPurchased: `${who} took the upsell ${product}${paid}`,
		productAddedToOrder: `${who} had ${product} added to their order${paid}`,
		newRefund: `${who} was refunded${paid} on ${product}`,
		partialRefund: `${who} was partly refunded${paid} on ${product}`,
		subscriptionCharged: `${who} paid${paid} for their ${product} subscription`,
		subscriptionChargeFailed: `A payment for ${who}'s ${product} subscription failed`,
		subscriptionDelinquent: `${who}'s ${product} subscription is delinquent: its payments failed`,
		subscriptionRecovered: `${who}'s ${product} subscription is paid again`,
		subscriptionCanceled:
			s.cancellation === 'delinquent'
				? `${who}'s ${product} subscription was canceled after its payments failed`
				: `${who} canceled their ${product} subscription${recurring}`,
		subscriptionCancelScheduled: `${who} scheduled the cancellation of their ${product} subscription${recurring}`,
		subscriptionCancelScheduleStopped: `${who} stopped the scheduled cancellation of their ${product} subscription`,
		subscriptionRestarted: `${who} restarted their ${product} subscription${recurring}`,
		subscriptionStarted: `${who} started a ${product} subscription${recurring}`,
		subscriptionCompleted: `${who}'s ${product} subscription is complete: every payment was made`,
		newLead: `${who} signed up as a lead for ${product}`,
		prospectCreated: `${who} left the ${product} checkout without buying`,
	};
	const sentence = sentences[item.event] ?? `${item.eventLabel}: ${who}, ${product}`;
	return sentence + (item.testMode ? ' (test mode)' : '');
}

const expectedRecord = (item: TriggerItem) =>
	item.summary.order_id != null
		? `order ${item.summary.order_id}`
		: item.summary.subscription_id != null
			? `subscription ${item.summary.subscription_id}`
			: (item.summary.customer_email ?? '');

interface Run {
	child: ChildProcess;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): Run {
	const childEnv: NodeJS.ProcessEnv = { ...process.env };
	delete childEnv.NODE_ENV; // jest's; not what a developer's shell has
	// jest's, and a developer's real-account / demo settings: this test wants the simulator and its own folder
	for (const k of Object.keys(childEnv)) if (/^JEST_|^SAMCART_(API_KEY|BASE_URL|DEMO_)/.test(k)) delete childEnv[k];
	Object.assign(childEnv, env);
	const child = spawn('npm', ['start', '--', ...args], { cwd: ROOT, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	return { child, output: () => out, exited };
}

async function waitForReady(run: Run, timeoutMs = 240_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exited = false;
	void run.exited.then(() => (exited = true));
	while (!run.output().includes(READY)) {
		if (exited) throw new Error(`npm start exited before it was ready:\n${run.output()}`);
		if (Date.now() > deadline) throw new Error(`npm start not ready after ${timeoutMs} ms:\n${run.output()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
async function ctrlC(run: Run): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	process.kill(-run.child.pid!, 'SIGINT');
	let timer: NodeJS.Timeout | undefined;
	const exit = await Promise.race([
		run.exited,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`no exit 30 s after SIGINT:\n${run.output()}`)), 30_000);
		}),
	]).finally(() => clearTimeout(timer));
	if (exit.code !== 0) process.stderr.write(`npm start output:\n${run.output()}\n`);
	return exit;
}

function groupGone(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return false;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

function sh(command: string): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const c = spawn('sh', ['-c', command], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		c.stdout.on('data', (d) => (output += d));
		c.stderr.on('data', (d) => (output += d));
		c.on('exit', (code) => resolve({ code, output }));
	});
}

describe('npm start (demo)', () => {
	let demoDir: string;
	let port: number;
	let simPort: number;
	const runs: Run[] = [];
	const n8nPids: number[] = [];

	beforeAll(async () => {
		await ensureLine('2'); // no-op when cached; a cold install is not part of the demo's start-up time
		demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samcart-demo-'));
		port = await freePort();
		simPort = await freePort();
	}, 40 * 60_000);

	afterAll(async () => {
		for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) process.kill(-r.child.pid!, 'SIGKILL');
		for (const pid of n8nPids) if (!groupGone(pid)) process.kill(-pid, 'SIGKILL');
		fs.rmSync(demoDir, { recursive: true, force: true });
	});

	it('starts, runs the demo workflow on a fired event, imports every template, stops on Ctrl-C, and restarts idempotently', async () => {
		const templateFiles = fs.readdirSync(path.join(ROOT, 'workflows-templates')).filter((f) => f.endsWith('.json')).sort();
		const templateNames = templateFiles.map(
			(f) => (JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows-templates', f), 'utf8')) as { name: string }).name,
		);
		const args = ['--port', String(port), '--sim-port', String(simPort), '--demo-dir', demoDir];

		// ---- first start: fresh demo folder ------------------------------------------------------------------
		const t0 = Date.now();
		const first = npmStart(args);
		runs.push(first);
		await waitForReady(first);
		const firstReadyMs = Date.now() - t0;
		const out = first.output();
		const info = JSON.parse(fs.readFileSync(path.join(demoDir, 'run.json'), 'utf8')) as RunInfo;
		const state = JSON.parse(fs.readFileSync(path.join(demoDir, 'demo.json'), 'utf8')) as DemoState;
		n8nPids.push(info.n8nPid);

		// what it prints
		expect(out).toContain(`Editor      http://127.0.0.1:${port}/workflow/${info.workflowId}`);
		expect(out).toContain(`Login       ${state.owner.email} / ${state.owner.password}`);
		expect(out).toContain(`Webhook     ${info.webhookUrl}`);
		expect(info.webhookUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/webhook/${state.webhookId}/webhook\\?token=${state.secretToken}$`));
		const fire = /^\s+(npm run simulator -- send newOrder --to '[^']+')$/m.exec(out)?.[1];
		expect(fire).toBe(info.fireCommand);
		expect(await portAnswers(simPort)).toBe(true);

		// the printed command fires one event, which the trigger accepts
		const sent = await sh(fire!);
		expect(sent.code).toBe(0);
		expect(sent.output).toMatch(/^#0: HTTP 200 in \d+ ms: \{"received":true,"event":"newOrder"/m);

		const api = new N8nApi(info.editorUrl, '2');
		api.apiKey = state.apiKey;
		const [exec] = await api.waitForExecutions(info.workflowId, 1, 30_000);
		await new Promise((r) => setTimeout(r, 1000)); // nothing else may arrive
		const execs = await api.listExecutions(info.workflowId, { includeData: true });
		expect(execs).toHaveLength(1);
		expect(exec.status).toBe('success');
		const firstExec = exec;
		const runData = firstExec.data!.resultData.runData;
		const trigger = runData['SamCart Trigger'][0].data!.main[0][0].json as unknown as TriggerItem;
		const result = runData['Readable summary'][0].data!.main[0][0].json as Record<string, unknown>;
		expect(trigger.event).toBe('newOrder');
		expect(result.summary).toBe(expectedSentence(trigger));

		// every event the simulator knows runs the demo and reads right; a test-mode order says so; each run carries
		// its event and record as custom data (what the Executions list shows and filters on)
		const sendAll = await sh(
			[...EVENT_KEYS.map((key) => fire!.replace('send newOrder', `send ${key}`)), `${fire!} --test-mode`].join(' && '),
		);
		expect(sendAll.output.match(/HTTP 200 in \d+ ms: \{"received":true/g)).toHaveLength(EVENT_KEYS.length + 1);
		const all = await api.waitForExecutions(info.workflowId, EVENT_KEYS.length + 2, 60_000);
		expect(new Set(all.map((e) => e.id)).size).toBe(EVENT_KEYS.length + 2);
		const seen = new Set<string>();
		let testModeSentences = 0;
		for (const listed of all) {
			const run = await api.publicApi<Execution & { customData?: Record<string, string> }>('GET', `/executions/${listed.id}?includeData=true`);
			expect({ id: run.id, status: run.status }).toEqual({ id: run.id, status: 'success' });
			const item = run.data!.resultData.runData['SamCart Trigger'][0].data!.main[0][0].json as unknown as TriggerItem;
			const sentence = String(run.data!.resultData.runData['Readable summary'][0].data!.main[0][0].json.summary);
			expect({ event: item.event, sentence }).toEqual({ event: item.event, sentence: expectedSentence(item) });
			expect(run.customData).toEqual({ event: item.eventLabel, record: expectedRecord(item), summary: sentence.slice(0, 255) });
			seen.add(item.event);
			if (item.testMode === true) {
				testModeSentences++;
				expect(sentence).toMatch(/ \(test mode\)$/);
			}
		}
		expect([...seen].sort()).toEqual([...EVENT_KEYS].sort());
		expect(testModeSentences).toBe(1);

		// every template imported, inactive; the demo workflow active; nothing else
		const workflows = (await api.publicApi<{ data: Array<{ id: string; name: string; active: boolean }> }>('GET', '/workflows?limit=250')).data;
		const imported = workflows.filter((w) => templateNames.includes(w.name));
		expect(imported).toHaveLength(templateFiles.length);
		expect(info.templates.map((t) => t.file)).toEqual(templateFiles);
		expect(imported.filter((w) => w.active)).toEqual([]);
		expect(workflows.filter((w) => w.name === 'SamCart demo: every event').map((w) => [w.id, w.active])).toEqual([[info.workflowId, true]]);
		expect(workflows).toHaveLength(templateFiles.length + 1);

		// the SamCart credential points at the simulator and passes n8n's own test
		await api.login(state.owner);
		const creds = await api.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
		expect(creds.filter((c) => c.type === 'samCartApi').map((c) => c.name)).toEqual(['SamCart (simulator)']);
		expect((await api.testCredential(info.credentialId)).status).toBe('OK');

		// an edit to an imported template (a Settings value) must survive the next start
		const edited = info.templates.find((t) => t.file.startsWith('07-'))!;
		const before = await api.publicApi<{ name: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }>; connections: unknown; settings: unknown }>('GET', `/workflows/${edited.id}`);
		const settingsNode = before.nodes.find((n) => n.name === 'Settings')!;
		const assignments = (settingsNode.parameters.assignments as { assignments: Array<{ value: unknown }> }).assignments;
		assignments[0].value = 'EDITED BY THE USER';
		await api.publicApi('PUT', `/workflows/${edited.id}`, { name: before.name, nodes: before.nodes, connections: before.connections, settings: before.settings });

		// Ctrl-C: exit 0, ports closed, n8n's process group gone
		const firstExit = await ctrlC(first);
		expect(firstExit).toEqual({ code: 0, signal: null });
		expect(await portAnswers(port)).toBe(false);
		expect(await portAnswers(simPort)).toBe(false);
		expect(groupGone(info.n8nPid)).toBe(true);
		expect(fs.existsSync(path.join(demoDir, 'run.json'))).toBe(false);

		// ---- second start on the same folder: the tarball from the first run, same login/ids, no duplicates ----
		const packed = /packed (\S+\.tgz)/.exec(out)?.[1] ?? process.env.SAMCART_PACKAGE_TGZ;
		const t1 = Date.now();
		const second = npmStart(args, packed ? { SAMCART_PACKAGE_TGZ: packed } : {});
		runs.push(second);
		await waitForReady(second);
		const secondReadyMs = Date.now() - t1;
		const info2 = JSON.parse(fs.readFileSync(path.join(demoDir, 'run.json'), 'utf8')) as RunInfo;
		n8nPids.push(info2.n8nPid);
		expect(second.output()).not.toContain('owner demo@example.com created');
		expect(info2.workflowId).toBe(info.workflowId);
		expect(info2.credentialId).toBe(info.credentialId);
		expect(info2.webhookUrl).toBe(info.webhookUrl);
		const state2 = JSON.parse(fs.readFileSync(path.join(demoDir, 'demo.json'), 'utf8')) as DemoState;
		expect(state2).toEqual(state); // same login, same API key (it still worked), same token
		const workflows2 = (await api.publicApi<{ data: Array<{ id: string; name: string; active: boolean }> }>('GET', '/workflows?limit=250')).data;
		expect(workflows2.map((w) => w.id).sort()).toEqual(workflows.map((w) => w.id).sort());
		expect(workflows2.find((w) => w.id === info.workflowId)?.active).toBe(true);
		const after = await api.publicApi<{ nodes: Array<{ name: string; parameters: Record<string, unknown> }> }>('GET', `/workflows/${edited.id}`);
		const kept = after.nodes.find((n) => n.name === 'Settings')!.parameters.assignments as { assignments: Array<{ value: unknown }> };
		expect(kept.assignments[0].value).toBe('EDITED BY THE USER');
		expect(second.output()).toContain(`your edits were kept in: ${edited.name} (npm start -- --reset-templates`);
		expect(info2.templates.find((t) => t.id === edited.id)?.outcome).toBe('kept');
		expect(info2.templates.filter((t) => t.id !== edited.id).map((t) => t.outcome)).toEqual(
			info2.templates.filter((t) => t.id !== edited.id).map(() => 'unchanged'),
		);
		await api.login(state.owner);
		const creds2 = await api.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
		expect(creds2.filter((c) => c.type === 'samCartApi').map((c) => c.id)).toEqual([info.credentialId]);

		const secondExit = await ctrlC(second);
		expect(secondExit).toEqual({ code: 0, signal: null });
		expect(await portAnswers(port)).toBe(false);
		expect(await portAnswers(simPort)).toBe(false);
		expect(groupGone(info2.n8nPid)).toBe(true);

		// ---- third start with --reset-templates: the shipped version is back, in the same workflow --------------
		const third = npmStart([...args, '--reset-templates'], packed ? { SAMCART_PACKAGE_TGZ: packed } : {});
		runs.push(third);
		await waitForReady(third);
		const info3 = JSON.parse(fs.readFileSync(path.join(demoDir, 'run.json'), 'utf8')) as RunInfo;
		n8nPids.push(info3.n8nPid);
		expect(info3.templates.find((t) => t.id === edited.id)?.outcome).toBe('reset');
		const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows-templates', edited.file), 'utf8')) as typeof before;
		const restored = await api.publicApi<typeof before>('GET', `/workflows/${edited.id}`);
		const settingsOf = (wf: typeof before) =>
			(wf.nodes.find((n) => n.name === 'Settings')!.parameters.assignments as { assignments: Array<{ value: unknown }> }).assignments[0].value;
		expect(settingsOf(restored)).toBe(settingsOf(shipped));
		expect(third.output()).not.toContain('your edits were kept in');
		expect(await ctrlC(third)).toEqual({ code: 0, signal: null });
		expect(groupGone(info3.n8nPid)).toBe(true);

		process.stderr.write(`npm start: first ready in ${(firstReadyMs / 1000).toFixed(1)} s, restart ready in ${(secondReadyMs / 1000).toFixed(1)} s\n`);
	});

	it('a wrong SAMCART_API_KEY is said plainly, before anything else, and the demo is not called ready', async () => {
		const sam = await startSimulator({ size: 'small', seed: 3 });
		const wrongDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samcart-demo-wrong-key-'));
		try {
			const wrongPort = await freePort();
			// a real-account start (no simulator of its own) pointed at a SamCart that refuses this key
			const run = npmStart(['--port', String(wrongPort), '--demo-dir', wrongDir], {
				SAMCART_API_KEY: 'not-a-samcart-key',
				SAMCART_BASE_URL: sam.baseUrl,
			});
			runs.push(run);
			await waitForReady(run);
			const info = JSON.parse(fs.readFileSync(path.join(wrongDir, 'run.json'), 'utf8')) as RunInfo;
			n8nPids.push(info.n8nPid);
			const banner = run.output().slice(run.output().indexOf('SamCart demo started in'));
			expect(banner.split('\n')[0]).toMatch(/^SamCart demo started in [\d.]+ s, but NOT ready: SamCart rejected this API key: SamCart rejected the API key\./);
			expect(run.output()).not.toMatch(/SamCart demo ready in/);
			expect(run.output()).not.toContain('not-a-samcart-key');
			expect(await ctrlC(run)).toEqual({ code: 0, signal: null });
		} finally {
			await sam.stop();
			fs.rmSync(wrongDir, { recursive: true, force: true });
		}
	});
});
