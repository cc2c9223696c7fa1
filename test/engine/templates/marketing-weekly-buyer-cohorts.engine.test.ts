/**
 * Template 02 (Marketing — weekly buyer cohorts) run by the real n8n engine as it ships, from its Schedule Trigger,
 * against the simulator; Slack intercepted. The cohort table is recomputed here from sim.data.
 *
 * Time is fixed: the simulator's data ends at NOW, and every run pins the Schedule Trigger's output (its `timestamp`,
 * the instant it fired), which is the one instant the template computes its window from. Nothing reads the wall clock.
 */
import { DateTime } from 'luxon';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine, type WorkflowJson } from '../harness';
import {
	money,
	loadTemplate,
	mockSlack,
	samCartMs,
	scheduleTrigger,
	SLACK_TOKEN,
	withSettings,
} from './common';

jest.setTimeout(120_000);

const FILE = '02-marketing-weekly-buyer-cohorts.json';
/** The simulator's data ends here (Wednesday 2026-06-10 00:00 UTC). */
const NOW = '2026-06-10T00:00:00Z';
/** The Schedule Trigger firing on Tuesday 2026-06-09 at 09:00 UTC (a little late, as a real cron tick is). */
const TUESDAY = '2026-06-09T09:00:01.250+00:00';
const WEEK = { start: Date.parse('2026-06-02T00:00:00Z'), end: Date.parse('2026-06-09T00:00:00Z') };
const LABEL = '2026-06-02 00:00 → 2026-06-09 00:00 (UTC)';
let sim: Simulator;

const newSimulator = () => startSimulator({ size: { customers: 400, orders: 1600 }, seed: 7, now: NOW });

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

interface Cohort {
	product: string;
	currency: string;
	week: string;
	buyers: Set<number>;
	orders: Set<number>;
	cents: number;
}

/** Epoch ms → SamCart's "YYYY-MM-DD HH:MM:SS" (UTC). */
const samCartTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The cohort table, computed from the simulator's records for the window [start, end). */
function expectedCohorts(start: number, end: number, productIds?: number[], zone = 'UTC', source: Simulator = sim) {
	const live = source.data.orders.filter((o) => !o.test_mode);
	const firstOrder = new Map<number, number>();
	for (const o of live) {
		const ms = samCartMs(o.order_date);
		firstOrder.set(o.customer_id, Math.min(firstOrder.get(o.customer_id) ?? Infinity, ms));
	}
	const week = live.filter((o) => samCartMs(o.order_date) >= start && samCartMs(o.order_date) < end);
	const cohorts = new Map<string, Cohort>();
	const buyers = new Set<number>();
	const orders = new Set<number>();
	for (const o of week) {
		for (const item of o.cart_items) {
			if (productIds && !productIds.includes(item.product_id)) continue;
			const acquired = DateTime.fromMillis(firstOrder.get(o.customer_id)!, { zone }).toFormat("kkkk-'W'WW");
			// a product sold in two currencies is two cohorts: amounts are never added across currencies
			const key = `${item.product_id}|${item.currency}|${acquired}`;
			const c = cohorts.get(key) ?? {
				product: item.product_name,
				currency: item.currency,
				week: acquired,
				buyers: new Set<number>(),
				orders: new Set<number>(),
				cents: 0,
			};
			c.buyers.add(o.customer_id);
			c.orders.add(o.id);
			c.cents += item.initial_price.total;
			cohorts.set(key, c);
			buyers.add(o.customer_id);
			orders.add(o.id);
		}
	}
	const lines = [...cohorts.values()].map(
		(c) =>
			`• ${c.product} · first bought ${c.week}: ${c.buyers.size} buyers, ${c.orders.size} orders, ${c.cents} cents (${money(c.cents, c.currency)})`,
	);
	return { cohorts: [...cohorts.values()], lines, buyers: buyers.size, orders: orders.size };
}

/** The workflow's Report Window as epoch ms. */
function windowOf(row: IDataObject | undefined) {
	if (!row) throw new Error('Report Window did not run');
	return { start: Date.parse(String(row.windowStart)), end: Date.parse(String(row.windowEnd)) };
}

/** The template as its Schedule Trigger starts it when it fires at `firedAt` (the trigger's output pinned). */
async function runAt(wf: WorkflowJson, line: N8nLine, firedAt: string, source: Simulator = sim) {
	const trigger = scheduleTrigger(wf);
	return await executeWorkflow(wf, {
		line,
		startNode: trigger,
		pinData: { [trigger]: [{ timestamp: firedAt }] },
		credentials: {
			samCartApi: { apiKey: source.apiKey, baseUrl: source.baseUrl },
			slackApi: { accessToken: SLACK_TOKEN },
		},
	});
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('posts the product × acquisition-week cohorts of the week [Tue 00:00, Tue 00:00), exactly as sim.data gives them', async () => {
		const slack = mockSlack();
		const wf = loadTemplate(FILE);
		const r = await runAt(wf, line, TUESDAY);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(r.executed[0]).toBe('Every Tuesday 09:00');

		// whole days in the Settings time zone (UTC as shipped), up to the start of the day of the run
		expect(windowOf(r.runData['Report Window'][0])).toEqual(WEEK);

		const want = expectedCohorts(WEEK.start, WEEK.end);
		expect(want.orders).toBeGreaterThan(3); // the simulator's data really covers the window
		expect(want.cohorts.length).toBeGreaterThan(1);
		// some cohorts are older buyers: the acquisition week is not simply this week
		expect(new Set(want.cohorts.map((c) => c.week)).size).toBeGreaterThan(1);

		// the Summarize output is the cohort table (integer cents)
		const rows = r.runData.Cohorts.map((c) => ({
			product: c.product_name,
			currency: c.currency,
			week: c.acquisition_week,
			buyers: c.unique_count_customer_id,
			orders: c.unique_count_order_id,
			cents: c.sum_total_cents,
		}));
		const wantRows = want.cohorts.map((c) => ({
			product: c.product,
			currency: c.currency,
			week: c.week,
			buyers: c.buyers.size,
			orders: c.orders.size,
			cents: c.cents,
		}));
		const keyOf = (c: { product: unknown; currency: unknown; week: unknown }) => `${String(c.product)}|${String(c.currency)}|${String(c.week)}`;
		const byKey = (a: Parameters<typeof keyOf>[0], b: Parameters<typeof keyOf>[0]) => keyOf(a).localeCompare(keyOf(b));
		expect([...rows].sort(byKey)).toEqual([...wantRows].sort(byKey));
		for (const row of rows) expect(Number.isInteger(row.cents)).toBe(true);

		// one Slack message: header + one line per cohort
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#marketing');
		const [first, ...lines] = slack.bodies[0].text.split('\n');
		expect(first).toBe(`*Weekly buyer cohorts* ${LABEL}: ${want.buyers} buyers, ${want.orders} orders`);
		expect([...lines].sort()).toEqual([...want.lines].sort());
		// one Customer Get Orders call per distinct buyer
		expect(sim.requests({ path: /^\/v1\/customers\/\d+\/orders/ }).length).toBeGreaterThanOrEqual(
			want.buyers,
		);
	});

	test('a store selling in yen: each cohort in JPY, with no decimals (never "$")', async () => {
		const source = await startSimulator({ size: { customers: 400, orders: 1600 }, seed: 7, now: NOW, currency: 'JPY' });
		try {
			const slack = mockSlack();
			const r = await runAt(loadTemplate(FILE), line, TUESDAY, source);
			expect(r.error).toBeUndefined();
			const want = expectedCohorts(WEEK.start, WEEK.end, undefined, 'UTC', source);
			expect(want.cohorts.every((c) => c.currency === 'JPY')).toBe(true);
			const [, ...lines] = slack.bodies[0].text.split('\n');
			expect([...lines].sort()).toEqual([...want.lines].sort());
			for (const line of lines) expect(line).toMatch(/ cents \(\d+ JPY\)$/);
		} finally {
			await source.stop();
		}
	});

	test('Settings: a product filter and another channel change the report accordingly', async () => {
		const slack = mockSlack();
		// the product bought most often this week (a real selection from the data)
		const counts = new Map<number, number>();
		for (const o of sim.data.orders)
			if (!o.test_mode && samCartMs(o.order_date) >= WEEK.start && samCartMs(o.order_date) < WEEK.end)
				for (const i of o.cart_items) counts.set(i.product_id, (counts.get(i.product_id) ?? 0) + 1);
		const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];

		const wf = withSettings(loadTemplate(FILE), { productIds: ` ${top} `, slackChannel: '#growth' });
		const r = await runAt(wf, line, TUESDAY);
		expect(r.error).toBeUndefined();
		const want = expectedCohorts(WEEK.start, WEEK.end, [top]);
		expect(want.lines.length).toBeGreaterThan(0);
		expect(new Set(r.runData.Cohorts.map((c) => c.product_id))).toEqual(new Set([top]));
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#growth');
		const [first, ...lines] = slack.bodies[0].text.split('\n');
		expect(first).toBe(`*Weekly buyer cohorts* ${LABEL}: ${want.buyers} buyers, ${want.orders} orders`);
		expect([...lines].sort()).toEqual([...want.lines].sort());
	});

	test('a week without orders posts "no orders this week" with the window', async () => {
		const slack = mockSlack();
		// three weeks after the data ends
		const r = await runAt(loadTemplate(FILE), line, '2026-06-30T09:00:00.075+00:00');
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(slack.bodies.map(({ channel, text }) => ({ channel, text }))).toEqual([
			{
				channel: '#marketing',
				text: '*Weekly buyer cohorts* 2026-06-23 00:00 → 2026-06-30 00:00 (UTC): no orders this week',
			},
		]);
		expect(r.executed).not.toContain('Buyer Order History');
	});

	test('a week with orders, none of the listed products: "no orders this week (products …)"', async () => {
		const slack = mockSlack();
		const bought = new Set(
			sim.data.orders
				.filter((o) => samCartMs(o.order_date) >= WEEK.start && samCartMs(o.order_date) < WEEK.end)
				.flatMap((o) => o.cart_items.map((i) => i.product_id)),
		);
		const unsold = sim.data.products.find((p) => !bought.has(p.id))!;
		expect(unsold).toBeDefined();
		const wf = withSettings(loadTemplate(FILE), { productIds: String(unsold.id) });
		const r = await runAt(wf, line, TUESDAY);
		expect(r.error).toBeUndefined();
		expect(slack.bodies.map((b) => b.text)).toEqual([
			`*Weekly buyer cohorts* ${LABEL}: no orders this week (products ${unsold.id})`,
		]);
	});

	test('two consecutive Tuesdays in Europe/Berlin: each order is counted in exactly one report', async () => {
		const source = await newSimulator();
		try {
			// the first window ends at Tue 2026-06-02 00:00 in Berlin (Mon 22:00 UTC): one order exactly then, one a
			// second before (SamCart timestamps are whole seconds)
			const boundary = Date.parse('2026-06-01T22:00:00Z');
			const live = source.data.orders.filter(
				(o) => !o.test_mode && Math.abs(samCartMs(o.order_date) - boundary) < 3 * 86_400_000,
			);
			const [atBoundary, justBefore] = live.slice(-2);
			atBoundary.order_date = samCartTime(boundary);
			justBefore.order_date = samCartTime(boundary - 1000);

			const wf = withSettings(loadTemplate(FILE), { timeZone: 'Europe/Berlin' });
			const counted: number[][] = [];
			const windows: Array<{ start: number; end: number }> = [];
			for (const firedAt of ['2026-06-02T09:00:00.812+02:00', '2026-06-09T09:00:02.004+02:00']) {
				mockSlack();
				const r = await runAt(wf, line, firedAt, source);
				expect(r.error).toBeUndefined();
				windows.push(windowOf(r.runData['Report Window'][0]));
				counted.push([...new Set((r.runData['Wanted Products'] ?? []).map((row) => Number(row.id)))]);
				nock.cleanAll();
			}
			expect(windows).toEqual([
				{ start: Date.parse('2026-05-25T22:00:00Z'), end: boundary },
				{ start: boundary, end: Date.parse('2026-06-08T22:00:00Z') },
			]);
			expect(counted[0]).toContain(justBefore.id);
			expect(counted[0]).not.toContain(atBoundary.id);
			expect(counted[1]).toContain(atBoundary.id);
			const all = [...counted[0], ...counted[1]];
			expect(new Set(all).size).toBe(all.length);
			const want = source.data.orders
				.filter((o) => !o.test_mode && samCartMs(o.order_date) >= windows[0].start)
				.filter((o) => samCartMs(o.order_date) < windows[1].end)
				.map((o) => o.id);
			expect([...all].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
		} finally {
			await source.stop();
		}
	});
});
