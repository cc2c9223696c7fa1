/**
 * Template 01 (sales): SamCart New Order → HubSpot contact upsert → revenue sheet row → Slack #wins once per order,
 * executed by the real n8n engine with the template file as shipped. SamCart sends one Product Purchased delivery per
 * product (primary, bump, upsell minutes later): the deliveries are the simulator's `orderDeliveries`, each run
 * through the real trigger and then the workflow, one execution per delivery as in production. Expected values are
 * computed here from the simulator's records.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { orderDeliveries } from '../../../dev/samcart-simulator/deliveries';
import type { Order } from '../../../dev/samcart-simulator/types';
import { findPollEvent } from '../../../nodes/SamCart/poll/events';
import { itemsOf } from '../../../nodes/SamCart/poll/item';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	dollars,
	loadTemplate,
	makeSamCartBusy,
	mockSheet,
	mockSlack,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	triggerRunsFor,
	useProcessedData,
	withCredentialsSelected,
} from './support';
import { withSettings } from './common';

jest.setTimeout(120_000);

const FILE = '01-sales-new-order-to-crm.json';
const HEADER = [
	'Order ID',
	'Order Date',
	'Customer',
	'Email',
	'Product ID',
	'Product',
	'Item Role',
	'Amount (cents)',
	'Currency',
	'HubSpot Contact ID',
	'Enriched',
];
const AMOUNT = HEADER.indexOf('Amount (cents)');
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(101);
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

/** HubSpot's createOrUpdate behind nock: answers with a contact id per email and records the properties sent. */
function mockHubSpot(vid: number) {
	const calls: Array<{ email: string; properties: Record<string, unknown> }> = [];
	nock('https://api.hubapi.com', { reqheaders: { authorization: 'Bearer pat-template-test' } })
		.persist()
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\/.+/)
		.reply(200, (uri, body) => {
			const props = (body as { properties: Array<{ property: string; value: unknown }> }).properties;
			calls.push({
				email: decodeURIComponent(uri.split('/').pop()!),
				properties: Object.fromEntries(props.map((p) => [p.property, p.value])),
			});
			return { vid, isNew: calls.length === 1 };
		});
	return calls;
}

const iso = (samCartTime: string) => `${samCartTime.replace(' ', 'T')}Z`;
const rolesOf = (order: Order) =>
	order.cart_items.map((i) => sim.data.orderMeta.get(order.id)!.item_roles[i.id]);
const sum = (values: unknown[]) => values.reduce<number>((total, v) => total + (v as number), 0);

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);
	// Once per Product Bought remembers across executions (n8n's database in production): each test starts empty
	beforeEach(async () => (await useProcessedData(line)).clear());

	/** The template as imported: its credentials picked and its own id (Once per Product Bought remembers per workflow). */
	const imported = (workflow = template) => ({ ...withCredentialsSelected(workflow), id: `template-01-line-${line}` });
	const execute = async (triggerItems: IDataObject[]) =>
		await executeWorkflow(imported(), {
			line,
			credentials: templateCredentials(sim),
			triggerItems,
			startNode: 'SamCart Trigger',
		});

	/** Every delivery of the order through the trigger and the workflow, in send order; Slack posts after each run. */
	const runOrder = async (order: Order, change?: (payloads: IDataObject[]) => IDataObject[]) => {
		const sent = orderDeliveries(sim.data, order.id).map((d) => structuredClone(d.payload) as IDataObject);
		const payloads = change ? change(sent) : sent;
		const runs = await triggerRunsFor(sim, template, payloads);
		const slack = mockSlack();
		const postedAfter: number[] = [];
		for (const run of runs) {
			expect(run.items).toHaveLength(1);
			const r = await execute(run.items);
			expect(r.error).toBeUndefined();
			expect(r.finished).toBe(true);
			postedAfter.push(slack.length);
		}
		return { runs, slack, postedAfter };
	};

	const customerOf = (order: Order) => sim.data.customer(order.customer_id)!;
	const winText = (order: Order, products: string, cents: number, currency = ' USD') => {
		const c = customerOf(order);
		return `:trophy: Deal won: ${c.first_name} ${c.last_name} (${c.email}) bought ${products} for ${dollars(cents)}${currency} (SamCart order ${order.id})`;
	};

	test('an order with a bump and an upsell: 3 deliveries → 3 revenue rows adding up to the order total, 1 #wins alert, every product in HubSpot', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && rolesOf(o).join() === 'primary,bump,upsell')!;
		expect(order).toBeDefined();
		const customer = customerOf(order);
		const products = order.cart_items.map((i) => i.product_name).join(', ');
		const hubspot = mockHubSpot(880100);
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);

		const { slack, postedAfter } = await runOrder(order);

		expect(sheet.rows).toEqual(
			order.cart_items.map((item, i) => [
				order.id,
				iso(order.order_date),
				`${customer.first_name} ${customer.last_name}`,
				customer.email,
				item.product_id,
				item.product_name,
				['primary', 'bump', 'upsell'][i],
				item.initial_price.total,
				item.currency,
				880100,
				true,
			]),
		);
		expect(sum(sheet.rows.map((row) => row[AMOUNT]))).toBe(order.total);
		for (const row of sheet.rows) expect(Number.isInteger(row[AMOUNT])).toBe(true);
		// one alert, posted by the primary product's delivery (the first), about the whole order
		expect(slack).toEqual([{ channel: settings.slackChannel, text: winText(order, products, order.total) }]);
		expect(postedAfter).toEqual([1, 1, 1]);
		// every delivery updates the contact; the order's products as SamCart's API lists them
		expect(hubspot).toHaveLength(3);
		for (const call of hubspot) {
			expect(call).toEqual({
				email: customer.email,
				properties: {
					firstname: customer.first_name,
					lastname: customer.last_name,
					[String(settings.hubspotProductProperty)]: products,
					[String(settings.hubspotOrderValueProperty)]: dollars(order.total),
					[String(settings.hubspotOrderIdProperty)]: order.id,
				},
			});
		}
	});

	test('deliveries that do not say the role: still 1 alert, from the order’s first cart item (the enriched order)', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && rolesOf(o).join() === 'primary,bump,upsell')!;
		mockHubSpot(880200);
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		// no role field, and the primary product's delivery arriving last (deliveries sent together may arrive in any
		// order): the alert must still be posted once, by the primary product's run
		const { runs, slack, postedAfter } = await runOrder(order, (payloads) =>
			payloads.reverse().map((p) => ({ ...p, product: { ...(p.product as IDataObject), role: undefined } })),
		);
		expect(runs.map((r) => (r.items[0].summary as IDataObject).item)).toEqual(
			[...order.cart_items]
				.reverse()
				.map((i) => expect.objectContaining({ product_id: i.product_id, role: 'unknown' })),
		);
		expect(sheet.rows.map((row) => row[HEADER.indexOf('Item Role')])).toEqual([
			'unknown',
			'unknown',
			'unknown',
		]);
		expect(sum(sheet.rows.map((row) => row[AMOUNT]))).toBe(order.total);
		expect(postedAfter).toEqual([0, 0, 1]);
		expect(slack).toHaveLength(1);
		expect(slack[0].text).toBe(
			winText(order, order.cart_items.map((i) => i.product_name).join(', '), order.total),
		);
	});

	test('a one-product order: one row with the whole total, one alert', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length === 1 && o.total > 0)!;
		const customer = customerOf(order);
		const [item] = order.cart_items;
		mockHubSpot(880300);
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const { slack } = await runOrder(order);
		expect(sheet.rows).toEqual([
			[
				order.id,
				iso(order.order_date),
				`${customer.first_name} ${customer.last_name}`,
				customer.email,
				item.product_id,
				item.product_name,
				'primary',
				order.total,
				item.currency,
				880300,
				true,
			],
		]);
		expect(slack).toEqual([
			{ channel: settings.slackChannel, text: winText(order, item.product_name, order.total) },
		]);
	});

	test('a store selling in yen: the alert and HubSpot say the total in JPY with no decimals (never divided by 100)', async () => {
		const yen = await startSimulator({ size: 'small', seed: 101, currency: 'JPY', rateLimit: { limit: 0 } });
		try {
			const order = yen.data.orders.find((o) => !o.test_mode && o.cart_items.length === 1 && o.total > 0)!;
			const hubspot = mockHubSpot(880400);
			mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
			const slack = mockSlack();
			const payloads = orderDeliveries(yen.data, order.id).map((d) => structuredClone(d.payload) as IDataObject);
			for (const run of await triggerRunsFor(yen, template, payloads)) {
				const r = await executeWorkflow(withCredentialsSelected(template), {
					line,
					credentials: templateCredentials(yen),
					triggerItems: run.items,
					startNode: 'SamCart Trigger',
				});
				expect(r.error).toBeUndefined();
			}
			expect(order.cart_items[0].currency).toBe('JPY');
			expect(slack).toHaveLength(1);
			expect(slack[0].text).toContain(` for ${order.total} JPY (SamCart order ${order.id})`);
			expect(hubspot[0].properties[String(settings.hubspotOrderValueProperty)]).toBe(String(order.total));
		} finally {
			await yen.stop();
		}
	});

	/** What the SamCart Poll Trigger emits for an order: its own item builder over the record SamCart's API serves. */
	const polledItems = async (order: Order, source: Simulator = sim) => {
		const answer = await fetch(`${source.baseUrl}/orders/${order.id}`, { headers: { 'sc-api': source.apiKey } });
		const body = (await answer.json()) as IDataObject;
		const record = (body.data ?? body) as IDataObject;
		return itemsOf(findPollEvent('newOrder')!, record, [], new Date().toISOString());
	};
	const runPoll = async (items: IDataObject[], workflow = template) =>
		await executeWorkflow(imported(workflow), {
			line,
			credentials: templateCredentials(sim),
			startNode: 'SamCart Poll Trigger',
			pinData: { 'SamCart Poll Trigger': items },
		});

	test('an order only the poll saw (the webhook never came): one row per product, the customer read from SamCart, one alert', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length === 2 && o.total > 0)!;
		const customer = customerOf(order);
		const hubspot = mockHubSpot(880500);
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const slack = mockSlack();
		const items = await polledItems(order);
		expect(items).toHaveLength(2);
		const r = await runPoll(items);
		expect(r.error).toBeUndefined();
		expect(r.executed).toContain('Customer of Polled Order');
		expect(sheet.rows.map((row) => [row[0], row[3], row[4], row[AMOUNT], row[10]])).toEqual(
			order.cart_items.map((item) => [order.id, customer.email, item.product_id, item.initial_price.total, true]),
		);
		expect(sum(sheet.rows.map((row) => row[AMOUNT]))).toBe(order.total);
		expect(hubspot.map((call) => call.email)).toEqual([customer.email, customer.email]);
		const products = order.cart_items.map((i) => i.product_name).join(', ');
		expect(slack).toEqual([{ channel: settings.slackChannel, text: winText(order, products, order.total) }]);
	});

	test('webhook and poll both see an order: each product is written once (Once per Product Bought), one alert', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && rolesOf(o).join() === 'primary,bump')!;
		expect(order).toBeDefined();
		mockHubSpot(880600);
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const { slack } = await runOrder(order);
		expect(sheet.rows).toHaveLength(order.cart_items.length);
		const r = await runPoll(await polledItems(order));
		expect(r.error).toBeUndefined();
		expect(r.executed).not.toContain('Order Facts');
		expect(sheet.rows).toHaveLength(order.cart_items.length);
		expect(slack).toHaveLength(1);
	});

	test('Settings › pollForMissedOrders off: polled orders are left alone', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length === 1 && o.total > 0)!;
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const r = await runPoll(await polledItems(order), withSettings(template, { pollForMissedOrders: false }));
		expect(r.error).toBeUndefined();
		expect(r.executed).not.toContain('Customer of Polled Order');
		expect(sheet.rows).toEqual([]);
	});

	test('Enrich failing (SamCart busy: 429 on every read): the row, the contact and the alert still come from the delivery, marked not enriched', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && rolesOf(o).join() === 'primary,bump')!;
		const customer = customerOf(order);
		const [primary] = order.cart_items;
		makeSamCartBusy(sim);
		const items = await triggerItemsFor(sim, template, 'newOrder', { recordId: order.id });
		sim.clearFaults();
		// what the trigger delivers then: no records, the reasons in enrichErrors
		expect(items[0]).toMatchObject({ order: null, customer: null });
		expect((items[0].enrichErrors as string[]).length).toBeGreaterThan(0);

		const hubspot = mockHubSpot(880400);
		const slack = mockSlack();
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const r = await execute(items);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(sheet.rows).toEqual([
			[
				order.id,
				iso(order.order_date),
				`${customer.first_name} ${customer.last_name}`,
				customer.email,
				primary.product_id,
				primary.product_name,
				'primary',
				primary.initial_price.total,
				// the delivery names no currency, and SamCart could not be asked: left empty, not guessed
				'',
				880400,
				false,
			],
		]);
		expect(hubspot).toEqual([
			{
				email: customer.email,
				properties: {
					firstname: customer.first_name,
					lastname: customer.last_name,
					[String(settings.hubspotProductProperty)]: primary.product_name,
					[String(settings.hubspotOrderValueProperty)]: dollars(order.total),
					[String(settings.hubspotOrderIdProperty)]: order.id,
				},
			},
		]);
		expect(slack).toEqual([
			{ channel: settings.slackChannel, text: winText(order, primary.product_name, order.total, '') },
		]);
	});

	test('a test-mode order starts nothing (the trigger’s Test-Mode Events is Ignore)', async () => {
		const order = sim.data.orders.find((o) => o.test_mode);
		expect(order).toBeDefined();
		await expect(triggerItemsFor(sim, template, 'newOrder', { recordId: order!.id })).rejects.toThrow(
			/test_mode/,
		);
	});

	test('HubSpot refusing the contact stops the run before the sheet and Slack', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length > 1)!;
		nock('https://api.hubapi.com')
			.post(/createOrUpdate/)
			.reply(400, { status: 'error', message: 'Property "samcart_last_product" does not exist' });
		const slack = mockSlack();
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const r = await execute(await triggerItemsFor(sim, template, 'newOrder', { recordId: order.id }));
		expect(r.finished).toBe(false);
		expect(r.errorNode).toBe('Upsert HubSpot Contact');
		expect(slack).toEqual([]);
		expect(sheet.rows).toEqual([]);
		expect((r.runData['Order Facts'] as IDataObject[])[0].amount_cents).toBe(
			order.cart_items[0].initial_price.total,
		);
	});
});
