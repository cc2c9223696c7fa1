import { generateDataset } from '../../../dev/samcart-simulator/dataset';

const now = Date.UTC(2026, 0, 15);

describe('dataset determinism and shape', () => {
	it('same seed and now → identical data; other seed or now → different', async () => {
		const a = await generateDataset({ seed: 3, size: 'small', now });
		const b = await generateDataset({ seed: 3, size: 'small', now });
		const c = await generateDataset({ seed: 4, size: 'small', now });
		const d = await generateDataset({ seed: 3, size: 'small', now: now + 7 * 86_400_000 });
		const dump = (x: typeof a) => JSON.stringify([x.customers, x.orders, x.charges, x.refunds, x.subscriptions, x.failedCharges, x.products]);
		expect(dump(a)).toBe(dump(b));
		expect(dump(a)).not.toBe(dump(c));
		expect(a.customers[0].email).not.toBe(c.customers[0].email);
		expect(a.orders[0].order_date).not.toBe(d.orders[0].order_date);
	});

	it('respects sizes, keeps ids ascending with created_at, money in integer cents, timestamps within 2 years of now', async () => {
		const ds = await generateDataset({ seed: 9, size: { customers: 120, orders: 300 }, now });
		expect(ds.customers).toHaveLength(120);
		expect(ds.orders).toHaveLength(300);
		const checks: Array<[string, Array<{ id: number }>, (r: never) => string]> = [
			['customers', ds.customers, (r: { created_at: string }) => r.created_at],
			['orders', ds.orders, (r: { order_date: string }) => r.order_date],
			['charges', ds.charges, (r: { created_at: string }) => r.created_at],
			['refunds', ds.refunds, (r: { created_at: string }) => r.created_at],
			['subscriptions', ds.subscriptions, (r: { created_at: string }) => r.created_at],
			['failed', ds.failedCharges, (r: { created_at: string }) => r.created_at],
		] as never;
		for (const [name, list, at] of checks) {
			for (let i = 1; i < list.length; i++) {
				if (!(list[i].id > list[i - 1].id && at(list[i] as never) >= at(list[i - 1] as never))) throw new Error(`${name} not ascending at ${i}`);
			}
			for (const r of list) expect(at(r as never)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(at(list[0] as never) >= '2024-01-15').toBe(true);
			expect(at(list[list.length - 1] as never) <= '2026-01-15 00:00:00').toBe(true);
		}
		for (const o of ds.orders) {
			expect(Number.isInteger(o.total)).toBe(true);
			expect(o.total).toBe(o.cart_items.reduce((s, i) => s + i.initial_price.total, 0));
		}
		const errors = new Set(ds.failedCharges.map((f) => f.error));
		expect([...errors].sort()).toEqual(
			[
				'Your card has expired.',
				'Your card has insufficient funds.',
				'Your card was declined.',
				"Your card's security code is incorrect.",
				'An error occurred while processing your card. Try again in a little bit.',
			].sort(),
		);
		expect(new Set(ds.plans.map((p) => p.plan_frequency))).toEqual(new Set(['days', 'weekly', 'monthly', 'quarterly', 'yearly']));
		expect(ds.plans.some((p) => p.trial_period > 0)).toBe(true);
		expect(ds.refunds.some((r) => r.charge_refund_status === 'partially_refunded')).toBe(true);
	});
});
