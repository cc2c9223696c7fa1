/**
 * Smoke test of dev/local-n8n on both n8n lines: install (no-op when cached), start a real n8n with our packed
 * package installed like the Community Nodes screen, bootstrap owner + API key, Webhook -> Set workflow, activate,
 * call, check the execution, deactivate (webhook 404), stop (port closed).
 *
 * A cold install of a line takes several minutes; run `npx tsx dev/local-n8n/install.ts all` first to see progress.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { webhookSetWorkflow } from '../../dev/local-n8n/fixtures';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, portAnswers, startN8n, stopAll } from '../../dev/local-n8n/server';

// jest 30 ignores `testTimeout` inside a `projects` entry (the e2e project's 600 s does not apply): set it here.
jest.setTimeout(600_000);
const INSTALL_TIMEOUT = 40 * 60_000;

const webhookPath = (line: string) => `launcher-smoke-${line}`;

describe.each(['2', '1'] as const)('local n8n launcher, line %s.x', (line) => {
	let n8n: N8nServer | undefined;

	beforeAll(async () => {
		await ensureLine(line); // no-op when cached
		await packPackage();
	}, INSTALL_TIMEOUT);

	afterAll(async () => {
		await n8n?.stop();
		await stopAll(); // also kills a server whose start-up was cut short by a failure or timeout
	}, 60_000);

	it('starts, runs a Webhook -> Set workflow, deactivates and stops', async () => {
		n8n = await startN8n({ line });
		const { api, port, userFolder } = n8n;

		// the package was installed like the Community Nodes screen does
		const installed = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-samcart', 'package.json');
		expect(fs.existsSync(installed)).toBe(true);
		const manifest = JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
		expect(manifest.dependencies).toHaveProperty('n8n-nodes-samcart');

		await api.bootstrap();
		expect(api.apiKey).toBeTruthy();

		// Our package's node types, once every node file it declares is actually built (the package is young).
		const pkg = JSON.parse(fs.readFileSync(installed, 'utf8'));
		const declared: string[] = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
		const missing = declared.filter((f) => !fs.existsSync(path.join(path.dirname(installed), f)));
		const ours = (await api.nodeTypes()).filter((t) => t.name.startsWith('n8n-nodes-samcart.')).map((t) => t.name);
		if (missing.length === 0) expect(ours.length).toBeGreaterThan(0);
		else console.warn(`package declares files it does not ship yet (${missing.join(', ')}); loaded types: [${ours.join(', ')}]`);

		const wf = await api.createWorkflow(webhookSetWorkflow(webhookPath(line), `launcher smoke ${line}.x`));
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook(webhookPath(line));

		const res = await api.callWebhook<{ greeting: string; doubled: number }>(webhookPath(line), { name: 'samcart', n: 21 });
		expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { greeting: 'hello samcart', doubled: 42 } });

		const [exec] = await api.waitForExecutions(wf.id, 1);
		expect(exec).toMatchObject({ status: 'success', mode: 'webhook' });
		const setOut = exec.data?.resultData.runData.Set?.[0]?.data?.main[0]?.[0]?.json;
		expect(setOut).toEqual({ greeting: 'hello samcart', doubled: 42 });

		await api.deactivateWorkflow(wf.id);
		await api.waitForWebhook(webhookPath(line), { gone: true, timeoutMs: 60_000 });
		const after = await api.callWebhook(webhookPath(line), { name: 'late', n: 1 });
		expect(after.status).toBe(404);

		const pid = n8n.main.pid;
		await n8n.stop();
		n8n = undefined;
		expect(await portAnswers(port)).toBe(false);
		expect(() => process.kill(-pid, 0)).toThrow(); // whole process group gone
	}, 600_000);
});
