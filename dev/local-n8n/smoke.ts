/**
 * Manual smoke of the launcher, also in queue mode:
 *   npx tsx dev/local-n8n/smoke.ts [2|1] [--queue] [--workers=N] [--keep] [--external-n8n <url>]
 * --external-n8n <url>: the same checks against an n8n that is already running (see external.ts), started by nobody here.
 * Starts n8n with the packed package, bootstraps owner + API key, runs a Webhook -> Set workflow and checks the
 * execution; in queue mode also checks that a worker (not main) ran it. Prints timings; exits non-zero on failure.
 */
import * as fs from 'node:fs';
import { webhookSetWorkflow } from './fixtures';
import { N8nLine } from './paths';
import { startN8n } from './server';

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const line = (args.find((a) => a === '1' || a === '2') ?? '2') as N8nLine;
	const queue = args.includes('--queue');
	const workers = Number(args.find((a) => a.startsWith('--workers='))?.split('=')[1] ?? 1);
	const externalAt = args.indexOf('--external-n8n');
	const external = externalAt >= 0 ? args[externalAt + 1] : undefined;
	const t0 = Date.now();
	const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const n8n = await startN8n({ line, queue: queue ? { workers } : undefined, keepUserFolder: args.includes('--keep'), external });
	try {
		console.log(`started n8n ${n8n.version} at ${n8n.baseUrl} (${secs()}); log ${n8n.logFile}`);
		if (n8n.queue) console.log(`queue mode: database ${n8n.queue.database}, bull prefix ${n8n.queue.bullPrefix}, ${n8n.workers.length} worker(s)`);
		const { api } = n8n;
		await api.bootstrap();
		console.log(`owner + API key (${secs()})`);
		const path = `smoke-${line}${queue ? '-queue' : ''}`;
		const wf = await api.createWorkflow(webhookSetWorkflow(path));
		await api.activateWorkflow(wf.id);
		await api.waitForWebhook(path);
		console.log(`workflow ${wf.id} active (${secs()})`);
		const res = await api.callWebhook(path, { name: 'queue', n: 4 });
		console.log(`webhook answered HTTP ${res.status} ${JSON.stringify(res.body)} (${secs()})`);
		if (res.status !== 200 || JSON.stringify(res.body) !== JSON.stringify({ greeting: 'hello queue', doubled: 8 })) {
			throw new Error('unexpected webhook answer');
		}
		const [exec] = await api.waitForExecutions(wf.id, 1);
		console.log(`execution ${exec.id}: ${exec.status} mode=${exec.mode}`);
		if (exec.status !== 'success') throw new Error(`execution ${exec.id} ended ${exec.status}`);
		if (queue) {
			const ranOn = n8n.workers.filter((w) => new RegExp(`Worker (started|finished) execution ${exec.id}\\b`).test(fs.readFileSync(w.logFile, 'utf8')));
			if (ranOn.length === 0) throw new Error(`no worker log mentions execution ${exec.id}; worker logs: ${n8n.workers.map((w) => w.logFile).join(', ')}`);
			console.log(`execution ${exec.id} ran on worker pid ${ranOn[0].pid} (${ranOn[0].logFile})`);
		}
		await api.deactivateWorkflow(wf.id);
		await api.waitForWebhook(path, { gone: true, timeoutMs: 60_000 });
		console.log(`deactivated (${secs()})`);
	} finally {
		await n8n.stop();
		console.log(`stopped (${secs()})`);
	}
}

main().catch((e) => {
	console.error(`SMOKE FAILED: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
});
