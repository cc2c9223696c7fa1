/**
 * Template 06 (Operations — fulfilment gaps) run by the real n8n engine as it ships, from its Schedule Trigger,
 * against the simulator (data up to today), once per fulfilment source: a Google Sheet (fake Sheets API) and an
 * HTTP endpoint (nock). The flagged orders are recomputed here from sim.data and the confirmations the test made up.
 */
import nock from 'nock';
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
	withSettings,
} from './common';

jest.setTimeout(120_000);

const FILE = '06-operations-fulfilment-gaps.json';
const API = 'https://fulfilment.example.com';
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

/** Live orders between 14 days and 12 hours old (at `at`) with at least one item still to deliver. */
function candidates(at: number) {
	return sim.data.orders.filter((o) => {
		const ms = samCartMs(o.order_date);
		return (
			!o.test_mode &&
			ms >= at - 14 * DAY_MS &&
			ms <= at - 12 * 3_600_000 &&
			o.cart_items.some((i) => !['refunded', 'reversed', 'declined'].includes(i.status))
		);
	});
}

/** Confirmations for every other candidate, plus a pending row (no delivered_at) that must not count. */
function makeConfirmations() {
	const open = candidates(Date.now());
	const confirmed = open.filter((_, i) => i % 2 === 0).map((o) => o.id);
	const pending = open.find((o) => !confirmed.includes(o.id));
	expect(pending).toBeDefined();
	return { confirmed, pending: pending!.id };
}

function expectFlagged(
	r: Awaited<ReturnType<typeof executeWorkflow>>,
	confirmed: number[],
	t0: number,
	t1: number,
	source: string,
) {
	expect(r.error).toBeUndefined();
	expect(r.finished).toBe(true);
	// the orders older than 12 h, from the last 14 days, without a confirmation (same set at both ends of the run)
	const want = candidates(t0).filter((o) => !confirmed.includes(o.id));
	expect(candidates(t1).filter((o) => !confirmed.includes(o.id))).toEqual(want);
	expect(want.length).toBeGreaterThan(1);
	const got = r.runData['Hours Waiting'];
	expect(got.map((o) => o.order_id)).toEqual(want.map((o) => o.id));
	for (const [i, o] of want.entries()) {
		const h = got[i].hours_waiting as number;
		expect(h).toBeGreaterThanOrEqual(Math.floor((t0 - samCartMs(o.order_date)) / 3_600_000));
		expect(h).toBeLessThanOrEqual(Math.floor((t1 - samCartMs(o.order_date)) / 3_600_000));
		expect(h).toBeGreaterThanOrEqual(12);
	}
	const lines = want.map(
		(o, i) =>
			`• order ${o.id} (${iso(o.order_date)}, ${String(got[i].hours_waiting)} h): ${o.cart_items.map((c) => c.product_name).join(', ')}, ${o.total} cents`,
	);
	return [
		`*Fulfilment gaps*: ${want.length} orders older than 12 h without a delivery confirmation (source: ${source})`,
		...lines,
	].join('\n');
}

const credentials = () => ({
	samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
	slackApi: { accessToken: SLACK_TOKEN },
	googleSheetsOAuth2Api: googleSheetsCredentials,
	httpHeaderAuth: { name: 'X-Api-Key', value: 'fulfilment-key' },
});

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
		const t0 = Date.now();
		const r = await executeWorkflow(wf, { line, startNode: scheduleTrigger(wf), credentials: credentials() });
		const t1 = Date.now();
		const text = expectFlagged(r, confirmed, t0, t1, 'sheet');
		expect(r.executed).toContain('Read Fulfilment Sheet');
		expect(r.executed).not.toContain('Fetch Fulfilment API');
		expect(api.isDone()).toBe(false);
		expect(sheet.requests.every((q) => q.method === 'GET')).toBe(true); // read only
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#operations');
		expect(slack.bodies[0].text).toBe(text);
		expect(r.runData['Hours Waiting'].map((o) => o.order_id)).toContain(pending);
	});

	test('source "http": the endpoint is called with since + the header credential; same rule', async () => {
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
		const t0 = Date.now();
		const r = await executeWorkflow(wf, { line, startNode: scheduleTrigger(wf), credentials: credentials() });
		const t1 = Date.now();
		const text = expectFlagged(r, confirmed, t0, t1, 'http');
		expect(api.isDone()).toBe(true);
		expect(Math.abs(Date.parse(since) - (t0 - 14 * DAY_MS))).toBeLessThan(60_000);
		expect(r.executed).not.toContain('Read Fulfilment Sheet');
		expect(slack.bodies.map((b) => b.text)).toEqual([text]);
	});

	test('source "http" answering no confirmations at all: every open order is flagged', async () => {
		const wf = withSettings(loadTemplate(FILE), { fulfilmentSource: 'HTTP ' });
		nock(API).get('/api/deliveries').query(true).reply(200, []);
		const slack = mockSlack();
		const t0 = Date.now();
		const r = await executeWorkflow(wf, { line, startNode: scheduleTrigger(wf), credentials: credentials() });
		const t1 = Date.now();
		const text = expectFlagged(r, [], t0, t1, 'HTTP ');
		expect(slack.bodies.map((b) => b.text)).toEqual([text]);
	});

	test('an unknown source stops the run with a clear error before anything is posted', async () => {
		const wf = withSettings(loadTemplate(FILE), { fulfilmentSource: 'airtable' });
		const slack = mockSlack();
		const r = await executeWorkflow(wf, { line, startNode: scheduleTrigger(wf), credentials: credentials() });
		expect(r.finished).toBe(false);
		expect(r.errorNode).toBe('Unknown Source');
		expect(r.error?.message).toBe('Settings → fulfilmentSource must be "sheet" or "http", not "airtable"');
		expect(slack.bodies).toHaveLength(0);
		expect(r.executed).not.toContain('Recent Orders');
	});
});
