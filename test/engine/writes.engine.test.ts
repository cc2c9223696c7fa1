/**
 * Writes through the REAL n8n engine against the simulator (issue 21, defects 2, 6 and 7b): what reaches SamCart
 * when n8n's own Retry On Fail setting is on, when an ID arrives by expression in a shape that names another
 * record, and when a partial refund asks for more than is left. The simulator's request log is the proof.
 * Also the README's promise that a write is never sent twice once it may have reached SamCart, through n8n's own
 * HTTP helper: SamCart carries the write out and the connection drops before the answer leaves (fault `dropAfter`).
 */
import nock from 'nock';
import type { IDataObject, INode } from 'n8n-workflow';
import { startSimulator, type FaultRule, type Simulator } from '../../dev/samcart-simulator';
import { addToOrderRefusal } from '../../dev/samcart-simulator/writes';
import {
	availableLines,
	closeEngines,
	executeWorkflow,
	loadEngine,
	type N8nLine,
	type WorkflowJson,
} from './harness';

jest.setTimeout(120_000);

let sim: Simulator;
const creds = () => ({ samCartApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl } });
const MISSING = 999999999;
/** n8n's own node setting, as the editor saves it (the engine waits at least 1 s between tries whatever we ask). */
const RETRY_ON_FAIL: Partial<INode> = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

beforeAll(async () => {
	sim = await startSimulator({
		size: 'small',
		seed: 42,
		now: '2026-11-01T00:00:00Z',
		rateLimit: { limit: 0 },
	});
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});

afterAll(async () => {
	nock.enableNetConnect();
	await sim?.stop();
	await closeEngines();
});

/** Manual Trigger → SamCart; the trigger's output is pinned to `items`, one SamCart call per item. */
function workflow(parameters: IDataObject, settings: Partial<INode> = {}): WorkflowJson {
	return {
		nodes: [
			{
				id: 'm',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 's',
				name: 'SamCart',
				type: 'n8n-nodes-samcart.samCart',
				typeVersion: 1,
				position: [200, 0],
				parameters,
				...settings,
			} as INode,
		],
		connections: { Manual: { main: [[{ node: 'SamCart', type: 'main', index: 0 }]] } },
	};
}

const runWith = async (line: N8nLine, wf: WorkflowJson, items: IDataObject[]) =>
	await executeWorkflow(wf, { line, credentials: creds(), pinData: { Manual: items } });

const locator = (mode: 'id' | 'url', value: string) => ({ __rl: true, mode, value });
const fromItem = (field: string, mode: 'id' | 'url' = 'id') => locator(mode, `={{ $json.${field} }}`);

const used = new Set<number>();
/** A USD charge nobody has refunded yet (in the dataset nor in an earlier test), big enough for partial refunds. */
function freshCharge() {
	const refunded = new Set(sim.data.refunds.map((refund) => refund.charge_id));
	const charge = sim.data.charges.find(
		(c) =>
			!used.has(c.id) &&
			!refunded.has(c.id) &&
			c.charge_refund_status === null &&
			c.currency === 'USD' &&
			c.total > 5000,
	);
	if (!charge) throw new Error('the simulator has no refundable charge left');
	used.add(charge.id);
	return charge;
}

/** An order and a product the simulator will charge on it, not used by an earlier test. */
function chargeablePair() {
	const products = sim.data.products.filter((p) => p.status === 'live');
	for (const order of sim.data.orders) {
		if (used.has(order.id)) continue;
		const product = products.find((p) => !addToOrderRefusal(sim.data, order, p.id));
		if (product) {
			used.add(order.id);
			return { order, product };
		}
	}
	throw new Error('the simulator has no chargeable order left');
}

const posts = () => sim.requests({ method: 'POST' });
const refundsOf = (chargeId: number) => sim.data.refunds.filter((r) => r.charge_id === chargeId);

/** An active subscription not used by an earlier test. */
function freshSubscription() {
	const subscription = sim.data.subscriptions.find((s) => !used.has(s.id) && s.status === 'active');
	if (!subscription) throw new Error('the simulator has no active subscription left');
	used.add(subscription.id);
	return subscription;
}

/** The next request to `path` (below /v1) is carried out by the simulator, whose answer then never arrives. */
const answerLost = (method: 'GET' | 'POST', path: string): FaultRule => ({
	method,
	path,
	times: 1,
	action: { type: 'dropAfter' },
});

/** What a request log entry shows: which request, which fault, what SamCart would have answered. */
const logged = (method: string) =>
	sim.requests({ method }).map((request) => [request.path, request.fault, request.status]);

/** The transport's words for a write whose answer never came (nodes/SamCart/transport/errors.ts NOT_REPEATED). */
const NOT_SENT_AGAIN =
	/^It was not sent again automatically, because SamCart may already have carried it out \(a second attempt could refund or charge twice\)/;

interface LostWrite {
	parameters: IDataObject;
	/** The POST's path below /v1. */
	path: string;
	/** What the simulator's data shows of the write, and what it must show after exactly one. */
	effect: () => unknown;
	once: unknown;
}

const LOST_WRITES: Array<[string, () => LostWrite]> = [
	[
		'Charge Refund (partial)',
		() => {
			const charge = freshCharge();
			return {
				parameters: {
					resource: 'charge',
					operation: 'refund',
					chargeId: locator('id', String(charge.id)),
					refundType: 'partial',
					amount: 1,
				},
				path: `/refunds/charges/${charge.id}/`,
				effect: () => refundsOf(charge.id).map((refund) => refund.refund_amount),
				once: [100],
			};
		},
	],
	[
		'Subscription Cancel',
		() => {
			const { id } = freshSubscription();
			return {
				parameters: { resource: 'subscription', operation: 'cancel', subscriptionId: locator('id', String(id)) },
				path: `/subscriptions/${id}/cancel`,
				effect: () => ({
					status: sim.data.subscription(id)?.status,
					cancellations: sim.data.history.filter((h) => h.subscription_id === id && h.new_status === 'canceled')
						.length,
				}),
				once: { status: 'canceled', cancellations: 1 },
			};
		},
	],
	[
		'Order Add Product',
		() => {
			const { order, product } = chargeablePair();
			const itemsBefore = order.cart_items.length;
			return {
				parameters: {
					resource: 'order',
					operation: 'addProduct',
					orderId: locator('id', String(order.id)),
					productId: locator('id', String(product.id)),
				},
				path: `/orders/${order.id}/add-to-order`,
				effect: () => sim.data.order(order.id)?.cart_items.slice(itemsBefore).map((item) => item.product_id),
				once: [product.id],
			};
		},
	],
];

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	describe('Retry On Fail on a write (defect 2)', () => {
		test('Charge Refund, item 2 an unknown charge: nothing is sent, and the run says why and how to fix it', async () => {
			const charge = freshCharge();
			sim.clearRequests();
			const r = await runWith(
				line,
				workflow(
					{
						resource: 'charge',
						operation: 'refund',
						chargeId: fromItem('charge'),
						refundType: 'partial',
						amount: 1,
					},
					RETRY_ON_FAIL,
				),
				[{ charge: charge.id }, { charge: MISSING }],
			);
			expect(posts().map((p) => p.path)).toEqual([]);
			expect(sim.requests()).toEqual([]);
			expect(refundsOf(charge.id)).toEqual([]);
			expect(r.finished).toBe(false);
			expect(r.errorNode).toBe('SamCart');
			expect(r.error?.message).toBe(
				'Retry On Fail is on: "Refund a charge" could be sent to SamCart more than once',
			);
			expect(r.error?.description).toMatch(
				/Nothing was sent. Turn Retry On Fail off in this node's Settings/,
			);
		});

		test('Order Add Product, item 2 an unknown order: nothing is charged', async () => {
			const { order, product } = chargeablePair();
			const chargesBefore = sim.data.charges.length;
			sim.clearRequests();
			const r = await runWith(
				line,
				workflow(
					{
						resource: 'order',
						operation: 'addProduct',
						orderId: fromItem('order'),
						productId: locator('id', String(product.id)),
					},
					RETRY_ON_FAIL,
				),
				[{ order: order.id }, { order: MISSING }],
			);
			expect(posts().map((p) => p.path)).toEqual([]);
			expect(sim.requests()).toEqual([]);
			expect(sim.data.charges).toHaveLength(chargesBefore);
			expect(r.finished).toBe(false);
			expect(r.error?.message).toBe(
				'Retry On Fail is on: "Add a product to an order" could be sent to SamCart more than once',
			);
		});

		test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
			'with On Error "%s", nothing is sent and every item is an error item saying so, none a success',
			async (onError) => {
				const engine = await loadEngine(line);
				const charge = freshCharge();
				sim.clearRequests();
				const r = await runWith(
					line,
					workflow(
						{ resource: 'charge', operation: 'refund', chargeId: fromItem('charge') },
						{ ...RETRY_ON_FAIL, onError },
					),
					[{ charge: charge.id }, { charge: MISSING }],
				);
				expect(sim.requests()).toEqual([]);
				expect(refundsOf(charge.id)).toEqual([]);
				expect(r.finished).toBe(true);
				const [success, failure = []] = r.outputs.SamCart;
				const errorItems = onError === 'continueErrorOutput' ? failure : success;
				if (onError === 'continueErrorOutput') expect(success).toEqual([]);
				expect(errorItems.map((item) => item.error)).toEqual([
					'Retry On Fail is on: "Refund a charge" could be sent to SamCart more than once',
					'Retry On Fail is on: "Refund a charge" could be sent to SamCart more than once',
				]);
				// our refusal, not an answer from SamCart (that would be a NodeApiError)
				const output = r.run.data.resultData.runData.SamCart[0].data?.main;
				const kept = output?.flatMap((items) => items ?? []).map((item) => item.error);
				expect(kept).toHaveLength(2);
				for (const error of kept ?? []) {
					expect(error).toBeInstanceOf(engine.workflow.NodeOperationError);
					expect(error).not.toBeInstanceOf(engine.workflow.NodeApiError);
				}
			},
		);

		test('Retry On Fail off: a 404 on item 2 fails the run, and item 1’s refund was sent once', async () => {
			const charge = freshCharge();
			sim.clearRequests();
			const r = await runWith(
				line,
				workflow({
					resource: 'charge',
					operation: 'refund',
					chargeId: fromItem('charge'),
					refundType: 'partial',
					amount: 1,
				}),
				[{ charge: charge.id }, { charge: MISSING }],
			);
			expect(r.error?.message).toBe(`Charge ${MISSING} was not found`);
			expect(posts().map((p) => p.path)).toEqual([`/v1/refunds/charges/${charge.id}/`]);
			expect(refundsOf(charge.id).map((refund) => refund.refund_amount)).toEqual([100]);
		});
	});

	describe('IDs by expression that name another record (defect 6)', () => {
		test('Charge Refund refuses an order URL, a path, an array or a URL of another record before sending', async () => {
			const [a, b, c, d] = [freshCharge(), freshCharge(), freshCharge(), freshCharge()];
			const items = [
				{ ref: `https://app.samcart.com/app/orders/${a.id}`, mode: 'id' },
				{ ref: `1/../../refunds/charges/${b.id}`, mode: 'id' },
				{ ref: [c.id], mode: 'id' },
				{ ref: `https://app.samcart.com/app/charges/${d.id}/../../orders/5`, mode: 'url' },
				{ ref: `https://app.samcart.com/app/orders/${d.id}`, mode: 'url' },
			];
			sim.clearRequests();
			const r = await runWith(
				line,
				workflow(
					{ resource: 'charge', operation: 'refund', chargeId: fromItem('ref'), refundType: 'full' },
					{ onError: 'continueRegularOutput' },
				),
				items.filter((item) => item.mode === 'id'),
			);
			const u = await runWith(
				line,
				workflow(
					{ resource: 'charge', operation: 'refund', chargeId: fromItem('ref', 'url'), refundType: 'full' },
					{ onError: 'continueRegularOutput' },
				),
				items.filter((item) => item.mode === 'url'),
			);
			expect(sim.requests()).toEqual([]);
			for (const charge of [a, b, c, d]) expect(refundsOf(charge.id)).toEqual([]);
			expect(r.runData.SamCart.map((item) => item.error)).toEqual([
				`Charge ID "https://app.samcart.com/app/orders/${a.id}" is not valid`,
				`Charge ID "1/../../refunds/charges/${b.id}" is not valid`,
				`Charge ID "[${c.id}]" is not valid`,
			]);
			expect(u.runData.SamCart.map((item) => item.error)).toEqual([
				`Charge URL "https://app.samcart.com/app/charges/${d.id}/../../orders/5" is not the address of a charge`,
				`Charge URL "https://app.samcart.com/app/orders/${d.id}" is not the address of a charge`,
			]);
		});

		test('a number, a digit string and a charge’s own URL still find the charge', async () => {
			const [a, b, c] = [freshCharge(), freshCharge(), freshCharge()];
			sim.clearRequests();
			const r = await runWith(
				line,
				workflow({
					resource: 'charge',
					operation: 'get',
					chargeId: locator('id', '={{ $json.n ?? String($json.s) }}'),
				}),
				[{ n: a.id }, { s: b.id }],
			);
			const u = await runWith(
				line,
				workflow({ resource: 'charge', operation: 'get', chargeId: fromItem('url', 'url') }),
				[{ url: `https://app.samcart.com/app/charges/${c.id}` }],
			);
			expect(r.error).toBeUndefined();
			expect(u.error).toBeUndefined();
			expect([...r.runData.SamCart, ...u.runData.SamCart].map((charge) => charge.id)).toEqual([
				a.id,
				b.id,
				c.id,
			]);
		});
	});

	describe('Partial refund of more than is left (defect 7b)', () => {
		test('refused with the cents left and asked, before anything is POSTed; Full then refunds the rest', async () => {
			const charge = freshCharge();
			const refund = (parameters: IDataObject) =>
				runWith(
					line,
					workflow({
						resource: 'charge',
						operation: 'refund',
						chargeId: locator('id', String(charge.id)),
						...parameters,
					}),
					[{}],
				);
			const first = await refund({ refundType: 'partial', amount: (charge.total - 500) / 100 });
			expect(first.error).toBeUndefined();

			sim.clearRequests();
			const tooMuch = await refund({ refundType: 'partial', amount: 10 });
			expect(tooMuch.finished).toBe(false);
			expect(tooMuch.error?.message).toBe(
				`Amount "10" is not valid: charge ${charge.id} has 500 cents left to refund, 1000 cents were asked`,
			);
			expect(posts()).toEqual([]);

			const rest = await refund({ refundType: 'full' });
			expect(rest.error).toBeUndefined();
			expect(rest.runData.SamCart).toMatchObject([{ refund_amount: 500, charge_refund_status: 'refunded' }]);
			expect(refundsOf(charge.id).map((r) => r.refund_amount)).toEqual([charge.total - 500, 500]);
		});
	});

	describe('SamCart carried the request out, then the connection dropped before its answer (README: never sent twice)', () => {
		afterEach(() => sim.clearFaults());

		test.each(LOST_WRITES)(
			'%s: one POST reached SamCart, it took effect once, and the run fails saying it was not sent again',
			async (_name, prepare) => {
				const write = prepare();
				sim.clearRequests();
				sim.setFaults({ rules: [answerLost('POST', write.path)] });
				const r = await runWith(line, workflow(write.parameters), [{}]);
				expect(logged('POST')).toEqual([[`/v1${write.path}`, 'dropAfter', 200]]);
				expect(write.effect()).toEqual(write.once);
				expect(r.finished).toBe(false);
				expect(r.errorNode).toBe('SamCart');
				expect(r.error?.message).toBe('SamCart could not be reached (ECONNRESET)');
				expect(r.error?.description).toMatch(NOT_SENT_AGAIN);
			},
		);

		test('Order Get: a read whose answer was lost is sent again and the order comes back', async () => {
			const order = sim.data.orders[0];
			sim.clearRequests();
			sim.setFaults({ rules: [answerLost('GET', `/orders/${order.id}`)] });
			const r = await runWith(
				line,
				workflow({ resource: 'order', operation: 'get', orderId: locator('id', String(order.id)) }),
				[{}],
			);
			expect(r.error).toBeUndefined();
			expect(r.runData.SamCart.map((item) => item.id)).toEqual([order.id]);
			expect(logged('GET')).toEqual([
				[`/v1/orders/${order.id}`, 'dropAfter', 200],
				[`/v1/orders/${order.id}`, undefined, 200],
			]);
			expect(sim.requests({ method: 'POST' })).toEqual([]);
		});
	});
});
