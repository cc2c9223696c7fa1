/**
 * Template 09 (dispute readiness): every order, charge and refund event → one evidence row in Google Sheets, executed
 * by the real n8n engine with the template file as shipped. Each row is compared with one built here from the
 * simulator's own records (order, customer, order meta IP, subscription), amounts in integer cents.
 */
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	loadTemplate,
	mockSheet,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	withCredentialsSelected,
} from './support';

jest.setTimeout(120_000);

const FILE = '09-dispute-readiness-evidence-log.json';
const HEADER = [
	'Event ID',
	'Event',
	'Received At',
	'Event Time',
	'Customer ID',
	'Customer Name',
	'Customer Email',
	'IP Address',
	'Product IDs',
	'Products',
	'Order ID',
	'Subscription ID',
	'Charge ID',
	'Event Amount (cents)',
	'Order Total (cents)',
	'Currency',
	'Test Mode',
];
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(909);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

const iso = (samCartTime: string) => `${samCartTime.replace(' ', 'T')}Z`;

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);

	test('order, upsell, subscription charge, refund and partial refund: one row each, with the records’ figures', async () => {
		const sheet = mockSheet(String(settings.evidenceSheetId), String(settings.evidenceSheetTab), HEADER);
		const ds = sim.data;
		const refundOrder = (status: 'refunded' | 'partially_refunded') => {
			const refund = ds.refunds.find((r) => r.charge_refund_status === status && !r.test_mode)!;
			return ds.order(ds.charge(refund.charge_id)!.order_id)!;
		};
		const refundedItem = (status: 'refunded' | 'partially_refunded') => {
			const refund = ds.refunds.find((r) => r.charge_refund_status === status && !r.test_mode)!;
			return ds.order(ds.charge(refund.charge_id)!.order_id)!.cart_items.find((i) => i.id === refund.cart_item_id)!;
		};
		const multi = ds.orders.find((o) => !o.test_mode && o.cart_items.length > 1)!;
		const upsell = ds.orders.find((o) => !o.test_mode && ds.orderMeta.get(o.id)?.upsell_id)!;
		const sub = ds.subscriptions.find((s) => !s.test_mode && s.status === 'active')!;
		const cases = [
			{
				event: 'newOrder',
				label: 'New Order',
				order: multi,
				opts: { recordId: multi.id },
				sub: null,
				// one delivery per product: the primary item's own amount (the order total has its column)
				amount: multi.cart_items[0].initial_price.total,
			},
			{
				event: 'upsellPurchased',
				label: 'Upsell Purchased',
				order: upsell,
				opts: { recordId: upsell.id },
				sub: null,
				amount: upsell.cart_items[upsell.cart_items.length - 1].initial_price.total,
			},
			{
				event: 'subscriptionCharged',
				label: 'Subscription Charged',
				order: ds.order(sub.order_id)!,
				opts: { recordId: sub.id },
				sub: sub.id,
				amount: sub.recurring_price.total,
			},
			// SamCart's refund deliveries carry no refund amount: a full refund is its product's price, a partial one stays
			// empty; the order total is kept
			{
				event: 'newRefund',
				label: 'New Refund',
				order: refundOrder('refunded'),
				opts: {},
				sub: null,
				amount: refundedItem('refunded').initial_price.subtotal,
			},
			{
				event: 'partialRefund',
				label: 'Partial Refund',
				order: refundOrder('partially_refunded'),
				opts: {},
				sub: null,
				amount: '',
			},
		];
		const expected: unknown[][] = [];
		for (const c of cases) {
			const items = await triggerItemsFor(sim, template, c.event, c.opts);
			const r = await executeWorkflow(withCredentialsSelected(template), {
				line,
				credentials: templateCredentials(sim),
				triggerItems: items,
				startNode: 'SamCart Trigger',
			});
			expect(r.error).toBeUndefined();
			const customer = ds.customer(c.order.customer_id)!;
			const orderSub = c.order.cart_items.find((i) => i.subscription_id !== null)?.subscription_id ?? '';
			expected.push([
				items[0].eventId,
				c.label,
				items[0].receivedAt,
				iso(c.order.order_date),
				customer.id,
				`${customer.first_name} ${customer.last_name}`,
				customer.email,
				ds.orderMeta.get(c.order.id)!.ip_address,
				c.order.cart_items.map((i) => i.product_id).join(', '),
				c.order.cart_items.map((i) => i.product_name).join(', '),
				c.order.id,
				c.sub ?? orderSub,
				'',
				c.amount,
				c.order.total,
				c.order.cart_items[0].currency,
				false,
			]);
		}
		expect(sheet.rows).toEqual(expected);
		// the event ids are distinct (the column a dispute is cross-referenced by)
		expect(new Set(sheet.rows.map((row) => row[0])).size).toBe(cases.length);
		for (const row of sheet.rows) {
			expect(Number.isInteger(row[14])).toBe(true);
			expect(row[13] === '' || Number.isInteger(row[13])).toBe(true);
		}
	});

	test('an event the template does not listen to (New Lead) starts nothing', async () => {
		await expect(triggerItemsFor(sim, template, 'newLead')).rejects.toThrow(
			/event_not_selected|not selected|ignored/,
		);
	});
});
