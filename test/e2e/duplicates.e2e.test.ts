/**
 * "Ignore Duplicate Deliveries" in REAL n8n servers (2.41.1 on Node 24, 1.123.81 on Node 20), the packed package
 * installed as the Community Nodes screen installs it:
 *   - 20 identical deliveries sent at once start ONE execution (19 answered `ignored: duplicate`);
 *   - the same delivery sent again after that execution finished is ignored;
 *   - after n8n restarts (same database), it is still ignored: the memory was saved in the workflow's static data;
 *   - a different event still runs.
 * n8n 2.x resets the static data's change flag when it builds the execution, after the webhook ran; a memory kept
 * only there was never saved for accepted events (issue 21: 20 copies gave 20 executions on 2.41.1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { N8nServer, startN8n, stopAll } from '../../dev/local-n8n/server';
import { buildWebhookPayload, sendWebhook, startSimulator, type Simulator } from '../../dev/samcart-simulator';
import { samCartTriggerNode, triggerPath, waitForFinished, workflow } from './samcart-support';

jest.setTimeout(600_000);

const COPIES = 20;

describe.each(['2', '1'] as const)('Ignore Duplicate Deliveries in a real n8n %s.x', (line) => {
	let n8n: N8nServer | undefined;
	let sim: Simulator | undefined;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `samcart-dupes-${line}-`));

	beforeAll(async () => {
		await ensureLine(line);
		await packPackage();
		sim = await startSimulator({ size: 'small', seed: 11, now: '2026-11-01T00:00:00Z' });
		n8n = await startN8n({ line, userFolder, keepUserFolder: true });
		await n8n.api.bootstrap();
	}, 40 * 60_000);

	afterAll(async () => {
		try {
			await n8n?.stop();
		} finally {
			await stopAll();
			await sim?.stop();
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	}, 60_000);

	it(`${COPIES} copies at once → 1 execution; a later copy, and a copy after a restart, are ignored`, async () => {
		if (!n8n || !sim) throw new Error('n8n or the simulator did not start');
		const trigger = samCartTriggerNode(`dupes-${line}`, ['newOrder'], { ignoreDuplicates: true });
		const wf = await n8n.api.createWorkflow(workflow(`e2e duplicates ${line}.x`, [trigger]));
		await n8n.api.activateWorkflow(wf.id);
		await n8n.api.waitForWebhook(triggerPath(trigger));
		const url = () => `${n8n!.baseUrl}/webhook/${triggerPath(trigger)}`;
		const payload = buildWebhookPayload(sim.data, 'newOrder', { index: 1 });
		const answers = async (count: number, body = payload): Promise<Array<Record<string, unknown>>> =>
			(await sendWebhook(url(), () => body, { count, concurrency: count, timeoutMs: 60_000 })).map((d) => ({
				status: d.status,
				...(JSON.parse(d.body) as Record<string, unknown>),
			}));

		// at once: one accepted, every other copy a duplicate
		const burst = await answers(COPIES);
		const accepted = burst.filter((a) => a.ignored === undefined);
		expect(accepted).toEqual([{ status: 200, received: true, event: 'newOrder', eventId: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
		const eventId = accepted[0].eventId;
		expect(burst.filter((a) => a.ignored !== undefined)).toEqual(
			Array.from({ length: COPIES - 1 }, () => ({ status: 200, received: true, ignored: 'duplicate', event: 'newOrder', eventId })),
		);
		expect(await waitForFinished(n8n.api, wf.id, 1, 60_000, { includeData: false })).toHaveLength(1);

		// later: after the execution finished
		expect(await answers(1)).toEqual([{ status: 200, received: true, ignored: 'duplicate', event: 'newOrder', eventId }]);

		// after a restart on the same database: the memory came back from the workflow's static data
		const { encryptionKey } = n8n;
		await n8n.stop();
		n8n = await startN8n({ line, userFolder, keepUserFolder: true, package: false, env: { N8N_ENCRYPTION_KEY: encryptionKey } });
		await n8n.api.login();
		await n8n.api.createApiKey('after restart');
		await n8n.api.waitForWebhook(triggerPath(trigger));
		expect(await answers(1)).toEqual([{ status: 200, received: true, ignored: 'duplicate', event: 'newOrder', eventId }]);

		// another event still runs, once
		const other = buildWebhookPayload(sim.data, 'newOrder', { index: 2 });
		const [second] = await answers(1, other);
		expect(second).toMatchObject({ status: 200, received: true, event: 'newOrder' });
		expect(second.eventId).not.toBe(eventId);
		expect(await waitForFinished(n8n.api, wf.id, 2, 60_000, { includeData: false })).toHaveLength(2);
		await n8n.api.deactivateWorkflow(wf.id);
	});
});
