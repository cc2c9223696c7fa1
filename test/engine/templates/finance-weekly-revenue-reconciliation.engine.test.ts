/**
 * Template 05 (Finance — weekly revenue reconciliation) run by the real n8n engine as it ships, from its Schedule
 * Trigger, against the simulator; Google Sheets and Slack intercepted. Gross, refunded and net cents per product and
 * currency are recomputed here from sim.data, using the simulator's own links (a rebill's subscription, a refund's
 * cart item) rather than the workflow's rules.
 *
 * Time is fixed: the simulator's data ends at NOW, and every run pins the Schedule Trigger's output (its `timestamp`,
 * the instant it fired), which is the one instant the template computes its window from. Nothing reads the wall clock.
 * The simulator writes every record in USD; the per-currency test turns some orders into EUR in its in-process data
 * (`sim.data`), which the simulator serves as it is.
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
/** The simulator's data ends here (Saturday 2026-06-13 00:00 UTC). */
const NOW = '2026-06-13T00:00:00Z';
/** The Schedule Trigger firing on Friday 2026-06-12 at 16:00 UTC (a little late, as a real cron tick is). */
const FRIDAY = '2026-06-12T16:00:03.512+00:00';
const WEEK = { start: Date.parse('2026-06-05T00:00:00Z'), end: Date.parse('2026-06-12T00:00:00Z') };
const LABEL = '2026-06-05 00:00 → 2026-06-12 00:00 (UTC)';
const GROSS_NOTE = 'gross = what was charged, tax and shipping included';
let sim: Simulator;

// The rate limiter is off: the template reads an order per unmatched rebill and per refund, and both lines share one
// API key within a minute (the node waits out 429s).
const newSimulator = (options: { seed?: number; spanDays?: number; currency?: string } = {}) =>
	startSimulator({
		size: 'small',
		seed: options.seed ?? 11,
		spanDays: options.spanDays,
		currency: options.currency,
		now: NOW,
		rateLimit: { limit: 0 },
	});

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

interface ProductTotals {
	product_id: number;
	product_name: string;
	currency: string;
	gross: number;
	refunded: number;
}

/** Epoch ms → SamCart's "YYYY-MM-DD HH:MM:SS" (UTC). */
const samCartTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The subscription of each rebill charge: the simulator's own link (a charge does not name it). */
const rebillOwners = (source: Simulator) =>
	(source.data as unknown as { rebillOwner: Map<number, number> }).rebillOwner;

/** What the week [start, end) must report, per product and currency. */
function expectedTotals(start: number, end: number, source: Simulator = sim) {
	const { data } = source;
	const inWindow = (t: string) => samCartMs(t) >= start && samCartMs(t) < end;
	const items = new Map(data.orders.flatMap((o) => o.cart_items.map((i) => [i.id, i] as const)));
	const productOfSubscription = new Map(data.subscriptions.map((s) => [s.id, s.product_id]));
	const rebillOwner = rebillOwners(source);
	const productName = new Map(data.products.map((p) => [p.id, p.product_name]));
	const totals = new Map<string, ProductTotals>();
	const add = (productId: number, currency: string, gross: number, refunded: number) => {
		const key = `${productId}/${currency}`;
		const t = totals.get(key) ?? {
			product_id: productId,
			product_name: productName.get(productId)!,
			currency,
			gross: 0,
			refunded: 0,
		};
		t.gross += gross;
		t.refunded += refunded;
		totals.set(key, t);
	};
	const charges = data.charges.filter((c) => !c.test_mode && inWindow(c.created_at));
	let rebills = 0;
	for (const c of charges) {
		if (c.subscription_rebill_id === null) {
			const own = [...items.values()].filter((i) => i.charge_id === c.id);
			expect(own.reduce((s, i) => s + i.initial_price.total, 0)).toBe(c.total);
			for (const i of own) add(i.product_id, c.currency, i.initial_price.total, 0);
		} else {
			rebills++;
			add(productOfSubscription.get(rebillOwner.get(c.id)!)!, c.currency, c.total, 0);
		}
	}
	const refunds = data.refunds.filter((r) => !r.test_mode && inWindow(r.created_at));
	for (const r of refunds) add(items.get(r.cart_item_id)!.product_id, r.currency, 0, r.refund_amount);

	// The orders the workflow must read one by one. The window's orders come from one list; a charge of an older
	// order (a rebill) is matched to a live active subscription of that order with the same recurring price, listed
	// once too. What is left, and the orders of the refunds' charges, are read one by one (each node reads one once).
	const orderDate = new Map(data.orders.map((o) => [o.id, o.order_date]));
	const olderOrderCharges = charges.filter((c) => samCartMs(orderDate.get(c.order_id)!) < start);
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

/** The sheet rows the week must append (week_start/week_end aside). */
const rowsOf = (totals: ProductTotals[]) =>
	totals.map((t) => ({
		product_id: t.product_id,
		product_name: t.product_name,
		currency: t.currency,
		gross_cents: t.gross,
		refunded_cents: t.refunded,
		net_cents: t.gross - t.refunded,
	}));

/** The Slack summary: the window, one totals line per currency, then the products by currency and net revenue. */
function summaryText(label: string, totals: ProductTotals[]) {
	const currencies = [...new Set(totals.map((t) => t.currency))].sort();
	const lines = currencies.map((cur) => {
		const of = totals.filter((t) => t.currency === cur);
		const gross = of.reduce((s, t) => s + t.gross, 0);
		const refunded = of.reduce((s, t) => s + t.refunded, 0);
		const net = gross - refunded;
		const decimal = cur === 'JPY' ? String(net) : (net / 100).toFixed(2); // yen have no minor unit
		return `${cur}: gross ${gross} cents, refunded ${refunded} cents, net ${net} cents (${decimal} ${cur})`;
	});
	const products = rowsOf(totals)
		.sort(
			(a, b) =>
				a.currency.localeCompare(b.currency) || b.net_cents - a.net_cents || a.product_id - b.product_id,
		)
		.map(
			(t) =>
				`• ${t.product_name} (${t.currency}): net ${t.net_cents} (gross ${t.gross_cents}, refunded ${t.refunded_cents})`,
		);
	return [`*Weekly revenue* ${label}; ${GROSS_NOTE}`, ...lines, ...products].join('\n');
}

const byProduct = (a: Record<string, unknown>, b: Record<string, unknown>) =>
	Number(a.product_id) - Number(b.product_id) || String(a.currency).localeCompare(String(b.currency));

/** The workflow's Report Window as epoch ms. */
function windowOf(row: IDataObject | undefined) {
	if (!row) throw new Error('Report Window did not run');
	return { start: Date.parse(String(row.windowStart)), end: Date.parse(String(row.windowEnd)) };
}

/** The template as its Schedule Trigger starts it when it fires at `firedAt` (the trigger's output pinned). */
async function runAt(wf: WorkflowJson, line: N8nLine, firedAt = FRIDAY, source: Simulator = sim) {
	const trigger = scheduleTrigger(wf);
	return await executeWorkflow(wf, {
		line,
		startNode: trigger,
		pinData: { [trigger]: [{ timestamp: firedAt }] },
		credentials: {
			samCartApi: { apiKey: source.apiKey, baseUrl: source.baseUrl },
			slackApi: { accessToken: SLACK_TOKEN },
			googleSheetsOAuth2Api: googleSheetsCredentials,
		},
	});
}

/** Every record of these orders (cart items, charges and the refunds of those charges) in another currency. */
function convertOrders(source: Simulator, orderIds: number[], currency: string) {
	const ids = new Set(orderIds);
	for (const o of source.data.orders) if (ids.has(o.id)) for (const i of o.cart_items) i.currency = currency;
	const chargeIds = new Set<number>();
	for (const c of source.data.charges)
		if (ids.has(c.order_id)) {
			c.currency = currency;
			chargeIds.add(c.id);
		}
	for (const r of source.data.refunds) if (chargeIds.has(r.charge_id)) r.currency = currency;
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
		const orderReadsBefore = sim.requests({ route: 'GET /orders/:id' }).length;
		const r = await runAt(wf, line);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);

		// whole days in the Settings time zone (UTC as shipped), up to the start of the day of the run
		expect(windowOf(r.runData['Report Window'][0])).toEqual(WEEK);

		const want = expectedTotals(WEEK.start, WEEK.end);
		// the week really has first charges, subscription rebills and refunds
		expect(want.charges).toBeGreaterThan(want.rebills);
		expect(want.rebills).toBeGreaterThan(0);
		expect(want.refunds).toBeGreaterThan(0);
		expect(r.runData['Charges in Window']).toHaveLength(want.charges);
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
		expect(rows.map(({ week_start: _s, week_end: _e, ...rest }) => rest).sort(byProduct)).toEqual(
			rowsOf(want.totals).sort(byProduct),
		);
		for (const row of rows) {
			expect(Number.isInteger(row.net_cents)).toBe(true);
			expect([row.week_start, row.week_end]).toEqual(['2026-06-05 00:00', '2026-06-12 00:00']);
		}
		expect(sheet.requests.filter((q) => q.method !== 'GET').length).toBeGreaterThan(0);

		// Slack: the window, the totals (one currency here), then products by net revenue
		expect(new Set(want.totals.map((t) => t.currency))).toEqual(new Set(['USD']));
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#finance');
		expect(slack.bodies[0].text).toBe(summaryText(LABEL, want.totals));
		expect(r.executed).not.toContain('Post Nothing This Week');
	});

	test('two currencies: totals per currency, never added together; a product sold in both has a row for each', async () => {
		const source = await newSimulator();
		try {
			// one order charged this week and the order of one of this week's refunds, in EUR
			const inWeek = (t: string) => samCartMs(t) >= WEEK.start && samCartMs(t) < WEEK.end;
			const firstCharge = source.data.charges.find(
				(c) => !c.test_mode && c.subscription_rebill_id === null && inWeek(c.created_at),
			)!;
			const refund = source.data.refunds.find((x) => !x.test_mode && inWeek(x.created_at))!;
			const refundOrder = source.data.charges.find((c) => c.id === refund.charge_id)!.order_id;
			convertOrders(source, [firstCharge.order_id, refundOrder], 'EUR');

			const wf = loadTemplate(FILE);
			const settings = readSettings(wf);
			const slack = mockSlack();
			const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
				[String(settings.sheetName)]: [COLUMNS],
			});
			const r = await runAt(wf, line, FRIDAY, source);
			expect(r.error).toBeUndefined();

			const want = expectedTotals(WEEK.start, WEEK.end, source);
			const currencies = new Set(want.totals.map((t) => t.currency));
			expect(currencies).toEqual(new Set(['EUR', 'USD']));
			const rows = sheet.records(String(settings.sheetName));
			expect(rows.map(({ week_start: _s, week_end: _e, ...rest }) => rest).sort(byProduct)).toEqual(
				rowsOf(want.totals).sort(byProduct),
			);
			const text = slack.bodies.map((b) => b.text);
			expect(text).toEqual([summaryText(LABEL, want.totals)]);
			// the USD line holds the USD records only
			const usd = want.totals.filter((t) => t.currency === 'USD');
			const usdGross = usd.reduce((s, t) => s + t.gross, 0);
			expect(text[0].split('\n')[2]).toMatch(new RegExp(`^USD: gross ${usdGross} cents,`));
			expect(text[0].split('\n')[1]).toMatch(
				/^EUR: gross \d+ cents, refunded \d+ cents, net -?\d+ cents \(-?\d+\.\d\d EUR\)$/,
			);
		} finally {
			await source.stop();
		}
	});

	test('a store selling in JPY (the simulator\'s currency option): totals in yen, no decimals, no "$"', async () => {
		const source = await newSimulator({ currency: 'JPY' });
		try {
			const wf = loadTemplate(FILE);
			const settings = readSettings(wf);
			const slack = mockSlack();
			const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
				[String(settings.sheetName)]: [COLUMNS],
			});
			const r = await runAt(wf, line, FRIDAY, source);
			expect(r.error).toBeUndefined();
			const want = expectedTotals(WEEK.start, WEEK.end, source);
			expect(new Set(want.totals.map((t) => t.currency))).toEqual(new Set(['JPY']));
			expect(
				sheet
					.records(String(settings.sheetName))
					.map(({ week_start: _s, week_end: _e, ...rest }) => rest)
					.sort(byProduct),
			).toEqual(rowsOf(want.totals).sort(byProduct));
			const text = slack.bodies.map((b) => b.text);
			expect(text).toEqual([summaryText(LABEL, want.totals)]);
			expect(text[0].split('\n')[1]).toMatch(
				/^JPY: gross \d+ cents, refunded \d+ cents, net -?\d+ cents \(-?\d+ JPY\)$/,
			);
			expect(text[0]).not.toContain('$');
		} finally {
			await source.stop();
		}
	});

	test.each([
		[
			'a day of subscription rebills only, one of them canceled since (its order is read)',
			11,
			undefined,
			1,
			'2026-06-07T16:00:00.250+00:00',
		],
		["a new store's week: new orders only (no order read one by one)", 12, 7, 7, FRIDAY],
	])('%s', async (_label, seed, spanDays, lookbackDays, firedAt) => {
		const source = await newSimulator({ seed, spanDays });
		try {
			const day = Date.parse(firedAt.slice(0, 10));
			const start = day - lookbackDays * DAY_MS;
			const rebill = source.data.charges.find(
				(c) =>
					c.subscription_rebill_id !== null &&
					!c.test_mode &&
					samCartMs(c.created_at) >= start &&
					samCartMs(c.created_at) < day,
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
			const r = await runAt(wf, line, firedAt, source);
			expect(r.error).toBeUndefined();
			expect(windowOf(r.runData['Report Window'][0])).toEqual({ start, end: day });
			const want = expectedTotals(start, day, source);
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
		const r = await runAt(wf, line);
		expect(r.error).toBeUndefined();
		const inWindow = (t: string) => samCartMs(t) >= WEEK.start && samCartMs(t) < WEEK.end;
		// 'both' keeps test-mode charges and refunds too
		expect(r.runData['Charges in Window']).toHaveLength(
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

	test('a week without charges or refunds posts "no charges and no refunds this week" with the window', async () => {
		const wf = loadTemplate(FILE);
		const settings = readSettings(wf);
		const slack = mockSlack();
		const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
			[String(settings.sheetName)]: [COLUMNS],
		});
		// three weeks after the data ends
		const r = await runAt(wf, line, '2026-07-03T16:00:00.100+00:00');
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(slack.bodies.map(({ channel, text }) => ({ channel, text }))).toEqual([
			{
				channel: '#finance',
				text: '*Weekly revenue* 2026-06-26 00:00 → 2026-07-03 00:00 (UTC): no charges and no refunds this week',
			},
		]);
		expect(sheet.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
		expect(r.executed).not.toContain('Post Summary');
	});

	test('a week with refunds and no charges reports the refunds (no "nothing this week")', async () => {
		const source = await newSimulator();
		try {
			// one live refund moved into a week after the data ends, when nothing was charged
			const refund = source.data.refunds.filter((x) => !x.test_mode).reverse()[0];
			refund.created_at = samCartTime(Date.parse('2026-06-30T11:00:00Z'));
			const wf = loadTemplate(FILE);
			const settings = readSettings(wf);
			const slack = mockSlack();
			const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
				[String(settings.sheetName)]: [COLUMNS],
			});
			const r = await runAt(wf, line, '2026-07-03T16:00:00.100+00:00', source);
			expect(r.error).toBeUndefined();
			const want = expectedTotals(
				Date.parse('2026-06-26T00:00:00Z'),
				Date.parse('2026-07-03T00:00:00Z'),
				source,
			);
			expect(want).toMatchObject({ charges: 0, refunds: 1 });
			expect(rowsOf(want.totals)).toEqual([
				expect.objectContaining({ gross_cents: 0, refunded_cents: refund.refund_amount }),
			]);
			expect(
				sheet.records(String(settings.sheetName)).map(({ week_start: _s, week_end: _e, ...rest }) => rest),
			).toEqual(rowsOf(want.totals));
			expect(slack.bodies.map((b) => b.text)).toEqual([
				summaryText('2026-06-26 00:00 → 2026-07-03 00:00 (UTC)', want.totals),
			]);
			expect(r.executed).not.toContain('Post Nothing This Week');
		} finally {
			await source.stop();
		}
	});

	test('two consecutive Fridays in Europe/Berlin: each charge and refund is counted in exactly one week', async () => {
		const source = await newSimulator();
		try {
			// the first window ends at Fri 2026-06-05 00:00 in Berlin (Thu 22:00 UTC): an order charged exactly then and one
			// a second before (SamCart timestamps are whole seconds), each with its single charge
			const boundary = Date.parse('2026-06-04T22:00:00Z');
			const chargesPerOrder = new Map<number, number>();
			for (const c of source.data.charges)
				chargesPerOrder.set(c.order_id, (chargesPerOrder.get(c.order_id) ?? 0) + 1);
			const single = source.data.charges
				.filter(
					(c) => !c.test_mode && c.subscription_rebill_id === null && chargesPerOrder.get(c.order_id) === 1,
				)
				.sort(
					(a, b) =>
						Math.abs(samCartMs(a.created_at) - boundary) - Math.abs(samCartMs(b.created_at) - boundary),
				);
			const [atBoundary, justBefore] = single;
			for (const [charge, at] of [
				[atBoundary, boundary],
				[justBefore, boundary - 1000],
			] as const) {
				charge.created_at = charge.order_date = samCartTime(at);
				source.data.orders.find((o) => o.id === charge.order_id)!.order_date = samCartTime(at);
			}
			const refund = source.data.refunds.filter((x) => !x.test_mode).reverse()[0];
			refund.created_at = samCartTime(boundary);

			const wf = withSettings(loadTemplate(FILE), { timeZone: 'Europe/Berlin' });
			const settings = readSettings(wf);
			const counted: Array<{ charges: number[]; refunds: number[]; gross: number; refunded: number }> = [];
			const windows: Array<{ start: number; end: number }> = [];
			for (const firedAt of ['2026-06-05T16:00:00.904+02:00', '2026-06-12T16:00:02.117+02:00']) {
				mockSlack();
				const sheet = mockGoogleSheets(String(settings.spreadsheetId), {
					[String(settings.sheetName)]: [COLUMNS],
				});
				const r = await runAt(wf, line, firedAt, source);
				expect(r.error).toBeUndefined();
				windows.push(windowOf(r.runData['Report Window'][0]));
				const rows = sheet.records(String(settings.sheetName));
				counted.push({
					charges: (r.runData['Charges in Window'] ?? []).map((c) => Number(c.id)),
					refunds: (r.runData['Refunds of the Week'] ?? []).map((x) => Number(x.id)),
					gross: rows.reduce((s, row) => s + Number(row.gross_cents), 0),
					refunded: rows.reduce((s, row) => s + Number(row.refunded_cents), 0),
				});
				nock.cleanAll();
			}
			expect(windows).toEqual([
				{ start: Date.parse('2026-05-28T22:00:00Z'), end: boundary },
				{ start: boundary, end: Date.parse('2026-06-11T22:00:00Z') },
			]);
			expect(counted[0].charges).toContain(justBefore.id);
			expect(counted[0].charges).not.toContain(atBoundary.id);
			expect(counted[1].charges).toContain(atBoundary.id);
			expect(counted[0].refunds).not.toContain(refund.id);
			expect(counted[1].refunds).toContain(refund.id);
			const live = <T extends { test_mode: boolean; created_at: string }>(records: T[]) =>
				records.filter(
					(x) =>
						!x.test_mode &&
						samCartMs(x.created_at) >= windows[0].start &&
						samCartMs(x.created_at) < windows[1].end,
				);
			const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
			const charges = [...counted[0].charges, ...counted[1].charges];
			const refunds = [...counted[0].refunds, ...counted[1].refunds];
			expect(sorted(charges)).toEqual(sorted(live(source.data.charges).map((c) => c.id)));
			expect(sorted(refunds)).toEqual(sorted(live(source.data.refunds).map((x) => x.id)));
			// and the cents: the two weeks add up to the fortnight, each cent once
			expect(counted[0].gross + counted[1].gross).toBe(
				live(source.data.charges).reduce((s, c) => s + c.total, 0),
			);
			expect(counted[0].refunded + counted[1].refunded).toBe(
				live(source.data.refunds).reduce((s, x) => s + x.refund_amount, 0),
			);
		} finally {
			await source.stop();
		}
	});
});
