/**
 * Smoke test of dev/local-n8n on both n8n lines: install (no-op when cached), start a real n8n with our packed
 * package installed like the Community Nodes screen, bootstrap owner + API key, Webhook -> Set workflow, activate,
 * call, check the execution, deactivate (webhook 404), stop (port closed).
 *
 * A cold install of a line takes several minutes; run `npx tsx dev/local-n8n/install.ts all` first to see progress.
 * With SAMCART_EXTERNAL_N8N=<url> (`npx tsx dev/local-n8n/e2e-external.ts --external-n8n <url>`) it runs once against
 * that already running n8n instead, which must have the package installed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { webhookSetWorkflow } from '../../dev/local-n8n/fixtures';
import { externalUrl } from '../../dev/local-n8n/external';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, portAnswers, startN8n, stopAll } from '../../dev/local-n8n/server';

// jest 30 ignores `testTimeout` inside a `projects` entry (the e2e project's 600 s does not apply): set it here.
jest.setTimeout(600_000);
const INSTALL_TIMEOUT = 40 * 60_000;

const webhookPath = (line: string) => `launcher-smoke-${line}`;

// SAMCART_EXTERNAL_N8N=<url>: one run against that already running n8n (dev/local-n8n/external.ts) instead of both lines.
const external = externalUrl();
const lines = external ? (['external'] as const) : (['2', '1'] as const);

describe.each(lines)('local n8n launcher, line %s', (line) => {
	let n8n: N8nServer | undefined;

	beforeAll(async () => {
		if (line === 'external') return; // nothing to install or pack: the package is installed in that n8n
		await ensureLine(line); // no-op when cached
		await packPackage();
	}, INSTALL_TIMEOUT);

	afterAll(async () => {
		await n8n?.stop();
		await stopAll(); // also kills a server whose start-up was cut short by a failure or timeout
	}, 60_000);

	it('starts, runs a Webhook -> Set workflow, deactivates and stops', async () => {
		n8n = line === 'external' ? await startN8n({ line: '2', external }) : await startN8n({ line });
		const { api, port, userFolder } = n8n;

		if (line !== 'external') {
			// the package was installed like the Community Nodes screen does
			const installed = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-samcart', 'package.json');
			expect(fs.existsSync(installed)).toBe(true);
			const manifest = JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
			expect(manifest.dependencies).toHaveProperty('n8n-nodes-samcart');
		}

		await api.bootstrap();
		expect(api.apiKey).toBeTruthy();

		// Our package's node types loaded: both nodes (and the tool variant n8n derives from usableAsTool).
		const ours = (await api.nodeTypes()).filter((t) => t.name.startsWith('n8n-nodes-samcart.')).map((t) => t.name);
		expect(ours).toEqual(expect.arrayContaining(['n8n-nodes-samcart.samCart', 'n8n-nodes-samcart.samCartTrigger']));

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
		if (line === 'external') {
			// an n8n the launcher did not start keeps running; what the test created is gone
			expect(await portAnswers(port)).toBe(true);
			expect((await api.request('GET', `/api/v1/workflows/${wf.id}`, { auth: 'apiKey' })).status).toBe(404);
			return;
		}
		expect(await portAnswers(port)).toBe(false);
		expect(() => process.kill(-pid, 0)).toThrow(); // whole process group gone
	}, 600_000);
});
