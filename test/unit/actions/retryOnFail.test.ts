/**
 * n8n's node setting Retry On Fail runs the whole node again after any error, so every write of the items before
 * the failing one is sent again (issue 21, defect 2). A node doing writes refuses to run with it on, before sending
 * anything; reads run as usual. The real engine's retry is exercised in test/engine/writes.engine.test.ts.
 */
// The transport's waits cost no time here; its policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { RESOURCES } from '../../../nodes/SamCart/actions/resources';
import { createFakeExecuteContext, TEST_NODE } from '../helpers/fakeN8nContext';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';
import { byId } from './support';

const BASE = 'https://api.samcart.com';
const RETRY_ON_FAIL: Partial<INode> = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

/** Runs the node with n8n's node settings, recording every request that leaves it. */
async function runWithSettings(settings: Partial<INode>, options: FakeExecuteOptions) {
	const sent: string[] = [];
	const context = {
		...createFakeExecuteContext({
			...options,
			onRequest: ({ method, url }) => sent.push(`${method} ${new URL(url).pathname}`),
		}),
		getNode: () => ({ ...TEST_NODE, ...settings }),
	};
	const outcome = await new SamCart().execute
		.call(context as unknown as IExecuteFunctions)
		.catch((error: unknown) => error as Error);
	return { outcome, sent };
}

/** Every write, with parameters that make it send its request. */
const WRITES: Array<[string, string, Record<string, unknown>]> = [
	['charge', 'refund', { chargeId: byId(12), refundType: 'full' }],
	['order', 'addProduct', { orderId: byId(42), productId: byId(3) }],
	['order', 'batchAddProducts', { orderIds: '42, 43', productIds: '3' }],
	['order', 'updateCustomField', { orderId: byId(42), customFieldSlug: 'company', customFieldValue: 'Acme' }],
	['subscription', 'cancel', { subscriptionId: byId(12) }],
	['subscription', 'scheduleCancel', { subscriptionId: byId(12), cancelWhen: 'end' }],
	[
		'subscription',
		'updateNextRebillingDate',
		{ subscriptionId: byId(12), nextRebillingDate: '2099-01-01T09:00:00' },
	],
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Retry On Fail and writes', () => {
	it.each(WRITES)(
		'%s > %s with Retry On Fail on: refused before anything is sent, saying why and how to fix it',
		async (resource, operation, parameters) => {
			const action = RESOURCES.find((r) => r.value === resource)!.operations[operation].option.action;
			const { outcome, sent } = await runWithSettings(RETRY_ON_FAIL, {
				items: [{ json: {} }, { json: {} }],
				parameters: { resource, operation, ...parameters },
			});
			expect(sent).toEqual([]);
			expect(outcome).toMatchObject({
				name: 'NodeOperationError',
				message: `Retry On Fail is on: "${action}" could be sent to SamCart more than once`,
			});
			expect((outcome as Error & { description: string }).description).toMatch(
				/Turn Retry On Fail off in this node's Settings/,
			);
		},
	);

	it('exactly the operations that change data are refused; every read runs under Retry On Fail', async () => {
		const refused: string[] = [];
		for (const resource of RESOURCES) {
			for (const operation of Object.keys(resource.operations)) {
				// No parameters and no network: a read fails on something else, or on the request it tries to send.
				const { outcome } = await runWithSettings(RETRY_ON_FAIL, {
					parameters: { resource: resource.value, operation },
				});
				if (/^Retry On Fail is on/.test(String((outcome as Error)?.message))) {
					refused.push(`${resource.value} > ${operation}`);
				}
			}
		}
		expect(refused.sort()).toEqual(WRITES.map(([r, o]) => `${r} > ${o}`).sort());
	});

	it('a read with Retry On Fail on gets its record', async () => {
		nock(BASE).get('/v1/orders/42').reply(200, { id: 42 });
		const { outcome, sent } = await runWithSettings(RETRY_ON_FAIL, {
			parameters: { resource: 'order', operation: 'get', orderId: byId(42) },
		});
		expect(sent).toEqual(['GET /v1/orders/42']);
		expect(outcome).toEqual([[{ json: { id: 42 }, pairedItem: { item: 0 } }]]);
	});

	it('with Continue On Fail, every item is an error item saying it was not sent, none a SamCart answer', async () => {
		const { outcome, sent } = await runWithSettings(RETRY_ON_FAIL, {
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: { resource: 'charge', operation: 'refund', chargeId: byId(12) },
		});
		expect(sent).toEqual([]);
		const [items] = outcome as INodeExecutionData[][];
		expect(items.map((item) => [item.json.error, item.error?.name, item.pairedItem])).toEqual([
			[
				'Retry On Fail is on: "Refund a charge" could be sent to SamCart more than once',
				'NodeOperationError',
				{ item: 0 },
			],
			[
				'Retry On Fail is on: "Refund a charge" could be sent to SamCart more than once',
				'NodeOperationError',
				{ item: 1 },
			],
		]);
		expect(items[0].json.description).toMatch(/Nothing was sent/);
	});

	it('with Retry On Fail off, a write is sent once', async () => {
		nock(BASE).post('/v1/subscriptions/12/cancel').reply(200, { id: 12, status: 'canceled' });
		const { outcome, sent } = await runWithSettings(
			{ retryOnFail: false },
			{ parameters: { resource: 'subscription', operation: 'cancel', subscriptionId: byId(12) } },
		);
		expect(sent).toEqual(['POST /v1/subscriptions/12/cancel']);
		expect(outcome).toMatchObject([[{ json: { subscription_id: 12, canceled: true } }]]);
	});
});
