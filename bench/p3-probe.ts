/** Diagnostic for p3: one n8n, both workflows, sequential deliveries; dumps per-execution timings and one execution each. */
import * as fs from 'node:fs';
import { generateDataset } from '../dev/samcart-simulator/dataset';
import { buildWebhookPayload } from '../dev/samcart-simulator/webhooks';
import { startN8n, stopAll } from '../dev/local-n8n/server';

const N = Number(process.env.PROBE_N ?? 15);
const CONC = Number(process.env.PROBE_CONC ?? 1);
const SID = 'b3000000-0000-4000-8000-00000000a001';
const noOp = (id: string) => ({ id, name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} });
const OUT = process.env.PROBE_OUT ?? '/tmp/p3probe';

async function main() {
	const ds = await generateDataset({ seed: 3, size: 'small', now: Date.UTC(2026, 0, 15) });
	const n8n = await startN8n({ line: '2', env: { N8N_LOG_LEVEL: process.env.PROBE_LOG ?? 'debug', ...JSON.parse(process.env.PROBE_ENV ?? '{}') } });
	try {
		const { api } = n8n;
		await api.bootstrap();
		const a = await api.createWorkflow({ name: 'SamCart', nodes: [{ id: 'b3000000-0000-4000-8000-000000000001', name: 'SamCart Trigger', type: 'n8n-nodes-samcart.samCartTrigger', typeVersion: 1, position: [0, 0], webhookId: SID, parameters: { events: ['*'], options: {} } }, noOp('b3000000-0000-4000-8000-000000000002')], connections: { 'SamCart Trigger': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } });
		const b = await api.createWorkflow({ name: 'Webhook', nodes: [{ id: 'b3000000-0000-4000-8000-000000000003', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'b3000000-0000-4000-8000-00000000a002', parameters: { httpMethod: 'POST', path: 'plain', responseMode: 'onReceived', options: {} } }, noOp('b3000000-0000-4000-8000-000000000004')], connections: { Webhook: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } });
		await api.activateWorkflow(a.id); await api.activateWorkflow(b.id);
		await api.waitForWebhook(`${SID}/webhook`, { timeoutMs: 60_000 }); await api.waitForWebhook('plain', { timeoutMs: 60_000 });
		let seq = 0;
		const fire = async (url: string, n: number) => {
			let next = 0; const t = Date.now(); const ans: number[] = [];
			await Promise.all(Array.from({ length: CONC }, async () => { while (next++ < n) { const s = Date.now(); const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...buildWebhookPayload(ds, 'newOrder', { index: seq }), seq: ++seq }) }); await r.text(); ans.push(Date.now() - s); } }));
			return { ms: Date.now() - t, ans: ans.sort((x, y) => x - y)[Math.floor(ans.length / 2)] };
		};
		const urls = { samcart: `${n8n.baseUrl}/webhook/${SID}/webhook`, webhook: `${n8n.baseUrl}/webhook/plain` };
		if (process.env.PROBE_SHOW) {
			const r = await fetch(`${urls.samcart}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...buildWebhookPayload(ds, 'newOrder', { index: 0 }), seq: 0 }) });
			console.log('accepted:', r.status, JSON.stringify([...r.headers].filter(([k]) => !['date', 'etag'].includes(k))), await r.text());
			const i = await fetch(`${urls.samcart}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"Nope"}' });
			console.log('ignored:', i.status, JSON.stringify([...i.headers].filter(([k]) => !['date', 'etag'].includes(k))), await i.text());
			return;
		}
		await fire(urls.samcart, 3); await fire(urls.webhook, 3);
		await new Promise((r) => setTimeout(r, 2000));
		const logStart: Record<string, number> = {};
		for (const [name, wf] of [['samcart', a.id], ['webhook', b.id]] as const) {
			logStart[name] = fs.statSync(n8n.logFile).size;
			const f = await fire(urls[name], N);
			await api.waitForExecutions(wf, N + 3, 120_000);
			await new Promise((r) => setTimeout(r, 1500));
			const ex = await api.listExecutions(wf, { includeData: true, limit: 250 });
			const runs = ex.slice(0, N).map((e) => Date.parse(e.stoppedAt!) - Date.parse(e.startedAt));
			runs.sort((x, y) => x - y);
			console.log(`${name}: fire ${f.ms} ms for ${N} (${(N / f.ms * 1000).toFixed(1)}/s), answer p50 ${f.ans} ms, run ms sorted ${runs.join(',')}`);
			fs.writeFileSync(`${OUT}/${name}-exec.json`, JSON.stringify(ex[0], null, 1));
			const nodeT = ex.slice(0, N).map((e) => Object.entries(e.data!.resultData.runData).map(([k, v]) => `${k}:${(v as Array<{ executionTime: number; startTime: number }>)[0].executionTime}@${(v as Array<{ startTime: number }>)[0].startTime - Date.parse(e.startedAt)}`).join(' '));
			console.log(`  node times: ${nodeT.slice(0, 5).join(' | ')}`);
		}
		fs.copyFileSync(n8n.logFile, `${OUT}/n8n.log`);
		console.log('logStart', logStart);
	} finally {
		await n8n.stop(); await stopAll();
	}
}
main().then(() => process.exit(0), (e) => { console.error(e); void stopAll().finally(() => process.exit(1)); });
