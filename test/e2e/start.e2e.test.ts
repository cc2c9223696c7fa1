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
import type { DemoState, RunInfo } from '../../dev/start';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const READY = 'Press Ctrl-C to stop';

interface Run {
	child: ChildProcess;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): Run {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
	delete childEnv.NODE_ENV; // jest's; not what a developer's shell has
	// jest's, and a developer's real-account / demo settings: this test wants the simulator and its own folder
	for (const k of Object.keys(childEnv)) if (/^JEST_|^SAMCART_(API_KEY|BASE_URL|DEMO_)/.test(k)) delete childEnv[k];
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
		const trigger = runData['SamCart Trigger'][0].data!.main[0][0].json as { event: string; summary: Record<string, unknown> };
		const result = runData['Readable summary'][0].data!.main[0][0].json as Record<string, unknown>;
		expect(trigger.event).toBe('newOrder');
		const s = trigger.summary as { customer_name: string; product_name: string; amount_cents: number; currency: string | null };
		// the currency only when the delivery says one (SamCart's deliveries may not): never an assumed "$"
		const decimal = (s.amount_cents / 100).toFixed(2);
		const money = s.currency === 'USD' ? `$${decimal}` : s.currency ? `${decimal} ${s.currency}` : decimal;
		expect(result.summary).toBe(`${s.customer_name} bought ${s.product_name} for ${money}`);

		// every event runs the demo, and a second send is another event (not a duplicate of the first)
		const more = await sh(`${fire!} && ${fire!.replace('send newOrder', 'send newLead')}`);
		expect(more.output.match(/HTTP 200 in \d+ ms: \{"received":true,"event":"(newOrder|newLead)","eventId"/g)).toHaveLength(2);
		const all = await api.waitForExecutions(info.workflowId, 3, 30_000);
		expect(new Set(all.map((e) => e.id)).size).toBe(3);

		// every template imported, inactive; the demo workflow active; nothing else
		const workflows = (await api.publicApi<{ data: Array<{ id: string; name: string; active: boolean }> }>('GET', '/workflows?limit=250')).data;
		const imported = workflows.filter((w) => templateNames.includes(w.name));
		expect(imported).toHaveLength(templateFiles.length);
		expect(info.templates.map((t) => t.file)).toEqual(templateFiles);
		expect(imported.filter((w) => w.active)).toEqual([]);
		expect(workflows.filter((w) => w.name === 'SamCart demo: new orders').map((w) => [w.id, w.active])).toEqual([[info.workflowId, true]]);
		expect(workflows).toHaveLength(templateFiles.length + 1);

		// the SamCart credential points at the simulator and passes n8n's own test
		await api.login(state.owner);
		const creds = await api.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
		expect(creds.filter((c) => c.type === 'samCartApi').map((c) => c.name)).toEqual(['SamCart (simulator)']);
		expect((await api.testCredential(info.credentialId)).status).toBe('OK');

		// an edit to an imported template (a Settings value) must survive the next start
		const edited = info.templates[0];
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
		await api.login(state.owner);
		const creds2 = await api.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
		expect(creds2.filter((c) => c.type === 'samCartApi').map((c) => c.id)).toEqual([info.credentialId]);

		const secondExit = await ctrlC(second);
		expect(secondExit).toEqual({ code: 0, signal: null });
		expect(await portAnswers(port)).toBe(false);
		expect(await portAnswers(simPort)).toBe(false);
		expect(groupGone(info2.n8nPid)).toBe(true);

		process.stderr.write(`npm start: first ready in ${(firstReadyMs / 1000).toFixed(1)} s, restart ready in ${(secondReadyMs / 1000).toFixed(1)} s\n`);
	});
});
