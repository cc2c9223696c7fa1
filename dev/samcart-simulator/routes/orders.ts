import { commonFilter, dateRange, enumFilter, inRange, testModeFilter } from '../filters';
import { intParam, jsonBody, notFound, type RequestContext } from '../http';
import { paginate } from '../pagination';
import { ok, type Route, type SimState } from '../state';
import { formatTimestamp } from '../time';
import { SUBSCRIPTION_STATUSES, type Order, type Subscription } from '../types';
import { addToOrder, addToOrderRefusal, chargeProductOnOrder, updateCustomField, validateBatch } from '../writes';
import { chargeFilter } from './charges';

export const orderFilter = (ctx: RequestContext) =>
	commonFilter<Order>(ctx, (o) => o.order_date, (o) => o.test_mode);

/** Subscription filters (§3 #5, #23, #30): created/rebilling/canceled ranges, status, type, test_mode. */
export function subscriptionFilter(ctx: RequestContext, state: SimState) {
	const created = dateRange(ctx, 'created_at');
	const rebilling = dateRange(ctx, 'rebilling_at');
	const canceled = dateRange(ctx, 'canceled_at');
	const status = enumFilter(ctx, 'status', SUBSCRIPTION_STATUSES);
	const type = enumFilter(ctx, 'type', ['limited_subscription', 'recurring_subscription'] as const);
	const tm = testModeFilter(ctx);
	return (s: Subscription) =>
		inRange(s.created_at, created) &&
		inRange(s.next_rebilling_date, rebilling) &&
		inRange(state.data.subscriptionMeta.get(s.id)?.canceled_at ?? null, canceled) &&
		(status === undefined || s.status === status) &&
		(type === undefined || s.type === type) &&
		(tm === undefined || s.test_mode === tm);
}

const getOrder = (ctx: RequestContext, state: SimState) => {
	const order = state.data.order(intParam(ctx, 'id'));
	if (!order) throw notFound();
	return order;
};

let batchCounter = 0;

export const orderRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/orders',
		handler: (ctx, state) => ok(paginate(ctx, state.data.orders, orderFilter(ctx))),
	},
	{
		method: 'GET',
		pattern: '/orders/:id',
		handler: (ctx, state) => {
			const order = getOrder(ctx, state);
			// Our reading: a single GET that does not satisfy its filters is "not found".
			if (!orderFilter(ctx)(order)) throw notFound();
			return ok(order);
		},
	},
	{
		method: 'GET',
		pattern: '/orders/:id/charges',
		handler: (ctx, state) => {
			const order = getOrder(ctx, state);
			return ok((state.data.indexes.chargesByOrder.get(order.id) ?? []).filter(chargeFilter(ctx)));
		},
	},
	{
		method: 'GET',
		pattern: '/orders/:id/customer',
		handler: (ctx, state) => ok(state.data.customer(getOrder(ctx, state).customer_id) ?? null),
	},
	{
		method: 'GET',
		pattern: '/orders/:id/subscriptions',
		handler: (ctx, state) => {
			const order = getOrder(ctx, state);
			return ok((state.data.indexes.subscriptionsByOrder.get(order.id) ?? []).filter(subscriptionFilter(ctx, state)));
		},
	},
	{
		method: 'PUT',
		pattern: '/orders/:id',
		handler: (ctx, state) => ok(updateCustomField(state.data, intParam(ctx, 'id'), jsonBody(ctx))),
	},
	{
		method: 'POST',
		pattern: '/orders/:id/add-to-order',
		handler: (ctx, state) => ok(addToOrder(state.data, intParam(ctx, 'id'), jsonBody(ctx), state.clock())),
	},
	{
		method: 'POST',
		pattern: '/orders/batch-add-to-order',
		handler: (ctx, state) => {
			const { order_ids, product_ids } = validateBatch(jsonBody(ctx));
			batchCounter++;
			const batch_id = `00000000-0000-4000-8000-${String(batchCounter).padStart(12, '0')}`;
			state.batches.set(batch_id, { batch_id, order_ids, product_ids, created_at: formatTimestamp(state.clock()), polls: 0 });
			return ok({ batch_id }, 202);
		},
	},
	{
		method: 'GET',
		pattern: '/orders/batch-add-to-order/:batchId',
		handler: (ctx, state) => {
			const batch = state.batches.get(ctx.params.batchId);
			if (!batch) throw notFound();
			const total = batch.order_ids.length * batch.product_ids.length;
			batch.polls++;
			// Response shape is undocumented (§8.1): our reading. "processing" for the first N polls, then completed.
			if (batch.polls <= state.batchProcessingPolls) {
				return ok({
					batch_id: batch.batch_id,
					status: 'processing',
					total,
					processed: Math.floor((total * batch.polls) / (state.batchProcessingPolls + 1)),
					succeeded: null,
					failed: null,
					created_at: batch.created_at,
					results: null,
				});
			}
			if (!batch.results) {
				batch.results = [];
				for (const orderId of batch.order_ids) {
					for (const productId of batch.product_ids) {
						const order = state.data.order(orderId);
						const error = !order
							? 'Order not found'
							: !state.data.product(productId)
								? 'Product not found'
								: addToOrderRefusal(state.data, order, productId);
						if (error || !order) {
							batch.results.push({ order_id: orderId, product_id: productId, status: 'failed', charge_id: null, error: error ?? null });
						} else {
							const r = chargeProductOnOrder(state.data, order, productId, state.clock());
							batch.results.push({ order_id: orderId, product_id: productId, status: 'success', charge_id: r.charge_id, error: null });
						}
					}
				}
			}
			const failed = batch.results.filter((r) => r.status === 'failed').length;
			return ok({
				batch_id: batch.batch_id,
				status: 'completed',
				total,
				processed: total,
				succeeded: total - failed,
				failed,
				created_at: batch.created_at,
				results: batch.results,
			});
		},
	},
];

/** Orders list of a funnel / upsell / product (§3 #10, #11, #26): paginated, created_at + test_mode filters. */
export function relatedOrders(kind: 'funnel' | 'upsell' | 'product'): Route['handler'] {
	return (ctx, state) => {
		const id = intParam(ctx, 'id');
		const ds = state.data;
		const exists = kind === 'funnel' ? ds.funnel(id) : kind === 'upsell' ? ds.upsellExists(id) : ds.product(id);
		if (!exists) throw notFound();
		const ix = ds.indexes;
		const list = (kind === 'funnel' ? ix.ordersByFunnel : kind === 'upsell' ? ix.ordersByUpsell : ix.ordersByProduct).get(id) ?? [];
		return ok(paginate(ctx, list, orderFilter(ctx)));
	};
}

