/** Issue 20: stores that are not USD, and the fields the simulator had off from SamCart's spec. */
import { generateDataset } from '../../../dev/samcart-simulator/dataset';
import { buildWebhookPayload } from '../../../dev/samcart-simulator/webhooks';

const now = Date.UTC(2026, 0, 15);

/** Every `currency` field in the dataset, wherever it sits. */
function currencies(value: unknown, found = new Set<string>()): Set<string> {
	if (Array.isArray(value)) value.forEach((entry) => currencies(entry, found));
	else if (value && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) {
			if (key === 'currency') found.add(String(inner));
			else currencies(inner, found);
		}
	}
	return found;
}

describe('simulator currency and spec types', () => {
	it.each(['EUR', 'JPY'])(
		'a %s store labels every record that carries a currency with it, and nothing else',
		async (currency) => {
			const ds = await generateDataset({ seed: 5, size: 'small', now, currency });
			expect([...currencies([ds.orders, ds.charges, ds.failedCharges, ds.refunds, ds.products])]).toEqual([
				currency,
			]);
			// SamCart's spec gives subscriptions, plans and customers no currency; the simulator adds none.
			expect(currencies([ds.subscriptions, ds.plans, ds.customers]).size).toBe(0);
		},
	);

	it('the currency changes the labels only: the same seed gives the same amounts', async () => {
		const usd = await generateDataset({ seed: 5, size: 'small', now });
		const jpy = await generateDataset({ seed: 5, size: 'small', now, currency: 'JPY' });
		expect(jpy.orders.map((o) => o.total)).toEqual(usd.orders.map((o) => o.total));
		expect(usd.charges.every((c) => c.currency === 'USD')).toBe(true);
	});

	it('webhook amounts are written in the currency’s decimals (none for JPY)', async () => {
		const jpy = await generateDataset({ seed: 5, size: 'small', now, currency: 'JPY' });
		const order = jpy.orders.find((o) => !o.test_mode)!;
		const payload = buildWebhookPayload(jpy, 'newOrder', { recordId: order.id }) as {
			order: { total: string };
		};
		expect(payload.order.total).toBe(String(order.total));
	});

	it('follows the spec: recurring_shipping a boolean, custom_domain a URL, card_used a string keeping leading zeros', async () => {
		const ds = await generateDataset({ seed: 5, size: 'small', now });
		expect(ds.plans.every((plan) => typeof plan.recurring_shipping === 'boolean')).toBe(true);
		const domains = ds.products.map((p) => p.custom_domain).filter((d) => d !== null);
		expect(domains.length).toBeGreaterThan(0);
		for (const domain of domains) expect(new URL(domain!).protocol).toBe('https:');
		const cards = [...ds.orders, ...ds.charges, ...ds.subscriptions, ...ds.failedCharges]
			.map((r) => r.card_used)
			.filter((c) => c !== null);
		for (const card of cards) expect(card).toMatch(/^\d{4}$/);
		expect(cards.some((card) => card!.startsWith('0'))).toBe(true);
	});
});
