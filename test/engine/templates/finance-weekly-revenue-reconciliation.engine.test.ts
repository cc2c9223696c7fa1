/**
 * Template 05 (Finance — weekly revenue reconciliation) run by the real n8n engine as it ships, from its Schedule
 * Trigger, against the simulator (data up to today); Google Sheets and Slack intercepted. Gross, refunded and net
 * cents per product are recomputed here from sim.data, using the simulator's own links (a rebill's subscription,
 * a refund's cart item) rather than the workflow's rules.
 */
import nock from 'nock';
import { startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine, type WorkflowJson } from '../harness';
import {
	DAY_MS,
	dollars,
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

const FILE = '05-finance-weekly-revenue-reconciliation.json';
const COLUMNS = [
	'week_start',
	'week_end',
	'product_id',
	'product_name',
	'currency',
	'gross_cents',
	'refunded_cents',
	'net_cents',
];
let sim: Simulator;

beforeAll(async () => {
	// `now` = today (the Schedule Trigger run uses the real clock). The rate limiter is off: the template reads an
	// order per rebill and per refund, and both lines share one API key within a minute (the node waits out 429s).
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

interface ProductTotals {
	product_id: number;
	product_name: string;
	gross: number;
	refunded: number;
}

/** The subscription of each rebill charge: the simulator's own link (a charge does not name it). */
const rebillOwners = (source: Simulator) =>
	(source.data as unknown as { rebillOwner: Map<number, number> }).rebillOwner;

function expectedTotals(start: number, end: number, source: Simulator = sim) {
	const { data } = source;
	const inWindow = (t: string) => samCartMs(t) >= start && samCartMs(t) <= end;
	const items = new Map(data.orders.flatMap((o) => o.cart_items.map((i) => [i.id, i] as const)));
	const productOfSubscription = new Map(data.subscriptions.map((s) => [s.id, s.product_id]));
	const rebillOwner = rebillOwners(source);
	const productName = new Map(data.products.map((p) => [p.id, p.product_name]));
	const totals = new Map<number, ProductTotals>();
	const add = (productId: number, gross: number, refunded: number) => {
		const t = totals.get(productId) ?? {
			product_id: productId,
			product_name: productName.get(productId)!,
			gross: 0,
			refunded: 0,
		};
		t.gross += gross;
		t.refunded += refunded;
		totals.set(productId, t);
	};
	const charges = data.charges.filter((c) => !c.test_mode && inWindow(c.created_at));
	let rebills = 0;
	for (const c of charges) {
		if (c.subscription_rebill_id === null) {
			const own = [...items.values()].filter((i) => i.charge_id === c.id);
			expect(own.reduce((s, i) => s + i.initial_price.total, 0)).toBe(c.total);
			for (const i of own) add(i.product_id, i.initial_price.total, 0);
		} else {
			rebills++;
			add(productOfSubscription.get(rebillOwner.get(c.id)!)!, c.total, 0);
		}
	}
	const refunds = data.refunds.filter((r) => !r.test_mode && inWindow(r.created_at));
	for (const r of refunds) add(items.get(r.cart_item_id)!.product_id, 0, r.refund_amount);

	// The orders the workflow must read one by one. The window's orders come from one list; a charge of an older
	// order (a rebill) is matched to a live active subscription of that order with the same recurring price, listed
	// once too. What is left, and the orders of the refunds' charges, are read one by one (each node reads one once).
	const orderDate = new Map(data.orders.map((o) => [o.id, o.order_date]));
	const olderOrderCharges = charges.filter((c) => !inWindow(orderDate.get(c.order_id)!));
	const activePrices = new Set(
		data.subscriptions
			.filter((s) => s.status === 'active' && !s.test_mode)
			.map((s) => `${s.order_id}/${s.recurring_price.total}`),
	);
	const readOneByOne = olderOrderCharges.filter((c) => !activePrices.has(`${c.order_id}/${c.total}`));
	const chargeOf = new Map(data.charges.map((c) => [c.id, c]));
	const orderReads =
		new Set(readOneByOne.map((c) => c.order_id)).size +
		new Set(refunds.map((r) => chargeOf.get(r.charge_id)!.order_id)).size;
	return {
		totals: [...totals.values()],
		charges: charges.length,
		rebills,
		refunds: refunds.length,
		olderOrderCharges: olderOrderCharges.length,
		readOneByOne: readOneByOne.length,
		orderReads,
	};
}

/** The template from its Schedule Trigger, against a simulator (the shared one by default), Sheets and Slack faked. */
async function runTemplate(wf: WorkflowJson, line: N8nLine, source: Simulator = sim) {
	return await executeWorkflow(wf, {
		line,
		startNode: scheduleTrigger(wf),
		credentials: {
			samCartApi: { apiKey: source.apiKey, baseUrl: source.baseUrl },
			slackApi: { accessToken: SLACK_TOKEN },
			googleSheetsOAuth2Api: googleSheetsCredentials,
		},
	});
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('appends gross/refunded/net cents per product to the sheet and posts the totals to Slack', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [
				COLUMNS,
				['2026-01-01 00:00', '2026-01-08 00:00', 1, 'older row', 'USD', 1, 0, 1],
			],
		});
		const startedAt = Date.now();
		const orderReadsBefore = sim.requests({ route: 'GET /orders/:id' }).length;
		const r = await runTemplate(wf, line);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);

		const window = r.runData['Report Window'][0];
		const { start, end } = windowOf(window);
		expect(end).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000 - 1000);
		expect(end - start).toBe(7 * DAY_MS);

		const want = expectedTotals(start, end);
		// the week really has first charges, subscription rebills and refunds
		expect(want.charges).toBeGreaterThan(want.rebills);
		expect(want.rebills).toBeGreaterThan(0);
		expect(want.refunds).toBeGreaterThan(0);
		expect(r.runData['Charges of the Week']).toHaveLength(want.charges);
		expect(r.runData['Refunds of the Week']).toHaveLength(want.refunds);
		expect(r.runData['All Refunds'].length).toBeGreaterThan(want.refunds); // the date filter is the workflow's
		// Orders: the week's new ones and the active subscriptions from one list each; the rest read one by one.
		expect(want.olderOrderCharges).toBeGreaterThanOrEqual(want.rebills);
		expect(want.olderOrderCharges).toBeLessThan(want.charges);
		expect(want.readOneByOne).toBeLessThan(want.olderOrderCharges);
		expect(r.runData['Charge Order'] ?? []).toHaveLength(want.readOneByOne);
		expect(sim.requests({ route: 'GET /orders/:id' }).length - orderReadsBefore).toBe(want.orderReads);

		// the sheet: the old row kept, one new row per product with exact integer cents
		const records = sheet.records(String(settings.sheetName));
		expect(records[0].product_name).toBe('older row');
		const rows = records.slice(1);
		const wantRows = want.totals.map((t) => ({
			product_id: t.product_id,
			product_name: t.product_name,
			currency: 'USD',
			gross_cents: t.gross,
			refunded_cents: t.refunded,
			net_cents: t.gross - t.refunded,
		}));
		const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
			Number(a.product_id) - Number(b.product_id);
		expect(rows.map(({ week_start: _s, week_end: _e, ...rest }) => rest).sort(byId)).toEqual(
			wantRows.sort(byId),
		);
		for (const row of rows) {
			expect(Number.isInteger(row.net_cents)).toBe(true);
			expect(row.week_start).toBe(rows[0].week_start);
		}
		expect(sheet.requests.filter((q) => q.method !== 'GET').length).toBeGreaterThan(0);

		// Slack: totals line, then products by net revenue
		const gross = want.totals.reduce((s, t) => s + t.gross, 0);
		const refunded = want.totals.reduce((s, t) => s + t.refunded, 0);
		const net = gross - refunded;
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#finance');
		const lines = wantRows
			.sort((a, b) => b.net_cents - a.net_cents || a.product_id - b.product_id)
			.map(
				(t) =>
					`• ${t.product_name}: net ${t.net_cents} (gross ${t.gross_cents}, refunded ${t.refunded_cents})`,
			);
		expect(slack.bodies[0].text).toBe(
			[
				`*Weekly revenue* ${String(rows[0].week_start)} → ${String(rows[0].week_end)}: gross ${gross} cents, refunded ${refunded} cents, net ${net} cents (${dollars(net)})`,
				...lines,
			].join('\n'),
		);
	});

	test.each([
		['a day of subscription rebills only, one of them canceled since (its order is read)', 11, undefined, 1],
		["a new store's week: new orders only (no order read one by one)", 12, 7, 7],
	])('%s', async (_label, seed, spanDays, lookbackDays) => {
		const source = await startSimulator({ size: 'small', seed, spanDays, rateLimit: { limit: 0 } });
		try {
			const dayStart = Date.now() - lookbackDays * DAY_MS;
			const rebill = source.data.charges.find(
				(c) =>
					c.subscription_rebill_id !== null && !c.test_mode && samCartMs(c.created_at) > dayStart + 60_000,
			);
			if (rebill) {
				// canceled after this week's rebill: no longer among the active subscriptions
				const owner = rebillOwners(source).get(rebill.id);
				const canceled = await fetch(`${source.baseUrl}/subscriptions/${owner}/cancel`, {
					method: 'POST',
					headers: { 'sc-api': source.apiKey, 'content-type': 'application/json' },
					body: '{}',
				});
				expect(canceled.status).toBe(200);
			}
			const wf = withSettings(loadTemplate(FILE), { lookbackDays });
			mockSlack();
			const sheet = mockGoogleSheets(String(readSettings(wf).spreadsheetId), {
				[String(readSettings(wf).sheetName)]: [COLUMNS],
			});
			const r = await runTemplate(wf, line, source);
			expect(r.error).toBeUndefined();
			const { start, end } = windowOf(r.runData['Report Window'][0]);
			const want = expectedTotals(start, end, source);
			expect(want.charges).toBeGreaterThan(0);
			// the scenario: every charge's order is older than the window, or none is
			expect([0, want.charges]).toContain(want.olderOrderCharges);
			expect(want.readOneByOne).toBe(want.olderOrderCharges === 0 ? 0 : 1);
			expect(r.runData['Charge Order'] ?? []).toHaveLength(want.readOneByOne);
			expect((r.runData['Orders of the Window'] ?? []).length > 0).toBe(
				want.olderOrderCharges < want.charges,
			);
			const rows = sheet.records(String(readSettings(wf).sheetName));
			expect(
				rows
					.map((row) => [row.product_id, row.gross_cents, row.refunded_cents])
					.sort((a, b) => Number(a[0]) - Number(b[0])),
			).toEqual(want.totals.map((t) => [t.product_id, t.gross, t.refunded]).sort((a, b) => a[0] - b[0]));
		} finally {
			await source.stop();
		}
	});

	test('Settings: live and test records ("both"), another sheet tab and channel', async () => {
		const wf = withSettings(loadTemplate(FILE), {
			testMode: 'both',
			sheetName: 'Dashboard',
			slackChannel: '#money',
		});
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(readSettings(wf).spreadsheetId), { Dashboard: [] });
		const r = await runTemplate(wf, line);
		expect(r.error).toBeUndefined();
		const { start, end } = windowOf(r.runData['Report Window'][0]);
		const inWindow = (t: string) => samCartMs(t) >= start && samCartMs(t) <= end;
		// 'both' keeps test-mode charges and refunds too
		expect(r.runData['Charges of the Week']).toHaveLength(
			sim.data.charges.filter((c) => inWindow(c.created_at)).length,
		);
		expect(r.runData['Refunds of the Week'] ?? []).toHaveLength(
			sim.data.refunds.filter((x) => inWindow(x.created_at)).length,
		);
		// an empty sheet gets the header row written first, then the rows
		const [header, ...rows] = sheet.sheets.Dashboard;
		expect(header).toEqual(COLUMNS);
		const gross = rows.reduce((s, row) => s + Number(row[5]), 0);
		const charged = sim.data.charges.filter((c) => inWindow(c.created_at)).reduce((s, c) => s + c.total, 0);
		expect(gross).toBe(charged); // every charged cent lands on exactly one product
		expect(slack.bodies[0].channel).toBe('#money');
	});
});
