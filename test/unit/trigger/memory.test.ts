/**
 * Ignore Duplicate Deliveries as n8n drives it: every delivery gets its OWN copy of the static data, loaded from the
 * database before it (so copies arriving together cannot see each other there), and n8n saves that copy only
 * afterwards. The real-server proof on both n8n lines is test/e2e/duplicates.e2e.test.ts.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { DeliveryMemory, DEDUPE_MEMORY, RECENT_KEY } from '../../../nodes/SamCart/trigger/memory';
import { TEST_API_KEY } from '../helpers/fakeN8nContext';
import { deliver, hookContext, json, samplePayload, trigger } from './helpers';

const TEST_BASE_URL = 'https://api.samcart.com/v1';

const params = (options: IDataObject) => ({
	parameters: { events: ['newOrder'], options: { ignoreDuplicates: true, ...options } },
});

/** One stored workflow: what n8n's database holds between deliveries. */
function storedWorkflow(workflowId: string) {
	let saved: IDataObject = {};
	return {
		workflowId,
		/** A delivery: a fresh copy of the saved data, saved back when the webhook is done (as n8n does). */
		async deliver(payload: IDataObject, extra: IDataObject = {}) {
			const staticData = structuredClone(saved);
			const delivery = await deliver({ ...params(extra), ...json(payload), staticData, workflowId });
			saved = structuredClone(staticData);
			return delivery;
		},
		async activate() {
			const staticData = structuredClone(saved);
			await trigger.webhookMethods.default.create.call(
				hookContext({ ...params({}), staticData, workflowId }),
			);
			saved = staticData;
		},
		async deactivate() {
			const staticData = structuredClone(saved);
			await trigger.webhookMethods.default.delete.call(
				hookContext({ ...params({}), staticData, workflowId }),
			);
			saved = staticData;
		},
		saved: () => saved,
	};
}

afterEach(() => nock.cleanAll());

describe('Ignore Duplicate Deliveries: one memory across copies of the static data', () => {
	it('20 copies at once, each with its own copy of the static data: one execution, 19 duplicates', async () => {
		const wf = storedWorkflow('wf-burst');
		await wf.activate();
		const results = await Promise.all(Array.from({ length: 20 }, () => wf.deliver(samplePayload())));
		const accepted = results.filter((r) => r.items.length === 1);
		expect(accepted).toHaveLength(1);
		expect(results.filter((r) => r.body.ignored === 'duplicate')).toHaveLength(19);
		// what n8n saves for the accepted delivery holds its id
		expect(accepted[0].staticData[RECENT_KEY]).toEqual([accepted[0].body.eventId]);
	});

	it('answers an accepted event itself (so n8n 2.x saves the memory before building the execution)', async () => {
		const wf = storedWorkflow('wf-answer');
		await wf.activate();
		const first = await wf.deliver(samplePayload());
		expect(first.response).toMatchObject({
			status: 200,
			ended: true,
			body: { received: true, event: 'newOrder', eventId: expect.any(String) },
		});
		expect(first.result).toMatchObject({
			noWebhookResponse: true,
			workflowData: [[{ json: { eventId: first.body.eventId } }]],
		});
		expect(first.result.webhookResponse).toBeUndefined();
	});

	it('remembers across a restart through the saved static data alone', async () => {
		const before = storedWorkflow('wf-restart');
		await before.activate();
		const first = await before.deliver(samplePayload());
		// another process (or this one after a restart): nothing in its memory, only what the database holds
		const staticData = structuredClone(before.saved());
		const after = await deliver({
			...params({}),
			...json(samplePayload()),
			staticData,
			workflowId: 'wf-restart-elsewhere',
		});
		expect(after.body).toEqual({
			received: true,
			ignored: 'duplicate',
			event: 'newOrder',
			eventId: first.body.eventId,
		});
	});

	it('a copy that arrives while Verify is still asking SamCart is a duplicate; a refused event is forgotten', async () => {
		const wf = storedWorkflow('wf-verify');
		await wf.activate();
		const payload = samplePayload();
		const order = (payload.order as IDataObject).id;
		nock(TEST_BASE_URL)
			.matchHeader('sc-api', TEST_API_KEY)
			.get(`/orders/${order}`)
			.reply(404, { success: false, error: 'Not found' })
			.get(`/orders/${order}`)
			.reply(200, { id: order, test_mode: false });
		// both start before either is answered: the first is still waiting for SamCart when the copy is read
		const [first, second] = await Promise.all([
			wf.deliver(payload, { verify: true }),
			wf.deliver(payload, { verify: true }),
		]);
		// the first is refused (404 → 422) and forgotten; the copy arrived while it was being checked: a duplicate
		expect([first.status, second.body.ignored]).toEqual([422, 'duplicate']);
		expect(wf.saved()[RECENT_KEY]).toEqual([]);
		// SamCart tries again later: now the order exists, and the event runs
		const retry = await wf.deliver(payload, { verify: true });
		expect(retry.items).toHaveLength(1);
	});

	it('deactivating and activating again starts with an empty memory, in this process too', async () => {
		const wf = storedWorkflow('wf-reactivate');
		await wf.activate();
		expect((await wf.deliver(samplePayload())).items).toHaveLength(1);
		expect((await wf.deliver(samplePayload())).body.ignored).toBe('duplicate');
		await wf.deactivate();
		await wf.activate();
		expect((await wf.deliver(samplePayload())).items).toHaveLength(1);
	});

	it('keeps no memory for test runs (Listen for test event): a resent test event runs again', async () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < 2; i++) {
			const run = await deliver({ ...params({}), ...json(samplePayload()), staticData, mode: 'manual' });
			expect(run.items).toHaveLength(1);
		}
		expect(staticData).toEqual({});
	});

	it(`keeps the newest ${DEDUPE_MEMORY} event IDs`, () => {
		const staticData: IDataObject = {};
		const memory = new DeliveryMemory('bounded', staticData);
		for (let i = 0; i <= DEDUPE_MEMORY; i++) memory.remember({ eventId: `id${i}` });
		expect(staticData[RECENT_KEY]).toHaveLength(DEDUPE_MEMORY);
		expect(memory.seen({ eventId: 'id0' }).event).toBe(false);
		expect(memory.seen({ eventId: `id${DEDUPE_MEMORY}` }).event).toBe(true);
	});
});

describe('Once Per Order', () => {
	const HOUR = 3_600_000;
	const t0 = Date.parse('2026-11-02T10:00:00Z');
	const checkout = [
		{ id: 1, name: 'Course', price: '97.00', role: 'primary' },
		{ id: 2, name: 'Workbook', price: '19.00', role: 'bump' },
		{ id: 3, name: 'Coaching call', price: '30.00', role: 'upsell' },
	].map((product) => samplePayload('Product Purchased', { product, order: { id: 4242, total: '146.00' } }));

	afterEach(() => jest.restoreAllMocks());

	const at = (ms: number) => jest.spyOn(Date, 'now').mockReturnValue(ms);

	it('a checkout with a bump and a later upsell: the first delivery runs, the other two are ignored', async () => {
		const wf = storedWorkflow('wf-once');
		await wf.activate();
		at(t0);
		const first = await wf.deliver(checkout[0], { oncePerOrder: true });
		at(t0 + 1000);
		const bump = await wf.deliver(checkout[1], { oncePerOrder: true });
		at(t0 + 5 * 60_000);
		const upsell = await wf.deliver(checkout[2], { oncePerOrder: true });
		expect(first.items).toHaveLength(1);
		expect([bump.body, upsell.body]).toEqual([
			{ received: true, ignored: 'order_already_seen', event: 'newOrder', eventId: bump.body.eventId },
			{ received: true, ignored: 'order_already_seen', event: 'newOrder', eventId: upsell.body.eventId },
		]);
		// without it: three executions whose item amounts add up to the order total
		const all = await Promise.all(
			checkout.map((payload) => deliver({ ...params({ ignoreDuplicates: false }), ...json(payload) })),
		);
		const amounts = all.map((d) => (d.items[0].summary as IDataObject).amount_cents as number);
		expect(amounts.reduce((a, b) => a + b, 0)).toBe(14600);
	});

	it('counts per event: a refund of the same order still runs', async () => {
		const wf = storedWorkflow('wf-once-events');
		await wf.activate();
		at(t0);
		const settings = { oncePerOrder: true };
		expect(
			(
				await deliver({
					parameters: { events: ['newOrder', 'newRefund'], options: settings },
					...json(checkout[0]),
					staticData: wf.saved(),
					workflowId: wf.workflowId,
				})
			).items,
		).toHaveLength(1);
		const refund = samplePayload('Refund', { order: { id: 4242, total: '146.00' } });
		expect(
			(
				await deliver({
					parameters: { events: ['newOrder', 'newRefund'], options: settings },
					...json(refund),
					staticData: wf.saved(),
					workflowId: wf.workflowId,
				})
			).items,
		).toHaveLength(1);
	});

	it('after the window the order runs again; the window is the option, and it survives a restart', async () => {
		const wf = storedWorkflow('wf-once-window');
		await wf.activate();
		at(t0);
		await wf.deliver(checkout[0], { oncePerOrder: true, oncePerOrderHours: 2 });
		// another process (or after a restart): only the static data knows
		at(t0 + 2 * HOUR - 1);
		const staticData = structuredClone(wf.saved());
		const within = await deliver({
			...params({ oncePerOrder: true, oncePerOrderHours: 2 }),
			...json(checkout[1]),
			staticData,
			workflowId: 'elsewhere',
		});
		expect(within.body.ignored).toBe('order_already_seen');
		at(t0 + 2 * HOUR + 1);
		const after = await wf.deliver(checkout[1], { oncePerOrder: true, oncePerOrderHours: 2 });
		expect(after.items).toHaveLength(1);
	});

	it('copies of one order arriving together: one runs', async () => {
		const wf = storedWorkflow('wf-once-burst');
		await wf.activate();
		at(t0);
		const results = await Promise.all(checkout.map((payload) => wf.deliver(payload, { oncePerOrder: true })));
		expect(results.filter((r) => r.items.length === 1)).toHaveLength(1);
	});

	it('refuses a window that is not a number of hours', async () => {
		await expect(
			deliver({ ...params({ oncePerOrder: true, oncePerOrderHours: 'soon' }), ...json(checkout[0]) }),
		).rejects.toThrow(/Once Per Order Window "soon" is not valid/);
	});
});
