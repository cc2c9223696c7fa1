import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import { generateDataset, type Dataset } from '../../../dev/samcart-simulator/dataset';
import { buildWebhookPayload, centsToDollars, sendWebhook } from '../../../dev/samcart-simulator/webhooks';

let ds: Dataset;
let server: Server;
let target: string;
const received: Array<{ contentType: string; body: string }> = [];
let replyStatus = 200;

beforeAll(async () => {
	ds = await generateDataset({ seed: 5, size: 'small', now: Date.UTC(2026, 0, 15) });
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push({ contentType: String(req.headers['content-type']), body });
			res.writeHead(replyStatus, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ ok: replyStatus < 400 }));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
	received.length = 0;
	replyStatus = 200;
});

const DOLLARS = /^-?\d+\.\d{2}$/;

describe('webhook payloads (§6.3)', () => {
	it.each(SAMCART_EVENTS.map((e) => [e.key, e]))('%s has the §6.3 shape', (_key, event) => {
		const p = buildWebhookPayload(ds, event.key) as Record<string, Record<string, unknown>> & { type: string; api_key: null };
		expect(p.type).toBe(event.aliases.find((a) => a.family === 'legacy')?.type ?? event.aliases[0].type);
		expect(p.api_key).toBeNull();
		expect(p.product).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String), price: expect.stringMatching(DOLLARS) }));
		expect(p.customer).toEqual(
			expect.objectContaining({ customer_id: expect.any(Number), first_name: expect.any(String), last_name: expect.any(String), email: expect.stringContaining('@'), phone_number: expect.any(String), billing_city: expect.any(String), billing_zip: expect.any(String), billing_country: expect.any(String) }),
		);
		expect(Object.keys(p.affiliate).sort()).toEqual(['id', 'token']);
		expect(p.affiliate.id === null || typeof p.affiliate.id === 'number').toBe(true);
		if (event.subject === 'lead') {
			expect(p.order).toBeUndefined();
			expect(p.subscription).toBeUndefined();
			return;
		}
		expect(p.order).toEqual(expect.objectContaining({ id: expect.any(Number), total: expect.stringMatching(DOLLARS), ip_address: expect.any(String), created_at: expect.any(String), custom_fields: expect.any(Array) }));
		const order = ds.order(p.order.id as number)!;
		expect(p.order.total).toBe(centsToDollars(order.total));
		expect(p.customer.customer_id).toBe(order.customer_id);
		expect('subscription' in p).toBe(event.subject === 'subscription');
		expect('refund_transaction_id' in p).toBe(event.subject === 'refund');
		if (event.subject === 'subscription') {
			const sub = ds.subscription(p.subscription.id as number)!;
			expect(p.order.subscription_id).toBe(sub.id);
			expect(p.subscription.price).toBe(centsToDollars(sub.recurring_price.total));
		}
	});

	it('picks records fitting the event, and honours family, explicit type, record id and test mode', () => {
		const canceled = buildWebhookPayload(ds, 'subscriptionCanceled', { family: 'rule' }) as { type: string; subscription: { status: string } };
		expect(canceled.type).toBe('Subscription Canceled');
		expect(['canceled', 'delinquent']).toContain(canceled.subscription.status);
		expect((buildWebhookPayload(ds, 'subscriptionCompleted') as { subscription: { status: string } }).subscription.status).toBe('completed');
		const partial = buildWebhookPayload(ds, 'partialRefund') as { refund_transaction_id: string; order: { id: number } };
		expect(partial.refund_transaction_id).toMatch(/^re_/);
		expect((buildWebhookPayload(ds, 'newOrder', { type: 'Checkout Charged' }) as { type: string }).type).toBe('Checkout Charged');
		const order = ds.orders[42];
		const byId = buildWebhookPayload(ds, 'newOrder', { recordId: order.id }) as { order: { id: number }; product: { id: number } };
		expect(byId.order.id).toBe(order.id);
		expect(byId.product.id).toBe(order.cart_items[0].product_id);
		const test = buildWebhookPayload(ds, 'newOrder', { testMode: true }) as { order: { id: number } };
		expect(ds.order(test.order.id)!.test_mode).toBe(true);
		const upsell = buildWebhookPayload(ds, 'upsellPurchased') as { order: { id: number } };
		expect(ds.orderMeta.get(upsell.order.id)!.upsell_id).not.toBeNull();
		const withFields = ds.orders.find((o) => Object.keys(o.custom_fields).length)!;
		const fields = (buildWebhookPayload(ds, 'newOrder', { recordId: withFields.id }) as { order: { custom_fields: unknown[] } }).order.custom_fields;
		expect(fields[0]).toEqual({ name: expect.any(String), slug: expect.stringMatching(/^custom_/), value: expect.any(String) });
		expect(() => buildWebhookPayload(ds, 'noSuchEvent')).toThrow(/Unknown event/);
	});

	it('formats cents as dollar strings without floating point', () => {
		expect([centsToDollars(4900), centsToDollars(5), centsToDollars(123456), centsToDollars(-250), centsToDollars(0)]).toEqual(['49.00', '0.05', '1234.56', '-2.50', '0.00']);
	});
});

describe('sendWebhook', () => {
	it('posts JSON and reports status, body and latency', async () => {
		const payload = buildWebhookPayload(ds, 'newOrder');
		const [delivery] = await sendWebhook(target, payload);
		expect(delivery).toMatchObject({ index: 0, status: 200, body: '{"ok":true}', duplicate: false });
		expect(delivery.latencyMs).toEqual(expect.any(Number));
		expect(received[0].contentType).toBe('application/json');
		expect(JSON.parse(received[0].body)).toEqual(payload);
	});

	it('form-encodes nested keys', async () => {
		const withFields = ds.orders.find((o) => Object.keys(o.custom_fields).length)!;
		const payload = buildWebhookPayload(ds, 'newOrder', { recordId: withFields.id }) as { customer: { email: string }; order: { custom_fields: Array<{ name: string }> } };
		await sendWebhook(target, payload, { encoding: 'form' });
		expect(received[0].contentType).toBe('application/x-www-form-urlencoded');
		const form = new URLSearchParams(received[0].body);
		expect(form.get('type')).toBe('Order');
		expect(form.get('api_key')).toBe('');
		expect(form.get('customer[email]')).toBe(payload.customer.email);
		expect(form.get('order[custom_fields][0][name]')).toBe(payload.order.custom_fields[0].name);
	});

	it('bursts with concurrency, duplicates, raw bodies and receiver errors', async () => {
		const deliveries = await sendWebhook(target, (i) => buildWebhookPayload(ds, 'subscriptionCharged', { index: i }), { count: 5, concurrency: 3, duplicate: true });
		expect(deliveries).toHaveLength(10);
		expect(deliveries.filter((d) => d.duplicate)).toHaveLength(5);
		const bodies = received.map((r) => r.body);
		expect(new Set(bodies).size).toBe(5);
		for (const b of new Set(bodies)) expect(bodies.filter((x) => x === b)).toHaveLength(2);
		received.length = 0;
		replyStatus = 500;
		const [bad] = await sendWebhook(target, {}, { raw: '{"type": "Order", ' });
		expect(received[0].body).toBe('{"type": "Order", ');
		expect(bad.status).toBe(500);
		const [unreachable] = await sendWebhook('http://127.0.0.1:1/hook', {}, { timeoutMs: 2000 });
		expect(unreachable.status).toBe(0);
		expect(unreachable.error).toEqual(expect.any(String));
	});
});
