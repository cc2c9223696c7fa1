import { generateDataset } from '../../../dev/samcart-simulator/dataset';
import { startSimulator } from '../../../dev/samcart-simulator';

const now = Date.UTC(2026, 0, 15);
const DAY_MS = 86_400_000;
const ms = (t: string) => Date.parse(`${t.replace(' ', 'T')}Z`);

describe('dataset spanDays', () => {
	it('default (730 days) is the data of before the option: pinned values for seed 3, small', async () => {
		const a = await generateDataset({ seed: 3, size: 'small', now });
		const b = await generateDataset({ seed: 3, size: 'small', now, spanDays: 730 });
		expect(JSON.stringify([b.orders, b.charges, b.refunds, b.customers])).toBe(
			JSON.stringify([a.orders, a.charges, a.refunds, a.customers]),
		);
		// values generated before spanDays existed (commit e98ba9b)
		expect([a.orders.length, a.charges.length, a.refunds.length]).toEqual([600, 3718, 278]);
		expect([a.orders[0].order_date, a.orders[599].order_date]).toEqual(['2024-01-17 19:03:37', '2026-01-13 22:41:15']);
		expect([a.charges[100].id, a.charges[100].created_at, a.charges[100].total]).toEqual([1200101, '2024-03-21 21:46:40', 3000]);
		expect([a.refunds[0].id, a.refunds[0].charge_id, a.refunds[0].created_at]).toEqual([60001, 1200013, '2024-02-03 08:52:40']);
		expect(a.customers[0].email).toBe('martin.legros6@gmail.com');
	});

	it('spanDays 7 puts every order, charge and refund in the last 7 days of now', async () => {
		const ds = await generateDataset({ seed: 3, size: { customers: 300, orders: 1000 }, now, spanDays: 7 });
		expect(ds.orders).toHaveLength(1000);
		const inLastWeek = (t: string) => ms(t) >= now - 7 * DAY_MS && ms(t) <= now;
		for (const o of ds.orders) expect(inLastWeek(o.order_date)).toBe(true);
		// a buyer is created up to 30 minutes before the first order, as with the default span
		for (const c of ds.customers) expect(ms(c.created_at)).toBeGreaterThanOrEqual(now - 7 * DAY_MS - 1_800_000);
		for (const c of ds.charges) expect(inLastWeek(c.created_at)).toBe(true);
		for (const r of ds.refunds) expect(inLastWeek(r.created_at)).toBe(true);
		expect(ds.refunds.length).toBeGreaterThan(0);
	});

	it('the simulator passes it through, and keeps it on reset', async () => {
		const sim = await startSimulator({ size: 'small', seed: 3, now, spanDays: 7, rateLimit: { limit: 0 } });
		try {
			const oldest = () => Math.min(...sim.data.orders.map((o) => ms(o.order_date)));
			expect(oldest()).toBeGreaterThanOrEqual(now - 7 * DAY_MS);
			await sim.reset({ seed: 4 });
			expect(oldest()).toBeGreaterThanOrEqual(now - 7 * DAY_MS);
			await sim.reset({ spanDays: 730 });
			expect(oldest()).toBeLessThan(now - 30 * DAY_MS);
		} finally {
			await sim.stop();
		}
	});
});
