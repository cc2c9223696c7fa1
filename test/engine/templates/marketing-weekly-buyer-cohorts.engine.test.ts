/**
 * Template 02 (Marketing — weekly buyer cohorts) run by the real n8n engine as it ships, from its Schedule Trigger,
 * against the simulator (data up to today); Slack intercepted. The cohort table is recomputed here from sim.data.
 */
import { DateTime } from 'luxon';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	DAY_MS,
	dollars,
	loadTemplate,
	mockSlack,
	samCartMs,
	scheduleTrigger,
	SLACK_TOKEN,
	windowOf,
	withSettings,
} from './common';

jest.setTimeout(120_000);

const FILE = '02-marketing-weekly-buyer-cohorts.json';
let sim: Simulator;

beforeAll(async () => {
	// `now` = today: the Schedule Trigger run uses the real clock, so the simulator's data must reach it.
	sim = await startSimulator({ size: { customers: 400, orders: 1600 }, seed: 7 });
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
	week: string;
	buyers: Set<number>;
	orders: Set<number>;
	cents: number;
}

/** The cohort table, computed from the simulator's records for the window the workflow used. */
function expectedCohorts(start: number, end: number, productIds?: number[]) {
	const live = sim.data.orders.filter((o) => !o.test_mode);
	const firstOrder = new Map<number, number>();
	for (const o of live) {
		const ms = samCartMs(o.order_date);
		firstOrder.set(o.customer_id, Math.min(firstOrder.get(o.customer_id) ?? Infinity, ms));
	}
	const week = live.filter((o) => samCartMs(o.order_date) >= start && samCartMs(o.order_date) <= end);
	const cohorts = new Map<string, Cohort>();
	const buyers = new Set<number>();
	const orders = new Set<number>();
	for (const o of week) {
		for (const item of o.cart_items) {
			if (productIds && !productIds.includes(item.product_id)) continue;
			const acquired = DateTime.fromMillis(firstOrder.get(o.customer_id)!, { zone: 'UTC' }).toFormat(
				"kkkk-'W'WW",
			);
			const key = `${item.product_id}|${acquired}`;
			const c = cohorts.get(key) ?? {
				product: item.product_name,
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
			`• ${c.product} · first bought ${c.week}: ${c.buyers.size} buyers, ${c.orders.size} orders, ${c.cents} cents (${dollars(c.cents)})`,
	);
	return { cohorts: [...cohorts.values()], lines, buyers: buyers.size, orders: orders.size };
}

/** The header line; dates as the workflow prints them (in the zone of its $now, which the ISO strings carry). */
const header = (window: IDataObject, buyers: number, orders: number) => {
	const day = (iso: unknown) => DateTime.fromISO(String(iso), { setZone: true }).toFormat('yyyy-MM-dd');
	return `*Weekly buyer cohorts* ${day(window.windowStart)} → ${day(window.windowEnd)}: ${buyers} buyers, ${orders} orders`;
};

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	test('posts the product × acquisition-week cohorts of the last 7 days, exactly as sim.data gives them', async () => {
		const slack = mockSlack();
		const startedAt = Date.now();
		const wf = loadTemplate(FILE);
		const r = await executeWorkflow(wf, {
			line,
			startNode: scheduleTrigger(wf),
			credentials: {
				samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
				slackApi: { accessToken: SLACK_TOKEN },
			},
		});
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(r.executed[0]).toBe('Every Tuesday 09:00');

		// the window is the 7 days up to the run, computed by the workflow from $now
		const { start, end } = windowOf(r.runData['Report Window'][0]);
		expect(end).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000 - 1000);
		expect(end).toBeLessThanOrEqual(Date.now());
		expect(end - start).toBe(7 * DAY_MS);

		const want = expectedCohorts(start, end);
		expect(want.orders).toBeGreaterThan(3); // the simulator's data really covers the window
		expect(want.cohorts.length).toBeGreaterThan(1);
		// some cohorts are older buyers: the acquisition week is not simply this week
		expect(new Set(want.cohorts.map((c) => c.week)).size).toBeGreaterThan(1);

		// the Summarize output is the cohort table (integer cents)
		const rows = r.runData.Cohorts.map((c) => ({
			product: c.product_name,
			week: c.acquisition_week,
			buyers: c.unique_count_customer_id,
			orders: c.unique_count_order_id,
			cents: c.sum_total_cents,
		}));
		const wantRows = want.cohorts.map((c) => ({
			product: c.product,
			week: c.week,
			buyers: c.buyers.size,
			orders: c.orders.size,
			cents: c.cents,
		}));
		const byKey = (a: { product: unknown; week: unknown }, b: { product: unknown; week: unknown }) =>
			`${String(a.product)}|${String(a.week)}`.localeCompare(`${String(b.product)}|${String(b.week)}`);
		expect([...rows].sort(byKey)).toEqual([...wantRows].sort(byKey));
		for (const row of rows) expect(Number.isInteger(row.cents)).toBe(true);

		// one Slack message: header + one line per cohort
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#marketing');
		const [first, ...lines] = slack.bodies[0].text.split('\n');
		expect(first).toBe(header(r.runData['Report Window'][0], want.buyers, want.orders));
		expect([...lines].sort()).toEqual([...want.lines].sort());
		// one Customer Get Orders call per distinct buyer
		expect(sim.requests({ path: /^\/v1\/customers\/\d+\/orders/ }).length).toBeGreaterThanOrEqual(
			want.buyers,
		);
	});

	test('Settings: a product filter and another channel change the report accordingly', async () => {
		const slack = mockSlack();
		// the product bought most often this week (a real selection from the data)
		const counts = new Map<number, number>();
		const since = Date.now() - 7 * DAY_MS;
		for (const o of sim.data.orders)
			if (!o.test_mode && samCartMs(o.order_date) >= since)
				for (const i of o.cart_items) counts.set(i.product_id, (counts.get(i.product_id) ?? 0) + 1);
		const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];

		const wf = withSettings(loadTemplate(FILE), { productIds: ` ${top} `, slackChannel: '#growth' });
		const r = await executeWorkflow(wf, {
			line,
			startNode: scheduleTrigger(wf),
			credentials: {
				samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
				slackApi: { accessToken: SLACK_TOKEN },
			},
		});
		expect(r.error).toBeUndefined();
		const { start, end } = windowOf(r.runData['Report Window'][0]);
		const want = expectedCohorts(start, end, [top]);
		expect(want.lines.length).toBeGreaterThan(0);
		expect(new Set(r.runData.Cohorts.map((c) => c.product_id))).toEqual(new Set([top]));
		expect(slack.bodies).toHaveLength(1);
		expect(slack.bodies[0].channel).toBe('#growth');
		const [first, ...lines] = slack.bodies[0].text.split('\n');
		expect(first).toBe(header(r.runData['Report Window'][0], want.buyers, want.orders));
		expect([...lines].sort()).toEqual([...want.lines].sort());
	});
});
