/**
 * Issue 20: stores that do not sell in USD. Every Simplify output of a EUR and a JPY store: `*_cents` integers, decimals
 * with the currency's minor units, and no currency that neither the record nor the record it belongs to carries
 * (customers carry none, so theirs is null; a subscription's is its product's). Also: the simulator's unconfirmed
 * `cancel_schedule`, with and without it.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../../../dev/samcart-simulator';
import type { Simulator } from '../../../dev/samcart-simulator';
import { byId, jsonOf, run } from './support';

type Parameters = Record<string, unknown>;

/** `GET /products/{id}`, as the simulator logs it. */
const PRODUCT_READ = /^\/v1\/products\/\d+$/;

const LISTS: Array<[string, Parameters]> = [
	['order', { resource: 'order', operation: 'getMany', limit: 30 }],
	['charge', { resource: 'charge', operation: 'getMany', limit: 30 }],
	['failedCharge', { resource: 'failedCharge', operation: 'getMany', limit: 30 }],
	['refund', { resource: 'refund', operation: 'getMany', limit: 30 }],
	['product', { resource: 'product', operation: 'getMany', limit: 30 }],
	[
		'subscription',
		{ resource: 'subscription', operation: 'getMany', limit: 30, options: { includePlan: true } },
	],
	['customer', { resource: 'customer', operation: 'getMany', limit: 30 }],
];

/** Every `<name>_cents` with its `<name>` decimal, however deep (order products). */
function amounts(
	record: IDataObject,
	currency: unknown,
): Array<{ name: string; cents: unknown; decimal: unknown; currency: unknown }> {
	const found = [];
	for (const [key, value] of Object.entries(record)) {
		if (key.endsWith('_cents')) {
			const name = key.slice(0, -'_cents'.length);
			found.push({ name, cents: value, decimal: record[name], currency });
		} else if (Array.isArray(value)) {
			for (const entry of value) {
				if (entry && typeof entry === 'object') {
					const inner = entry as IDataObject;
					found.push(...amounts(inner, 'currency' in inner ? inner.currency : currency));
				}
			}
		}
	}
	return found;
}

describe.each([
	['EUR', 100],
	['JPY', 1],
])('Simplify on a %s store', (currency, perUnit) => {
	let sim: Simulator;
	const onSim = (parameters: Parameters) =>
		run({ parameters: { simplify: true, ...parameters }, baseUrl: sim.baseUrl, apiKey: sim.apiKey });

	beforeAll(async () => {
		nock.enableNetConnect();
		sim = await startSimulator({ size: 'small', seed: 20, currency, rateLimit: { limit: 0 } });
	});
	afterAll(async () => sim.stop());

	it.each(LISTS)(
		'%s: integer cents, decimals in the currency, no currency the record lacks',
		async (resource, parameters) => {
			const records = jsonOf(await onSim(parameters));
			expect(records.length).toBeGreaterThan(0);
			const carries = resource !== 'customer';
			for (const record of records) {
				// SamCart gives customers no currency: it is not guessed. A subscription's is its product's.
				expect(record.currency).toBe(carries ? currency : null);
				for (const entry of amounts(record, record.currency)) {
					if (entry.cents === null) continue;
					expect(Number.isSafeInteger(entry.cents)).toBe(true);
					if (entry.currency === null) expect(entry.decimal).toBeNull();
					else {
						expect(entry.currency).toBe(currency);
						expect(entry.decimal).toBe((entry.cents as number) / perUnit);
					}
				}
			}
		},
	);

	it("a subscription is labelled with its product's currency, not USD", async () => {
		const sub = sim.data.subscriptions[0];
		sim.clearRequests();
		const [simple] = jsonOf(
			await onSim({ resource: 'subscription', operation: 'get', subscriptionId: byId(sub.id) }),
		);
		expect(sim.data.order(sub.order_id)!.cart_items[0].currency).toBe(currency);
		expect(simple.currency).toBe(currency);
		expect(simple.recurring_price_cents).toBe(sub.recurring_price.total);
		expect(simple.recurring_price).toBe(sub.recurring_price.total / perUnit);
		expect(simple.initial_price).toBe(sub.initial_price.total / perUnit);
		expect(sim.requests({ method: 'GET', path: PRODUCT_READ }).map((r) => r.path)).toEqual([
			`/v1/products/${sub.product_id}`,
		]);
		const [plan] = jsonOf(
			await onSim({ resource: 'subscription', operation: 'getPlan', subscriptionId: byId(sub.id) }),
		);
		expect(plan.currency).toBe(currency);
		expect(plan.plan_price).toBe((plan.plan_price_cents as number) / perUnit);
	});

	it('Get Many reads each distinct product once, and none without Simplify', async () => {
		sim.clearRequests();
		const records = jsonOf(await onSim({ resource: 'subscription', operation: 'getMany', limit: 40 }));
		const products = [...new Set(records.map((record) => record.product_id))];
		// Subscriptions sharing a product, so that "once per product" is not "once per subscription".
		expect(records.length).toBeGreaterThan(products.length);
		for (const record of records) {
			expect(record.currency).toBe(currency);
			expect(record.recurring_price).toBe((record.recurring_price_cents as number) / perUnit);
		}
		const reads = sim.requests({ method: 'GET', path: PRODUCT_READ }).map((r) => r.path);
		expect(reads.sort()).toEqual(products.map((id) => `/v1/products/${String(id)}`).sort());

		sim.clearRequests();
		const raw = jsonOf(
			await onSim({ resource: 'subscription', operation: 'getMany', limit: 40, simplify: false }),
		);
		expect(raw[0]).not.toHaveProperty('currency');
		expect(sim.requests({ path: PRODUCT_READ })).toEqual([]);
	});

	it('a product SamCart does not find (404) leaves its subscriptions at currency null, asked once', async () => {
		const first = jsonOf(await onSim({ resource: 'subscription', operation: 'getMany', limit: 40 }));
		const counts = new Map<unknown, number>();
		for (const record of first) counts.set(record.product_id, (counts.get(record.product_id) ?? 0) + 1);
		const [gone] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
		expect(counts.get(gone)).toBeGreaterThan(1);
		sim.setFaults({
			rules: [{ method: 'GET', path: `/products/${String(gone)}`, action: { type: 'status', status: 404 } }],
		});
		sim.clearRequests();
		try {
			const records = jsonOf(await onSim({ resource: 'subscription', operation: 'getMany', limit: 40 }));
			for (const record of records) {
				if (record.product_id === gone) {
					expect(record).toMatchObject({ currency: null, recurring_price: null, initial_price: null });
					expect(Number.isSafeInteger(record.recurring_price_cents)).toBe(true);
				} else expect(record.currency).toBe(currency);
			}
			expect(sim.requests({ path: `/v1/products/${String(gone)}` })).toHaveLength(1);
		} finally {
			sim.setFaults({ rules: [] });
		}
	});
});

// Neither SamCart spec defines cancel_schedule: the node must work the same whether SamCart sends it or not.
describe.each([
	['without', false],
	['with', true],
])('Subscriptions %s the unconfirmed cancel_schedule', (_label, unconfirmedCancelSchedule) => {
	let sim: Simulator;
	const onSim = (parameters: Parameters) =>
		run({
			parameters: { resource: 'subscription', ...parameters },
			baseUrl: sim.baseUrl,
			apiKey: sim.apiKey,
		});

	beforeAll(async () => {
		nock.enableNetConnect();
		sim = await startSimulator({
			size: 'small',
			seed: 20,
			unconfirmedCancelSchedule,
			rateLimit: { limit: 0 },
		});
	});
	afterAll(async () => sim.stop());

	it('Simplify reads scheduled_cancel_date from cancel_schedule when SamCart sends it, else null', async () => {
		const sub = sim.data.subscriptions.find((s) => s.cancel_schedule)!;
		const [simple] = jsonOf(await onSim({ operation: 'get', subscriptionId: byId(sub.id), simplify: true }));
		const [raw] = jsonOf(await onSim({ operation: 'get', subscriptionId: byId(sub.id) }));
		expect('cancel_schedule' in raw).toBe(unconfirmedCancelSchedule);
		expect(simple.scheduled_cancel_date).toBe(
			unconfirmedCancelSchedule ? `${sub.cancel_schedule!.cancel_date.replace(' ', 'T')}Z` : null,
		);
	});

	it('Schedule Cancellation says the date it asked for either way', async () => {
		const target = sim.data.subscriptions.find((s) => s.status === 'active' && !s.cancel_schedule)!;
		const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
		const [output] = jsonOf(
			await onSim({
				operation: 'scheduleCancel',
				subscriptionId: byId(target.id),
				cancelWhen: 'custom',
				scheduleDate: `${day}T00:00:00`,
			}),
		);
		expect(output).toMatchObject({
			subscription_id: target.id,
			scheduled: true,
			cancel_when: 'custom',
			schedule_date: day,
			scheduled_cancel_date: unconfirmedCancelSchedule ? `${day}T00:00:00Z` : null,
		});
	});
});
