/**
 * The simulator's webhook sender and the trigger agree: every event of the catalogue, in both `type` families and
 * both encodings, is POSTed over real HTTP to a local server that hands the request to SamCartTrigger.webhook()
 * (through the fake context), with Verify and Enrich answered by the simulator's REST API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	buildWebhookPayload,
	sendWebhook,
	startSimulator,
	type Simulator,
} from '../../../dev/samcart-simulator';
import {
	dunningDeliveries,
	orderDeliveries,
	voluntaryCancellation,
	type ScheduledDelivery,
} from '../../../dev/samcart-simulator/deliveries';
import { SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import { createFakeWebhookContext } from '../helpers/fakeN8nContext';
import { trigger } from './helpers';

const TOKEN = 'sim_token_0123456789';

let sim: Simulator;
let server: Server;
let url: string;
let parameters: IDataObject;
let staticData: IDataObject;
let received: IDataObject[];

beforeAll(async () => {
	sim = await startSimulator({ size: 'small', seed: 11, now: '2026-01-15', rateLimit: { limit: 0 } });
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
			const { context, response } = createFakeWebhookContext({
				parameters,
				staticData,
				apiKey: sim.apiKey,
				baseUrl: sim.baseUrl,
				rawBody: Buffer.concat(chunks),
				headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
				query: Object.fromEntries(requestUrl.searchParams),
			});
			trigger.webhook
				.call(context as unknown as IWebhookFunctions)
				.then((result) => {
					received.push(...(result.workflowData?.[0] ?? []).map((item) => item.json));
					res.writeHead(response.status ?? 200, { 'content-type': 'application/json' });
					// As n8n does: the response webhook() wrote, else the webhookResponse it returned.
					res.end(JSON.stringify(response.body ?? result.webhookResponse ?? {}));
				})
				.catch((error: Error) => {
					res.writeHead(500);
					res.end(error.message);
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/webhook?token=${TOKEN}`;
}, 60_000);

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	await sim.stop();
});

beforeEach(() => {
	staticData = {};
	received = [];
	parameters = { events: ['*'], options: { secretToken: TOKEN, verify: true, enrich: true } };
});

const cases = SAMCART_EVENTS.flatMap((event) =>
	(['legacy', 'rule'] as const).flatMap((family) =>
		(['json', 'form'] as const).map((encoding) => [event.key, family, encoding] as const),
	),
);

it.each(cases)('%s (%s type, %s) is received, verified and enriched', async (key, family, encoding) => {
	const payload = buildWebhookPayload(sim.data, key, { family });
	const [delivery] = await sendWebhook(url, payload, { encoding });
	expect(delivery.status).toBe(200);
	expect(JSON.parse(delivery.body)).toMatchObject({ received: true, event: key });
	expect(received).toHaveLength(1);
	const [item] = received;
	const summary = item.summary as IDataObject;
	expect(item).toMatchObject({ event: key, eventType: payload.type, testMode: false });
	const event = SAMCART_EVENTS.find((e) => e.key === key)!;
	const customer = payload.customer as IDataObject;
	expect(summary.customer_email).toBe(customer.email);
	if (event.subject === 'lead') {
		expect(item.verified).toEqual([`Product ${(payload.product as IDataObject).id}`]);
		return;
	}
	const order = payload.order as IDataObject;
	expect(summary.order_id).toBe(order.id);
	expect(item.order).toMatchObject({ id: order.id });
	expect(item.customer).toMatchObject({ id: customer.customer_id, email: customer.email });
	if (event.subject === 'order') {
		// One delivery per product: its amount is that cart item's, the order's total stands beside it.
		const record = sim.record('orders', order.id as number) as {
			total: number;
			cart_items: Array<{ id: number; product_id: number; initial_price: { subtotal: number; total: number } }>;
		};
		const product = payload.product as IDataObject;
		const cartItem = record.cart_items.find((i) => i.product_id === product.id);
		expect(summary).toMatchObject({
			amount_cents: cartItem?.initial_price.total,
			amount_source: 'product.total',
			order_total_cents: record.total,
			item: { product_id: product.id, price_cents: cartItem?.initial_price.subtotal, cart_item_id: cartItem?.id },
		});
	}
	if (event.subject === 'subscription') {
		const subscription = payload.subscription as IDataObject;
		expect(item.verified).toEqual([`Subscription ${subscription.id}`]);
		expect(item.subscription).toMatchObject({
			id: subscription.id,
			plan: expect.objectContaining({ id: expect.anything() }),
		});
		const record = sim.record('subscriptions', subscription.id as number) as {
			recurring_price: { total: number };
		};
		expect(summary.amount_cents).toBe(record.recurring_price.total);
	}
});

it('refuses a delivery naming an order the simulator does not have, with 422', async () => {
	const payload = buildWebhookPayload(sim.data, 'newOrder');
	const forged = { ...payload, order: { ...(payload.order as IDataObject), id: 987654321 } };
	const [delivery] = await sendWebhook(url, forged, { encoding: 'form' });
	expect(delivery.status).toBe(422);
	expect(JSON.parse(delivery.body).error).toBe('record_not_found');
	expect(received).toEqual([]);
});

it('refuses a wrong token with 401 and ignores a redelivery', async () => {
	const payload = buildWebhookPayload(sim.data, 'subscriptionCharged');
	const [wrong] = await sendWebhook(url.replace(TOKEN, `${TOKEN}x`), payload);
	expect(wrong.status).toBe(401);
	parameters = { events: ['subscriptionCharged'], options: { secretToken: TOKEN, ignoreDuplicates: true } };
	const deliveries = await sendWebhook(url, payload, { duplicate: true });
	expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
	expect(JSON.parse(deliveries[1].body)).toMatchObject({ ignored: 'duplicate' });
	expect(received).toHaveLength(1);
});

it('answers malformed bodies from the sender with 400', async () => {
	const [delivery] = await sendWebhook(url, {}, { raw: '{"type":' });
	expect(delivery.status).toBe(400);
	expect(received).toEqual([]);
});

it('ignores a test-mode order when asked, learning test mode from the API when the payload does not say it', async () => {
	const testPayload = buildWebhookPayload(sim.data, 'newOrder', { testMode: true });
	const order = sim.record('orders', (testPayload.order as IDataObject).id as number) as IDataObject;
	expect(order.test_mode).toBe(true);
	expect(JSON.stringify(testPayload)).not.toContain('test_mode');

	parameters = { events: ['newOrder'], options: { secretToken: TOKEN, verify: true, testMode: 'ignore' } };
	const [ignored] = await sendWebhook(url, testPayload);
	expect(JSON.parse(ignored.body)).toMatchObject({ received: true, ignored: 'test_mode' });

	const [live] = await sendWebhook(url, buildWebhookPayload(sim.data, 'newOrder'));
	expect(JSON.parse(live.body)).toMatchObject({ received: true, event: 'newOrder' });
	expect(received.map((item) => item.event)).toEqual(['newOrder']);
});

describe("SamCart's stream: one delivery per product, delinquency sent as a cancellation", () => {
	const sendAll = async (deliveries: ScheduledDelivery[]) => {
		for (const d of deliveries) await sendWebhook(url, d.payload);
	};
	const orderWithBumpAndUpsell = () => {
		const order = sim.data.orders.find((o) => {
			const roles = Object.values(sim.data.orderMeta.get(o.id)?.item_roles ?? {});
			return !o.test_mode && roles.includes('bump') && roles.includes('upsell');
		});
		if (!order) throw new Error('the dataset has no live order with a bump and an upsell');
		return order;
	};

	it('a checkout with a bump and a later upsell: three items adding up to the order total; Once Per Order: one', async () => {
		const order = orderWithBumpAndUpsell();
		parameters = { events: ['newOrder'], options: { secretToken: TOKEN, verify: true } };
		await sendAll(orderDeliveries(sim.data, order.id));
		const summaries = received.map((item) => item.summary as IDataObject);
		expect(summaries.map((summary) => (summary.item as IDataObject).role)).toEqual(['primary', 'bump', 'upsell']);
		expect(summaries.reduce((sum, summary) => sum + (summary.amount_cents as number), 0)).toBe(order.total);
		expect(summaries.map((summary) => (summary.item as IDataObject).cart_item_id)).toEqual(order.cart_items.map((i) => i.id));

		// a delivery without its cart item: Verify's read of the order tells it, without asking SamCart again
		received = [];
		const [bump] = orderDeliveries(sim.data, order.id).slice(1, 2);
		delete (bump.payload.product as IDataObject).cart_item_id;
		sim.clearRequests();
		await sendWebhook(url, bump.payload);
		expect((received[0].summary as IDataObject).item).toMatchObject({ cart_item_id: order.cart_items[1].id });
		expect(sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/orders/${order.id}`]);

		received = [];
		staticData = {};
		parameters = { events: ['newOrder'], options: { secretToken: TOKEN, oncePerOrder: true } };
		await sendAll(orderDeliveries(sim.data, order.id));
		expect(received).toHaveLength(1);
	});

	it('a delinquent cancellation is labelled delinquent, a voluntary one voluntary (also when only the API says)', async () => {
		const [failing, leaving] = sim.data.subscriptions.filter((x) => !x.test_mode && x.status === 'active');
		parameters = { events: ['subscriptionCanceled'], options: { secretToken: TOKEN } };
		await sendAll([...dunningDeliveries(sim.data, failing.id), ...voluntaryCancellation(sim.data, leaving.id)]);
		expect(received.map((item) => (item.summary as IDataObject).cancellation)).toEqual(['delinquent', 'voluntary']);

		// a delivery without the status: Verify reads the subscription from SamCart's API
		received = [];
		const [canceled] = sim.data.subscriptions.filter((x) => !x.test_mode && x.status === 'canceled');
		const payload = buildWebhookPayload(sim.data, 'subscriptionCanceled', { recordId: canceled.id });
		delete (payload.subscription as IDataObject).status;
		parameters = { events: ['subscriptionCanceled'], options: { secretToken: TOKEN, verify: true } };
		await sendWebhook(url, payload);
		expect((received[0].summary as IDataObject).cancellation).toBe('voluntary');
	});
});
