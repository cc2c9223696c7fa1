/**
 * Template 06 (Operations — fulfilment gaps) run by the real n8n engine as it ships, from its Schedule Trigger,
 * against the simulator, once per fulfilment source: a Google Sheet (fake Sheets API) and an HTTP endpoint (nock).
 * The flagged orders are recomputed here from sim.data and the confirmations the test made up.
 *
 * Time is fixed: the simulator's data ends at NOW, and every run pins the Schedule Trigger's output (its `timestamp`,
 * the instant it fired), which is the one instant the template computes its window and waiting hours from.
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

const FILE = '06-operations-fulfilment-gaps.json';
const API = 'https://fulfilment.example.com';
const HOUR_MS = 3_600_000;
/** The simulator's data ends here (Tuesday 2026-06-09 00:00 UTC). */
const NOW = '2026-06-09T00:00:00Z';
/** The Schedule Trigger firing on Monday 2026-06-08 at 08:00 UTC (a little late, as a real cron tick is). */
const MONDAY = '2026-06-08T08:00:03.219+00:00';
/** Its window as shipped: 14 days up to 12 hours before the hour of the run, the end excluded. */
const CUTOFF = Date.parse('2026-06-07T20:00:00Z');
const START = CUTOFF - 14 * DAY_MS;
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

/** Live orders placed in [start, cutoff) with at least one item still to deliver. */
function candidates(start = START, cutoff = CUTOFF, source: Simulator = sim) {
	return source.data.orders.filter((o) => {
		const ms = samCartMs(o.order_date);
		return (
			!o.test_mode &&
			ms >= start &&
			ms < cutoff &&
			o.cart_items.some((i) => !['refunded', 'reversed', 'declined'].includes(i.status))
		);
	});
}

/** Confirmations for every other candidate, plus a pending row (no delivered_at) that must not count. */
function makeConfirmations() {
	const open = candidates();
	const confirmed = open.filter((_, i) => i % 2 === 0).map((o) => o.id);
	const pending = open.find((o) => !confirmed.includes(o.id));
	expect(pending).toBeDefined();
	return { confirmed, pending: pending!.id };
}

function expectFlagged(r: Awaited<ReturnType<typeof executeWorkflow>>, confirmed: number[], source: string) {
	expect(r.error).toBeUndefined();
	expect(r.finished).toBe(true);
	const window = r.runData['Report Window'][0];
	expect(Date.parse(String(window.windowStart))).toBe(START);
	expect(Date.parse(String(window.cutoff))).toBe(CUTOFF);
	// the orders of the window without a confirmation, each waiting a whole number of hours since it was placed
	const want = candidates().filter((o) => !confirmed.includes(o.id));
	expect(want.length).toBeGreaterThan(1);
	const firedAt = Date.parse(MONDAY);
	const got = r.runData['Hours Waiting'];
	expect(got.map((o) => o.order_id)).toEqual(want.map((o) => o.id));
	const hours = want.map((o) => Math.floor((firedAt - samCartMs(o.order_date)) / HOUR_MS));
	expect(got.map((o) => o.hours_waiting)).toEqual(hours);
	for (const h of hours) expect(h).toBeGreaterThanOrEqual(12);
	const lines = want.map(
		(o, i) =>
			`• order ${o.id} (${iso(o.order_date)}, ${hours[i]} h): ${o.cart_items.map((c) => c.product_name).join(', ')}, ${o.total} cents`,
	);
	return [
		`*Fulfilment gaps*: ${want.length} orders older than 12 h without a delivery confirmation (source: ${source})`,
		...lines,
	].join('\n');
}

const credentials = (source: Simulator = sim) => ({
	samCartApi: { apiKey: source.apiKey, baseUrl: source.baseUrl },
	slackApi: { accessToken: SLACK_TOKEN },
	googleSheetsOAuth2Api: googleSheetsCredentials,
	httpHeaderAuth: { name: 'X-Api-Key', value: 'fulfilment-key' },
});

/** The template as its Schedule Trigger starts it when it fires at `firedAt` (the trigger's output pinned). */
async function runAt(wf: WorkflowJson, line: N8nLine, firedAt = MONDAY, source: Simulator = sim) {
	const trigger = scheduleTrigger(wf);
	return await executeWorkflow(wf, {
		line,
		startNode: trigger,
		pinData: { [trigger]: [{ timestamp: firedAt }] },
		credentials: credentials(source),
	});
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('source "sheet" (as shipped): unconfirmed orders are flagged to Slack, the HTTP branch is not used', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		expect(settings.fulfilmentSource).toBe('sheet');
		const { confirmed, pending } = makeConfirmations();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [
				['order_id', 'delivered_at', 'carrier'],
				...confirmed.map((id) => [String(id), '2026-01-02 10:00', 'UPS']),
				[pending, '', 'DHL'],
			],
		});
		const api = nock(API).get(/.*/).reply(500);
		const slack = mockSlack();
		const r = await runAt(wf, line);
		const text = expectFlagged(r, confirmed, 'sheet');
		expect(r.executed).toContain('Read Fulfilment Sheet');
		expect(r.executed).not.toContain('Fetch Fulfilment API');
		expect(api.isDone()).toBe(false);
		expect(sheet.requests.every((q) => q.method === 'GET')).toBe(true); // read only
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#operations');
		expect(slack.bodies[0].text).toBe(text);
		expect(r.runData['Hours Waiting'].map((o) => o.order_id)).toContain(pending);
	});

	test('source "http": the endpoint is called with since = the window start + the header credential; same rule', async () => {
		const wf = withSettings(loadTemplate(FILE), {
			fulfilmentSource: 'http',
			fulfilmentUrl: `${API}/v2/deliveries`,
		});
		const { confirmed, pending } = makeConfirmations();
		let since = '';
		const api = nock(API, { reqheaders: { 'x-api-key': 'fulfilment-key' } })
			.get('/v2/deliveries')
			.query((q) => ((since = String(q.since)), true))
			.reply(200, [
				...confirmed.map((id) => ({ order_id: id, delivered_at: '2026-01-02T10:00:00Z' })),
				{ order_id: pending, delivered_at: null },
			]);
		const slack = mockSlack();
		const r = await runAt(wf, line);
		const text = expectFlagged(r, confirmed, 'http');
		expect(api.isDone()).toBe(true);
		expect(Date.parse(since)).toBe(START);
		expect(r.executed).not.toContain('Read Fulfilment Sheet');
		expect(slack.bodies.map((b) => b.text)).toEqual([text]);
	});

	test('source "http" answering no confirmations at all: every open order is flagged', async () => {
		const wf = withSettings(loadTemplate(FILE), { fulfilmentSource: 'HTTP ' });
		nock(API).get('/api/deliveries').query(true).reply(200, []);
		const slack = mockSlack();
		const r = await runAt(wf, line);
		const text = expectFlagged(r, [], 'HTTP ');
		expect(slack.bodies.map((b) => b.text)).toEqual([text]);
	});

	test('every order confirmed: "none" is posted with the window, so a quiet week is not silence', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		const open = candidates();
		expect(open.length).toBeGreaterThan(1);
		mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [['order_id', 'delivered_at'], ...open.map((o) => [String(o.id), '2026-01-02 10:00'])],
		});
		const slack = mockSlack();
		const r = await runAt(wf, line);
		expect(r.error).toBeUndefined();
		expect(r.executed).not.toContain('Hours Waiting');
		const window = r.runData['Report Window'][0];
		const local = (iso: unknown) => new Date(String(iso)).toISOString().slice(0, 16).replace('T', ' ');
		expect(slack.bodies.map((b) => b.text)).toEqual([
			`*Fulfilment gaps*: none. Every order placed ${local(window.windowStart)} → ${local(window.cutoff)} (UTC) has a delivery confirmation or nothing left to deliver (source: sheet)`,
		]);
	});

	test('a window without any order (the store was quiet): "none" is posted too', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		mockGoogleSheets(String(settings.spreadsheetId), { [String(settings.sheetName)]: [['order_id', 'delivered_at']] });
		const slack = mockSlack();
		// eight weeks after the simulator's data ends
		const r = await runAt(wf, line, new Date(Date.parse(MONDAY) + 56 * 24 * HOUR_MS).toISOString());
		expect(r.error).toBeUndefined();
		expect(candidates(Date.parse(String(r.runData['Report Window'][0].windowStart)), Infinity)).toEqual([]);
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].text).toMatch(/^\*Fulfilment gaps\*: none\. Every order placed /);
	});

	test('an unknown source stops the run with a clear error before anything is posted', async () => {
		const wf = withSettings(loadTemplate(FILE), { fulfilmentSource: 'airtable' });
		const slack = mockSlack();
		const r = await runAt(wf, line);
		expect(r.finished).toBe(false);
		expect(r.errorNode).toBe('Unknown Source');
		expect(r.error?.message).toBe('Settings → fulfilmentSource must be "sheet" or "http", not "airtable"');
		expect(slack.bodies).toHaveLength(0);
		expect(r.executed).not.toContain('Recent Orders');
	});

	test('lookbackDays 7, two consecutive Mondays in Asia/Kolkata: each order is checked in exactly one run', async () => {
		const source = await newSimulator();
		try {
			// Kolkata is UTC+05:30, so its hours start at :30 UTC. The first run (Mon 08:00 IST) checks orders placed
			// before 20:00 IST the day before = 14:30 UTC; one order exactly then, one a second before
			const boundary = Date.parse('2026-05-31T14:30:00Z');
			const near = source.data.orders.filter(
				(o) => !o.test_mode && Math.abs(samCartMs(o.order_date) - boundary) < 3 * DAY_MS,
			);
			const [atBoundary, justBefore] = near.slice(-2);
			atBoundary.order_date = samCartTime(boundary);
			justBefore.order_date = samCartTime(boundary - 1000);
			for (const o of [atBoundary, justBefore]) for (const i of o.cart_items) i.status = 'charged';

			const wf = withSettings(loadTemplate(FILE), {
				fulfilmentSource: 'http',
				lookbackDays: 7,
				timeZone: 'Asia/Kolkata',
			});
			const checked: number[][] = [];
			const windows: IDataObject[] = [];
			for (const firedAt of ['2026-06-01T08:00:01.500+05:30', '2026-06-08T08:00:00.250+05:30']) {
				nock(API).get('/api/deliveries').query(true).reply(200, []);
				mockSlack();
				const r = await runAt(wf, line, firedAt, source);
				expect(r.error).toBeUndefined();
				windows.push(r.runData['Report Window'][0]);
				checked.push((r.runData['Hours Waiting'] ?? []).map((row) => Number(row.order_id)));
				nock.cleanAll();
			}
			const ms = (w: IDataObject) => [Date.parse(String(w.windowStart)), Date.parse(String(w.cutoff))];
			expect(windows.map(ms)).toEqual([
				[boundary - 7 * DAY_MS, boundary],
				[boundary, boundary + 7 * DAY_MS],
			]);
			expect(checked[0]).toContain(justBefore.id);
			expect(checked[0]).not.toContain(atBoundary.id);
			expect(checked[1]).toContain(atBoundary.id);
			const all = [...checked[0], ...checked[1]];
			expect(new Set(all).size).toBe(all.length);
			const want = candidates(boundary - 7 * DAY_MS, boundary + 7 * DAY_MS, source).map((o) => o.id);
			expect([...all].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
		} finally {
			await source.stop();
		}
	});
});
