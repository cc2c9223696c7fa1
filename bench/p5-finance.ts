/**
 * P5 Finance template 05 (weekly revenue reconciliation) over a week of ~10 000 charges and ~1 000 refunds: the
 * template as it ships, from its Schedule Trigger, in the real n8n engine in-process (test/engine/harness, line 2.x),
 * Google Sheets and Slack faked with nock (the template test's helpers). The simulator runs in its own process with
 * the rate limit off and its orders packed into the last SPAN_DAYS days (`--span-days`), `now` = the real clock, so
 * the template's window ($now - 7 days .. $now) holds the load.
 * Figure: p5_seconds = wall time of the one template run (engine loaded beforehand by a one-request warm-up).
 */
import nock from 'nock';

import { closeEngines, executeWorkflow, type WorkflowJson } from '../test/engine/harness';
import {
	googleSheetsCredentials,
	loadTemplate,
	mockGoogleSheets,
	mockSlack,
	readSettings,
	scheduleTrigger,
	SLACK_TOKEN,
} from '../test/engine/templates/common';
import { commandFor, machine, round, simAdmin, startSimProcess, writeResult } from './common';

/**
 * 14 days, not 7: with every order in the last 7 days there are no subscription rebills in the week and only ~4 %
 * refunds per charge (the simulator refunds charges older than 2 days, 1 h to 20 days after them), so ~10 000 charges
 * come with ~400 refunds. Over 14 days the week holds half the charges, the rebills, and the refunds of the week before.
 */
const SPAN_DAYS = Number(process.env.BENCH_P5_SPAN_DAYS ?? 14);
const SIZE = process.env.BENCH_P5_SIZE ?? '4500x18000';
const SEED = Number(process.env.BENCH_P5_SEED ?? 1);
const FILE = '05-finance-weekly-revenue-reconciliation.json';

const warmUp: WorkflowJson = {
	name: 'bench p5 warm-up',
	nodes: [
		{ id: 'b5000000-0000-4000-8000-000000000001', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'b5000000-0000-4000-8000-000000000002',
			name: 'SamCart',
			type: 'n8n-nodes-samcart.samCart',
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'charge', operation: 'getMany', returnAll: false, limit: 1, filters: {} },
		},
	],
	connections: { Manual: { main: [[{ node: 'SamCart', type: 'main', index: 0 }]] } },
};

async function main(): Promise<void> {
	const t0 = Date.now();
	const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
	const sim = await startSimProcess({ size: SIZE, seed: SEED, now, 'span-days': SPAN_DAYS, 'rate-limit': 0 });
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	try {
		const info = await simAdmin<{ counts: Record<string, number> }>(sim, 'GET', '/info');
		const credentials = {
			samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
			slackApi: { accessToken: SLACK_TOKEN },
			googleSheetsOAuth2Api: googleSheetsCredentials,
		};
		const warm = await executeWorkflow(warmUp, { line: '2', credentials });
		if (!warm.finished) throw new Error(`warm-up failed: ${JSON.stringify(warm.error).slice(0, 500)}`);

		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), { [String(settings.sheetName)]: [] });
		await simAdmin(sim, 'DELETE', '/requests');
		const started = performance.now();
		const r = await executeWorkflow(wf, { line: '2', startNode: scheduleTrigger(wf), credentials });
		const wallMs = performance.now() - started;
		if (!r.finished) throw new Error(`template run failed at ${r.errorNode}: ${JSON.stringify(r.error).slice(0, 500)}`);
		const counts = await simAdmin<Record<string, number>>(sim, 'GET', '/counts');
		const requests = Object.values(counts).reduce((s, n) => s + n, 0);

		const items = (node: string) => (r.runData[node] ?? []).length;
		const charges = items('Charges of the Week');
		const rebills = (r.runData['Charges of the Week'] ?? []).filter((c) => c.subscription_rebill_id != null).length;
		const refunds = items('Refunds of the Week');
		const runData = r.run.data.resultData.runData;
		const nodeMs = Object.entries(runData)
			.map(([name, runs]) => ({ name, ms: runs.reduce((s, run) => s + (run.executionTime ?? 0), 0), items: items(name) }))
			.sort((a, b) => b.ms - a.ms);
		const engineMs = r.run.stoppedAt && r.run.startedAt ? new Date(r.run.stoppedAt).getTime() - new Date(r.run.startedAt).getTime() : wallMs;
		const sheetRows = sheet.records(String(settings.sheetName)).length;
		if (slack.bodies.length !== 1 || sheetRows === 0) throw new Error(`fakes not reached: ${slack.bodies.length} Slack posts, ${sheetRows} sheet rows`);

		writeResult({
			name: 'p5-finance',
			command: commandFor(__filename),
			startedAt: new Date(t0).toISOString(),
			seconds: (Date.now() - t0) / 1000,
			machine: machine(),
			figures: {
				p5_seconds: round(wallMs / 1000, 1),
				p5_engine_seconds: round(engineMs / 1000, 1),
				p5_charges_in_window: charges,
				p5_rebills_in_window: rebills,
				p5_refunds_in_window: refunds,
				p5_refunds_listed: items('All Refunds'),
				p5_simulator_requests: requests,
				p5_sheet_rows: sheetRows,
				...Object.fromEntries(nodeMs.slice(0, 5).map((n) => [`p5_node_ms_${n.name.replace(/\W+/g, '_')}`, n.ms])),
			},
			summary: [
				`Template 05 run once from its Schedule Trigger, n8n 2.41.1 engine in-process (after a one-request warm-up), simulator in its own process: size ${SIZE}, seed ${SEED}, orders over the last ${SPAN_DAYS} days up to ${now}, rate limit off, no latency; Google Sheets and Slack faked with nock.`,
				`- in the template's window (live mode, as the workflow selects them): ${charges} charges (${rebills} rebills), ${refunds} refunds; All Refunds listed ${items('All Refunds')} (dataset: ${info.counts.charges} charges, ${info.counts.refunds} refunds, ${info.counts.orders} orders)`,
				`- **p5_seconds = ${(wallMs / 1000).toFixed(1)} s** wall for the run (engine startedAt -> stoppedAt ${(engineMs / 1000).toFixed(1)} s)`,
				`- ${requests} requests to the simulator: ${Object.entries(counts).map(([route, n]) => `${route} ${n}`).join(', ')}`,
				`- ${sheetRows} product rows appended to the fake sheet, ${slack.bodies.length} Slack post`,
				`- slowest nodes (executionTime, items out): ${nodeMs.slice(0, 6).map((n) => `${n.name} ${(n.ms / 1000).toFixed(1)} s (${n.items})`).join('; ')}`,
			],
		});
	} finally {
		nock.cleanAll();
		nock.enableNetConnect();
		await sim.stop();
		await closeEngines();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
