/**
 * Template 09 (dispute readiness): every order, charge and refund event → one evidence row in Google Sheets, executed
 * by the real n8n engine with the template file as shipped. Each row is compared with one built here from the
 * simulator's own records (order, customer, order meta IP, subscription), amounts in integer cents.
 */
import nock from 'nock';

import { buildWebhookPayload, type Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	loadTemplate,
	makeSamCartBusy,
	mockSheet,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	triggerRunsFor,
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
	'Card Last 4',
	'Processor Transaction ID',
	'Billing Address',
	'Order Time',
	'Enriched',
];
const col = (name: string) => HEADER.indexOf(name);
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(909);
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

const iso = (samCartTime: string) => `${samCartTime.replace(' ', 'T')}Z`;
/** Card last 4 as a processor asks for it: four digits, leading zeros kept ('' for PayPal, which has no card). */
const last4 = (card: string | number | null | undefined) =>
	card === null || card === undefined ? '' : String(card).padStart(4, '0');

/** The customer's billing address on one line, as the row has it. */
function billingOf(ds: Simulator['data'], customerId: number): string {
	const a = ds.customer(customerId)!.addresses.find((x) => x.type === 'billing');
	return a
		? [a.street, a.city, a.state ?? a.region, a.postal_code, a.country].filter(Boolean).join(', ')
		: '';
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);

	test('order, upsell, subscription charge, refund and partial refund: one row each, with the records’ figures and the evidence processors ask for', async () => {
		const sheet = mockSheet(String(settings.evidenceSheetId), String(settings.evidenceSheetTab), HEADER);
		const ds = sim.data;
		const refundOf = (status: 'refunded' | 'partially_refunded') =>
			ds.refunds.find((r) => r.charge_refund_status === status && !r.test_mode)!;
		const refundOrder = (status: 'refunded' | 'partially_refunded') =>
			ds.order(ds.charge(refundOf(status).charge_id)!.order_id)!;
		const refundedItem = (status: 'refunded' | 'partially_refunded') =>
			refundOrder(status).cart_items.find((i) => i.id === refundOf(status).cart_item_id)!;
		const refundCharge = (status: 'refunded' | 'partially_refunded') =>
			ds.charge(refundOf(status).charge_id)!;
		const multi = ds.orders.find((o) => !o.test_mode && o.cart_items.length > 1 && o.card_used !== null)!;
		const upsell = ds.orders.find((o) => !o.test_mode && ds.orderMeta.get(o.id)?.upsell_id)!;
		const sub = ds.subscriptions.find((s) => !s.test_mode && s.status === 'active' && s.card_used !== null)!;
		const upsellItem = upsell.cart_items[upsell.cart_items.length - 1];
		// Event Time: the checkout for the primary product; SamCart's deliveries of an upsell, a rebill or a refund carry
		// no time of their own, and SamCart sends them as they happen, so it is when the delivery arrived
		const cases = [
			{
				event: 'newOrder',
				label: 'New Order',
				order: multi,
				opts: { recordId: multi.id },
				sub: null,
				// one delivery per product: the primary item's own amount (the order total has its column)
				amount: multi.cart_items[0].initial_price.total,
				eventTime: iso(multi.order_date),
				card: last4(multi.card_used),
				transaction: multi.cart_items[0].processor_transaction_id ?? '',
			},
			{
				event: 'upsellPurchased',
				label: 'Upsell Purchased',
				order: upsell,
				opts: { recordId: upsell.id },
				sub: null,
				amount: upsellItem.initial_price.total,
				eventTime: 'received',
				card: last4(upsell.card_used),
				transaction: upsellItem.processor_transaction_id ?? '',
			},
			{
				event: 'subscriptionCharged',
				label: 'Subscription Charged',
				order: ds.order(sub.order_id)!,
				opts: { recordId: sub.id },
				sub: sub.id,
				amount: sub.recurring_price.total,
				eventTime: 'received',
				// the rebill is charged to the subscription's card; its transaction is not in the delivery
				card: last4(sub.card_used),
				transaction: '',
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
				eventTime: 'received',
				card: last4(refundOrder('refunded').card_used),
				transaction: refundCharge('refunded').processor_transaction_id ?? '',
			},
			{
				event: 'partialRefund',
				label: 'Partial Refund',
				order: refundOrder('partially_refunded'),
				opts: {},
				sub: null,
				amount: '',
				eventTime: 'received',
				card: last4(refundOrder('partially_refunded').card_used),
				transaction: refundCharge('partially_refunded').processor_transaction_id ?? '',
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
				c.eventTime === 'received' ? items[0].receivedAt : c.eventTime,
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
				c.card,
				c.transaction,
				billingOf(ds, customer.id),
				iso(c.order.order_date),
				true,
			]);
		}
		expect(sheet.rows).toEqual(expected);
		// the event ids are distinct (the column a dispute is cross-referenced by)
		expect(new Set(sheet.rows.map((row) => row[0])).size).toBe(cases.length);
		for (const row of sheet.rows) {
			expect(Number.isInteger(row[col('Order Total (cents)')])).toBe(true);
			const amount = row[col('Event Amount (cents)')];
			expect(amount === '' || Number.isInteger(amount)).toBe(true);
			expect(row[col('Card Last 4')]).toMatch(/^\d{4}$/);
			expect(row[col('Billing Address')]).not.toBe('');
		}
	});

	test('a delivery that carries its own time (a refund with refund.created_at): Event Time is that time, not the order’s', async () => {
		const sheet = mockSheet(String(settings.evidenceSheetId), String(settings.evidenceSheetTab), HEADER);
		const ds = sim.data;
		const refund = ds.refunds.find((r) => r.charge_refund_status === 'refunded' && !r.test_mode)!;
		const order = ds.order(ds.charge(refund.charge_id)!.order_id)!;
		expect(refund.created_at).not.toBe(order.order_date);
		const payload = buildWebhookPayload(ds, 'newRefund', { recordId: refund.id });
		const [run] = await triggerRunsFor(sim, template, [
			{ ...payload, refund: { created_at: refund.created_at } },
		]);
		const r = await executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: run.items,
			startNode: 'SamCart Trigger',
		});
		expect(r.error).toBeUndefined();
		expect(sheet.rows).toHaveLength(1);
		expect(sheet.rows[0][col('Event Time')]).toBe(iso(refund.created_at));
		expect(sheet.rows[0][col('Order Time')]).toBe(iso(order.order_date));
		expect(sheet.rows[0][col('Received At')]).toBe(run.items[0].receivedAt);
	});

	test('Enrich failing (SamCart busy: 429 on every read): the evidence row is still written from the delivery, marked not enriched', async () => {
		const sheet = mockSheet(String(settings.evidenceSheetId), String(settings.evidenceSheetTab), HEADER);
		const ds = sim.data;
		const order = ds.orders.find((o) => !o.test_mode && o.cart_items.length > 1 && o.card_used !== null)!;
		const [item] = order.cart_items;
		makeSamCartBusy(sim);
		const items = await triggerItemsFor(sim, template, 'newOrder', { recordId: order.id });
		sim.clearFaults();
		expect(items[0]).toMatchObject({ order: null, customer: null });
		expect((items[0].enrichErrors as string[]).length).toBeGreaterThan(0);
		const r = await executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: items,
			startNode: 'SamCart Trigger',
		});
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		const customer = ds.customer(order.customer_id)!;
		expect(sheet.rows).toEqual([
			[
				items[0].eventId,
				'New Order',
				items[0].receivedAt,
				iso(order.order_date),
				customer.id,
				`${customer.first_name} ${customer.last_name}`,
				customer.email,
				ds.orderMeta.get(order.id)!.ip_address,
				// without the order from SamCart's API: the delivered product only
				item.product_id,
				item.product_name,
				order.id,
				order.cart_items.find((i) => i.subscription_id !== null)?.subscription_id ?? '',
				'',
				item.initial_price.total,
				order.total,
				// the delivery names no currency, and SamCart could not be asked: left empty, not guessed
				'',
				false,
				// the card is only in SamCart's records
				'',
				item.processor_transaction_id ?? '',
				billingOf(ds, customer.id),
				iso(order.order_date),
				false,
			],
		]);
	});

	test('an event the template does not listen to (New Lead) starts nothing', async () => {
		await expect(triggerItemsFor(sim, template, 'newLead')).rejects.toThrow(
			/event_not_selected|not selected|ignored/,
		);
	});
});
