/**
 * Issue 20: the trigger on a JPY store. SamCart's payload names no currency, so its decimal amounts are read with two
 * decimals until Verify reads the order; then they are restated in the order's currency (JPY has no decimals).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { buildWebhookPayload, startSimulator, type Simulator } from '../../../dev/samcart-simulator';
import { deliver, json } from './helpers';

const TOKEN = 'sim_token_0123456789';

let sim: Simulator;
beforeAll(async () => {
	nock.enableNetConnect();
	sim = await startSimulator({ size: 'small', seed: 20, currency: 'JPY', rateLimit: { limit: 0 } });
});
afterAll(async () => sim.stop());

const receive = async (key: string, verify: boolean, recordId?: number) => {
	const payload = buildWebhookPayload(sim.data, key, { recordId });
	const delivery = await deliver({
		parameters: { events: [key], options: { secretToken: TOKEN, verify } },
		query: { token: TOKEN },
		apiKey: sim.apiKey,
		baseUrl: sim.baseUrl,
		...json(payload),
	});
	expect(delivery.status).toBe(200);
	return { payload, summary: delivery.items[0].summary as IDataObject };
};

describe('SamCart Trigger on a JPY store', () => {
	it('with Verify: the order names the currency, every amount is whole yen', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length > 1)!;
		const { summary } = await receive('newOrder', true, order.id);
		const item = order.cart_items[0];
		expect(summary).toMatchObject({
			currency: 'JPY',
			amount_cents: item.initial_price.total,
			order_total_cents: order.total,
			item: { currency: 'JPY', price_cents: item.initial_price.subtotal },
		});
	});

	it('without Verify: no currency is claimed (the payload names none)', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode)!;
		const { payload, summary } = await receive('newOrder', false, order.id);
		expect(payload.order).toMatchObject({ total: String(order.total) });
		expect(summary.currency).toBeNull();
		expect((summary.item as IDataObject).currency).toBeNull();
	});
});
