/**
 * Template 07 (Legal — refund policy audit) run by the real n8n engine as it ships, from its Schedule Trigger,
 * against the simulator; Google Sheets and Slack intercepted. Which refunds are outside the policy window is
 * recomputed here from sim.data (refund → its charge).
 *
 * Time is fixed: the simulator's data ends at NOW, and every run pins the Schedule Trigger's output (its `timestamp`,
 * the instant it fired), which is the one instant the template computes its window from. Nothing reads the wall clock.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine, type WorkflowJson } from '../harness';
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
	withSettings,
} from './common';

jest.setTimeout(120_000);

const FILE = '07-legal-refund-policy-audit.json';
/** The simulator's data ends here (Wednesday 2026-06-10 00:00 UTC). */
const NOW = '2026-06-10T00:00:00Z';
/** The Schedule Trigger firing on Tuesday 2026-06-09 at 10:00 UTC (a little late, as a real cron tick is). */
const TUESDAY = '2026-06-09T10:00:02.481+00:00';
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
	'currency',
	'charge_total_cents',
];
let sim: Simulator;

const newSimulator = () => startSimulator({ size: 'small', seed: 11, now: NOW, rateLimit: { limit: 0 } });

beforeAll(async () => {
	sim = await newSimulator();
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
/** Epoch ms → SamCart's "YYYY-MM-DD HH:MM:SS" (UTC). */
const samCartTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function expectedAudit(start: number, end: number, policyDays: number, source: Simulator = sim) {
	const refunds = source.data.refunds.filter(
		(r) => !r.test_mode && samCartMs(r.created_at) >= start && samCartMs(r.created_at) < end,
	);
	const rows = refunds.map((r) => {
		const charge = source.data.charges.find((c) => c.id === r.charge_id)!;
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
			currency: r.currency,
			charge_total_cents: charge.total,
			outside: diff > policyDays * DAY_MS,
		};
	});
	return { rows, flagged: rows.filter((r) => r.outside).map(({ outside: _o, ...row }) => row) };
}

/** The window as the Slack text prints it: local wall clock of the Settings time zone. */
const label = (window: { startLocal: string; endLocal: string }, zone: string) =>
	`${window.startLocal} → ${window.endLocal} (${zone})`;

function summary(
	window: { startLocal: string; endLocal: string },
	zone: string,
	policyDays: number,
	want: ReturnType<typeof expectedAudit>,
) {
	// refunded cents per currency, never added across currencies; the decimal by the currency's minor units
	const currencies = [...new Set(want.rows.map((r) => r.currency))].sort();
	const totals = currencies.map((currency) => {
		const cents = want.rows.filter((r) => r.currency === currency).reduce((sum, r) => sum + r.refund_amount_cents, 0);
		const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits!;
		return `${currency}: ${cents} cents = ${(cents / 10 ** digits).toFixed(digits)} ${currency}`;
	});
	return [
		`*Refund policy audit* ${label(window, zone)}: ${want.rows.length} refunds (${totals.join('; ')}), ${want.flagged.length} issued more than ${policyDays} days after the charge`,
		...want.flagged.map(
			(r) =>
				`• refund ${r.refund_id} of charge ${r.charge_id} (order ${r.order_id}): ${r.days_after_charge} days, ${r.refund_amount_cents} cents ${r.currency}`,
		),
	].join('\n');
}

/** The workflow's Report Window, checked to be exactly the expected one, as epoch ms. */
function windowOf(row: IDataObject | undefined) {
	if (!row) throw new Error('Report Window did not run');
	return { start: Date.parse(String(row.windowStart)), end: Date.parse(String(row.windowEnd)) };
}

const credentials = (source: Simulator = sim) => ({
	samCartApi: { apiKey: source.apiKey, baseUrl: source.baseUrl },
	slackApi: { accessToken: SLACK_TOKEN },
	googleSheetsOAuth2Api: googleSheetsCredentials,
});

/** The template as its Schedule Trigger starts it when it fires at `firedAt` (the trigger's output pinned). */
async function runAt(wf: WorkflowJson, line: N8nLine, firedAt: string, source: Simulator = sim) {
	const trigger = scheduleTrigger(wf);
	return await executeWorkflow(wf, {
		line,
		startNode: trigger,
		pinData: { [trigger]: [{ timestamp: firedAt }] },
		credentials: credentials(source),
	});
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('10-day policy: the late refunds of the week [Tue 00:00, Tue 00:00) are logged and summarised, exactly', async () => {
		sim.clearRequests();
		const wf = withSettings(loadTemplate(FILE), { policyDays: 10 });
		const settings = readSettings(wf);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [LOG_COLUMNS],
		});
		const r = await runAt(wf, line, TUESDAY);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		// whole days in the Settings time zone (UTC as shipped), the day of the run excluded
		const { start, end } = windowOf(r.runData['Report Window'][0]);
		expect(start).toBe(Date.parse('2026-06-02T00:00:00Z'));
		expect(end).toBe(Date.parse('2026-06-09T00:00:00Z'));

		const want = expectedAudit(start, end, 10);
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
		expect(slack.bodies[0].text).toBe(
			summary({ startLocal: '2026-06-02 00:00', endLocal: '2026-06-09 00:00' }, 'UTC', 10, want),
		);
		expect(r.executed).not.toContain('Post No Refunds');
	});

	test('the shipped 30-day policy: only refunds more than 30 days after their charge are flagged', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		expect(settings.policyDays).toBe(30);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [LOG_COLUMNS],
		});
		const r = await runAt(wf, line, TUESDAY);
		expect(r.error).toBeUndefined();
		const { start, end } = windowOf(r.runData['Report Window'][0]);
		const want = expectedAudit(start, end, 30);
		expect(want.rows.length).toBeGreaterThan(0);
		expect(sheet.records(String(settings.sheetName))).toEqual(want.flagged);
		if (want.flagged.length === 0) {
			// nothing to log: the sheet is not written to at all
			expect(r.executed).not.toContain('Log to Compliance Sheet');
			expect(sheet.requests).toHaveLength(0);
		}
		expect(slack.bodies.map((b) => b.text)).toEqual([
			summary({ startLocal: '2026-06-02 00:00', endLocal: '2026-06-09 00:00' }, 'UTC', 30, want),
		]);
	});

	test('a week with refunds in two currencies: totals per currency, never added together', async () => {
		const source = await newSimulator();
		try {
			// the store also sells in EUR: every other refund of the week (and its charge) is in euros
			const start = Date.parse('2026-06-02T00:00:00Z');
			const end = Date.parse('2026-06-09T00:00:00Z');
			const week = source.data.refunds.filter((r) => !r.test_mode && samCartMs(r.created_at) >= start && samCartMs(r.created_at) < end);
			expect(week.length).toBeGreaterThan(1);
			for (const refund of week.filter((_, index) => index % 2 === 1)) refund.currency = 'EUR';
			const wf = withSettings(loadTemplate(FILE), { policyDays: 10 });
			const settings = readSettings(wf);
			const slack = mockSlack();
			const sheet = mockGoogleSheets(String(settings.spreadsheetId), { [String(settings.sheetName)]: [LOG_COLUMNS] });
			const r = await runAt(wf, line, TUESDAY, source);
			expect(r.error).toBeUndefined();
			const want = expectedAudit(start, end, 10, source);
			expect(new Set(want.rows.map((row) => row.currency))).toEqual(new Set(['EUR', 'USD']));
			expect(slack.bodies.map((b) => b.text)).toEqual([
				summary({ startLocal: '2026-06-02 00:00', endLocal: '2026-06-09 00:00' }, 'UTC', 10, want),
			]);
			expect(slack.bodies[0].text).toMatch(/\(EUR: \d+ cents = \d+\.\d\d EUR; USD: \d+ cents = \d+\.\d\d USD\)/);
			expect(sheet.records(String(settings.sheetName))).toEqual(want.flagged);
		} finally {
			await source.stop();
		}
	});

	test('a week without refunds posts "no refunds this week" with the window, and logs nothing', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [LOG_COLUMNS],
		});
		// three weeks after the data ends: the store had refunds, none in this window
		expect(sim.data.refunds.length).toBeGreaterThan(0);
		const r = await runAt(wf, line, '2026-06-30T10:00:00.350+00:00');
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(
			expectedAudit(Date.parse('2026-06-23T00:00:00Z'), Date.parse('2026-06-30T00:00:00Z'), 30).rows,
		).toEqual([]);
		expect(slack.bodies.map(({ channel, text }) => ({ channel, text }))).toEqual([
			{
				channel: '#legal',
				text: '*Refund policy audit* 2026-06-23 00:00 → 2026-06-30 00:00 (UTC): no refunds this week',
			},
		]);
		expect(sheet.requests).toHaveLength(0);
		expect(r.executed).not.toContain('Original Charge');
	});

	test('an unknown time zone in Settings stops the run with an error, before SamCart is asked', async () => {
		sim.clearRequests();
		const slack = mockSlack();
		const r = await runAt(withSettings(loadTemplate(FILE), { timeZone: 'Europe/Atlantis' }), line, TUESDAY);
		expect(r.finished).toBe(false);
		expect(r.errorNode).toBe('Unknown Time Zone');
		expect(r.error?.message).toBe(
			'Settings → timeZone must be an IANA time zone such as UTC or Europe/Berlin, not "Europe/Atlantis"',
		);
		expect(sim.requests()).toHaveLength(0);
		expect(slack.bodies).toHaveLength(0);
	});

	test('two consecutive Tuesdays in America/New_York: each refund is audited in exactly one run', async () => {
		const source = await newSimulator();
		try {
			// the first window ends at Tue 2026-06-02 00:00 in New York (04:00 UTC): one refund exactly then, one a second
			// before (SamCart timestamps are whole seconds)
			const boundary = Date.parse('2026-06-02T04:00:00Z');
			const chargedAt = new Map(source.data.charges.map((c) => [c.id, samCartMs(c.created_at)]));
			const movable = source.data.refunds.filter(
				(x) => !x.test_mode && chargedAt.get(x.charge_id)! < boundary - DAY_MS,
			);
			const [atBoundary, justBefore] = movable.slice(-2);
			atBoundary.created_at = samCartTime(boundary);
			justBefore.created_at = samCartTime(boundary - 1000);

			const wf = withSettings(loadTemplate(FILE), { timeZone: 'America/New_York' });
			const settings = readSettings(wf);
			const audited: number[][] = [];
			const windows: Array<{ start: number; end: number }> = [];
			for (const firedAt of ['2026-06-02T10:00:00.712-04:00', '2026-06-09T10:00:01.093-04:00']) {
				mockSlack();
				mockGoogleSheets(String(settings.spreadsheetId), { [String(settings.sheetName)]: [LOG_COLUMNS] });
				const r = await runAt(wf, line, firedAt, source);
				expect(r.error).toBeUndefined();
				windows.push(windowOf(r.runData['Report Window'][0]));
				audited.push((r.runData['Policy Check'] ?? []).map((row) => Number(row.refund_id)));
				nock.cleanAll();
			}
			// midnight to midnight in New York, the second window starting where the first ended
			expect(windows).toEqual([
				{ start: Date.parse('2026-05-26T04:00:00Z'), end: boundary },
				{ start: boundary, end: Date.parse('2026-06-09T04:00:00Z') },
			]);
			expect(audited[0]).toContain(justBefore.id);
			expect(audited[0]).not.toContain(atBoundary.id);
			expect(audited[1]).toContain(atBoundary.id);
			// together: every live refund of the two weeks, each once
			const all = [...audited[0], ...audited[1]];
			expect(new Set(all).size).toBe(all.length);
			const want = source.data.refunds
				.filter((x) => !x.test_mode && samCartMs(x.created_at) >= windows[0].start)
				.filter((x) => samCartMs(x.created_at) < windows[1].end)
				.map((x) => x.id);
			expect([...all].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
			expect(audited[0].length).toBeGreaterThan(1);
			expect(audited[1].length).toBeGreaterThan(1);
		} finally {
			await source.stop();
		}
	});
});
