/**
 * Ignore Duplicate Deliveries as n8n drives it: every delivery gets its OWN copy of the static data, loaded from the
 * database before it (so copies arriving together cannot see each other there), and n8n saves that copy only
 * afterwards. The real-server proof on both n8n lines is test/e2e/duplicates.e2e.test.ts.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { DeliveryMemory, DEDUPE_MEMORY, RECENT_KEY } from '../../../nodes/SamCart/trigger/memory';
import { TEST_API_KEY } from '../helpers/fakeN8nContext';

const TEST_BASE_URL = 'https://api.samcart.com/v1';
import { deliver, hookContext, json, samplePayload, trigger } from './helpers';

const params = (options: IDataObject) => ({ parameters: { events: ['newOrder'], options: { ignoreDuplicates: true, ...options } } });

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
			await trigger.webhookMethods.default.create.call(hookContext({ ...params({}), staticData, workflowId }));
			saved = staticData;
		},
		async deactivate() {
			const staticData = structuredClone(saved);
			await trigger.webhookMethods.default.delete.call(hookContext({ ...params({}), staticData, workflowId }));
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
		expect(first.response).toMatchObject({ status: 200, ended: true, body: { received: true, event: 'newOrder', eventId: expect.any(String) } });
		expect(first.result).toMatchObject({ noWebhookResponse: true, workflowData: [[{ json: { eventId: first.body.eventId } }]] });
		expect(first.result.webhookResponse).toBeUndefined();
	});

	it('remembers across a restart through the saved static data alone', async () => {
		const before = storedWorkflow('wf-restart');
		await before.activate();
		const first = await before.deliver(samplePayload());
		// another process (or this one after a restart): nothing in its memory, only what the database holds
		const staticData = structuredClone(before.saved());
		const after = await deliver({ ...params({}), ...json(samplePayload()), staticData, workflowId: 'wf-restart-elsewhere' });
		expect(after.body).toEqual({ received: true, ignored: 'duplicate', event: 'newOrder', eventId: first.body.eventId });
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
		const [first, second] = await Promise.all([wf.deliver(payload, { verify: true }), wf.deliver(payload, { verify: true })]);
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

	it(`keeps at most ${DEDUPE_MEMORY} ids in each place`, () => {
		const staticData: IDataObject = {};
		const memory = new DeliveryMemory('bounded', staticData, 3);
		for (const id of ['a', 'b', 'c', 'd']) expect(memory.claim(id)).toBe(true);
		expect(staticData[RECENT_KEY]).toEqual(['b', 'c', 'd']);
		expect(new DeliveryMemory('bounded', {}, 3).claim('a')).toBe(true);
		expect(new DeliveryMemory('bounded', {}, 3).claim('d')).toBe(false);
	});
});
