/**
 * Template 07 (Legal — refund policy audit) run by the real n8n engine as it ships, from its Schedule Trigger,
 * against the simulator (data up to today); Google Sheets and Slack intercepted. Which refunds are outside the
 * policy window is recomputed here from sim.data (refund → its charge).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	DAY_MS,
	googleSheetsCredentials,
	loadTemplate,
	mockGoogleSheets,
	mockSlack,
	readSettings,
	samCartMs,
	scheduleTrigger,
	SLACK_TOKEN,
	windowOf,
	withSettings,
} from './common';

jest.setTimeout(120_000);

const FILE = '07-legal-refund-policy-audit.json';
const LOG_COLUMNS = [
	'refund_id',
	'refunded_at',
	'charge_id',
	'charged_at',
	'order_id',
	'customer_id',
	'days_after_charge',
	'policy_days',
	'refund_amount_cents',
	'charge_total_cents',
];
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ size: 'small', seed: 11, rateLimit: { limit: 0 } });
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});

afterEach(() => nock.cleanAll());

afterAll(async () => {
	nock.enableNetConnect();
	await sim?.stop();
	await closeEngines();
});

const iso = (t: string) => new Date(samCartMs(t)).toISOString().replace('.000Z', 'Z');

function expectedAudit(start: number, end: number, policyDays: number) {
	const refunds = sim.data.refunds.filter(
		(r) => !r.test_mode && samCartMs(r.created_at) >= start && samCartMs(r.created_at) <= end,
	);
	const rows = refunds.map((r) => {
		const charge = sim.data.charges.find((c) => c.id === r.charge_id)!;
		const diff = samCartMs(r.created_at) - samCartMs(charge.created_at);
		return {
			refund_id: r.id,
			refunded_at: iso(r.created_at),
			charge_id: charge.id,
			charged_at: iso(charge.created_at),
			order_id: charge.order_id,
			customer_id: charge.customer_id,
			days_after_charge: Math.floor(diff / DAY_MS),
			policy_days: policyDays,
			refund_amount_cents: r.refund_amount,
			charge_total_cents: charge.total,
			outside: diff > policyDays * DAY_MS,
		};
	});
	return { rows, flagged: rows.filter((r) => r.outside).map(({ outside: _o, ...row }) => row) };
}

function summary(window: IDataObject, policyDays: number, want: ReturnType<typeof expectedAudit>) {
	const day = (v: unknown) => DateTime.fromISO(String(v), { setZone: true }).toFormat('yyyy-MM-dd');
	const cents = want.rows.reduce((s, r) => s + r.refund_amount_cents, 0);
	return [
		`*Refund policy audit* ${day(window.windowStart)} → ${day(window.windowEnd)}: ${want.rows.length} refunds (${cents} cents), ${want.flagged.length} issued more than ${policyDays} days after the charge`,
		...want.flagged.map(
			(r) =>
				`• refund ${r.refund_id} of charge ${r.charge_id} (order ${r.order_id}): ${r.days_after_charge} days, ${r.refund_amount_cents} cents`,
		),
	].join('\n');
}

const credentials = () => ({
	samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
	slackApi: { accessToken: SLACK_TOKEN },
	googleSheetsOAuth2Api: googleSheetsCredentials,
});

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('7-day policy: the late refunds are logged to the sheet and summarised in Slack, exactly', async () => {
		sim.clearRequests();
		const wf = withSettings(loadTemplate(FILE), { policyDays: 7 });
		const settings = readSettings(wf);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [LOG_COLUMNS],
		});
		const r = await executeWorkflow(wf, { line, startNode: scheduleTrigger(wf), credentials: credentials() });
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		const window = r.runData['Report Window'][0];
		const { start, end } = windowOf(window);
		expect(end - start).toBe(7 * DAY_MS);
		expect(Math.abs(Date.now() - end)).toBeLessThan(60_000);

		const want = expectedAudit(start, end, 7);
		// the week has refunds on both sides of the line
		expect(want.flagged.length).toBeGreaterThan(0);
		expect(want.flagged.length).toBeLessThan(want.rows.length);
		// each refund was matched to its charge with Charge Get (one call per charge: the node caches within a run)
		const charges = new Set(want.rows.map((row) => `/v1/charges/${row.charge_id}`));
		const asked = new Set(sim.requests({ path: /^\/v1\/charges\/\d+$/ }).map((q) => q.path));
		for (const c of charges) expect(asked).toContain(c);

		expect(sheet.records(String(settings.sheetName))).toEqual(want.flagged);
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#legal');
		expect(slack.bodies[0].text).toBe(summary(window, 7, want));
	});

	test('the shipped 30-day policy: only refunds more than 30 days after their charge are flagged', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		expect(settings.policyDays).toBe(30);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [LOG_COLUMNS],
		});
		const r = await executeWorkflow(wf, { line, startNode: scheduleTrigger(wf), credentials: credentials() });
		expect(r.error).toBeUndefined();
		const window = r.runData['Report Window'][0];
		const { start, end } = windowOf(window);
		const want = expectedAudit(start, end, 30);
		expect(want.rows.length).toBeGreaterThan(0);
		expect(sheet.records(String(settings.sheetName))).toEqual(want.flagged);
		if (want.flagged.length === 0) {
			// nothing to log: the sheet is not written to at all
			expect(r.executed).not.toContain('Log to Compliance Sheet');
			expect(sheet.requests).toHaveLength(0);
		}
		expect(slack.bodies.map((b) => b.text)).toEqual([summary(window, 30, want)]);
	});
});
