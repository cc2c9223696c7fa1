/**
 * Template 01 (sales): SamCart New Order → HubSpot contact upsert → Slack #wins → revenue sheet row, executed by the
 * real n8n engine with the template file as shipped. Expected values are computed here from the simulator's records.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	dollars,
	loadTemplate,
	mockSheet,
	mockSlack,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	withCredentialsSelected,
} from './support';

jest.setTimeout(120_000);

const FILE = '01-sales-new-order-to-crm.json';
const HEADER = [
	'Order ID',
	'Order Date',
	'Customer',
	'Email',
	'Products',
	'Amount (cents)',
	'Currency',
	'HubSpot Contact ID',
];
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(101);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

/** HubSpot's createOrUpdate behind nock: answers with a contact id per email and records the properties sent. */
function mockHubSpot(vid: number) {
	const calls: Array<{ email: string; properties: Record<string, unknown> }> = [];
	nock('https://api.hubapi.com', { reqheaders: { authorization: 'Bearer pat-template-test' } })
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\/.+/)
		.reply(200, (uri, body) => {
			const props = (body as { properties: Array<{ property: string; value: unknown }> }).properties;
			calls.push({
				email: decodeURIComponent(uri.split('/').pop()!),
				properties: Object.fromEntries(props.map((p) => [p.property, p.value])),
			});
			return { vid, isNew: true };
		});
	return calls;
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);

	/** A multi-product order (so the product list is really joined) and a one-product one. */
	const pick = () => {
		const multi = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length > 1)!;
		const single = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length === 1 && o.total > 0)!;
		return [multi, single];
	};

	test.each([0, 1])(
		'an order (case %s): contact upserted, win posted, row appended with the order’s figures',
		async (which) => {
			const order = pick()[which];
			const customer = sim.data.customers.find((c) => c.id === order.customer_id)!;
			const products = order.cart_items.map((i) => i.product_name).join(', ');
			const vid = 880000 + which;
			const hubspot = mockHubSpot(vid);
			const slack = mockSlack();
			const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);

			const items = await triggerItemsFor(sim, template, 'newOrder', { recordId: order.id });
			const r = await executeWorkflow(withCredentialsSelected(template), {
				line,
				credentials: templateCredentials(sim),
				triggerItems: items,
				startNode: 'SamCart Trigger',
			});

			expect(r.error).toBeUndefined();
			expect(r.finished).toBe(true);
			expect(hubspot).toEqual([
				{
					email: customer.email,
					properties: {
						firstname: customer.first_name,
						lastname: customer.last_name,
						[String(settings.hubspotProductProperty)]: products,
						[String(settings.hubspotOrderValueProperty)]: dollars(order.total),
						[String(settings.hubspotOrderIdProperty)]: order.id,
					},
				},
			]);
			expect(slack).toEqual([
				{
					channel: settings.slackChannel,
					text: `:trophy: Deal won: ${customer.first_name} ${customer.last_name} (${customer.email}) bought ${products} for ${dollars(order.total)} USD (SamCart order ${order.id})`,
				},
			]);
			expect(sheet.rows).toEqual([
				[
					order.id,
					`${order.order_date.replace(' ', 'T')}Z`,
					`${customer.first_name} ${customer.last_name}`,
					customer.email,
					products,
					order.total,
					order.cart_items[0].currency,
					vid,
				],
			]);
			expect(Number.isInteger((sheet.rows[0] as number[])[5])).toBe(true);
		},
	);

	test('a test-mode order starts nothing (the trigger’s Test-Mode Events is Ignore)', async () => {
		const order = sim.data.orders.find((o) => o.test_mode);
		expect(order).toBeDefined();
		await expect(triggerItemsFor(sim, template, 'newOrder', { recordId: order!.id })).rejects.toThrow(
			/test_mode/,
		);
	});

	test('HubSpot refusing the contact stops the run before Slack and the sheet', async () => {
		const [order] = pick();
		nock('https://api.hubapi.com')
			.post(/createOrUpdate/)
			.reply(400, { status: 'error', message: 'Property "samcart_last_product" does not exist' });
		const slack = mockSlack();
		const sheet = mockSheet(String(settings.revenueSheetId), String(settings.revenueSheetTab), HEADER);
		const r = await executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: await triggerItemsFor(sim, template, 'newOrder', { recordId: order.id }),
			startNode: 'SamCart Trigger',
		});
		expect(r.finished).toBe(false);
		expect(r.errorNode).toBe('Upsert HubSpot Contact');
		expect(slack).toEqual([]);
		expect(sheet.rows).toEqual([]);
		expect((r.runData['Order Facts'] as IDataObject[])[0].amount_cents).toBe(order.total);
	});
});
