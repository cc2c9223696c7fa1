/**
 * Queue-mode smoke of dev/local-n8n (n8n 2.41.1): PostgreSQL 127.0.0.1:5432 + Redis 127.0.0.1:6379, main + 1 worker,
 * each with the package installed in its own user folder. A Webhook -> Set execution must run on the worker.
 * Set SAMCART_E2E_QUEUE=0 to skip (e.g. on a machine without PostgreSQL/Redis).
 */
import * as fs from 'node:fs';
import { webhookSetWorkflow } from '../../dev/local-n8n/fixtures';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n, stopAll } from '../../dev/local-n8n/server';

jest.setTimeout(600_000); // jest 30 ignores testTimeout inside a `projects` entry

const run = process.env.SAMCART_E2E_QUEUE === '0' ? describe.skip : describe;

run('local n8n launcher, queue mode (2.x, main + 1 worker)', () => {
	let n8n: N8nServer | undefined;

	beforeAll(async () => {
		await ensureLine('2');
		await packPackage();
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await stopAll();
	}, 60_000);

	it('executes a webhook workflow on the worker', async () => {
		n8n = await startN8n({ line: '2', queue: { workers: 1 } });
		const { api, workers, queue } = n8n;
		expect(queue?.database).toMatch(/^samcart_n8n2_/);
		expect(fs.existsSync(`${workers[0].userFolder}/.n8n/nodes/node_modules/n8n-nodes-samcart/package.json`)).toBe(true);

		await api.bootstrap();
		const wf = await api.createWorkflow(webhookSetWorkflow('queue-smoke', 'queue smoke'));
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook('queue-smoke');

		const res = await api.callWebhook('queue-smoke', { name: 'worker', n: 5 });
		expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { greeting: 'hello worker', doubled: 10 } });
		const [exec] = await api.waitForExecutions(wf.id, 1);
		expect(exec.status).toBe('success');
		expect(workers[0].readLog()).toMatch(new RegExp(`Worker finished execution ${exec.id}\\b`));
		expect(fs.readFileSync(n8n.logFile, 'utf8')).not.toMatch(new RegExp(`Worker finished execution ${exec.id}\\b`));

		await n8n.stop();
		n8n = undefined;
	});
});
