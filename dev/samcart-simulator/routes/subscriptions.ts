import { commonFilter, dateRange } from '../filters';
import { intParam, jsonBody, notFound, type RequestContext } from '../http';
import { paginate } from '../pagination';
import { ok, type Route, type SimState } from '../state';
import type { SubscriptionHistory } from '../types';
import { cancelSubscription, scheduleCancel, updateRebillingDate } from '../writes';
import { chargeFilter } from './charges';
import { subscriptionFilter } from './orders';

const getSub = (ctx: RequestContext, s: SimState) => {
	const sub = s.data.subscription(intParam(ctx, 'id'));
	if (!sub) throw notFound();
	return sub;
};

export const subscriptionRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/subscriptions',
		handler: (ctx, s) => ok(paginate(ctx, s.data.subscriptions, subscriptionFilter(ctx, s))),
	},
	{
		method: 'GET',
		pattern: '/subscriptions/:id',
		handler: (ctx, s) => {
			const sub = getSub(ctx, s);
			if (!subscriptionFilter(ctx, s)(sub)) throw notFound();
			return ok(sub);
		},
	},
	{
		method: 'GET',
		pattern: '/subscriptions/:id/charges',
		handler: (ctx, s) => ok((s.data.indexes.chargesBySubscription.get(getSub(ctx, s).id) ?? []).filter(chargeFilter(ctx))),
	},
	{
		method: 'GET',
		pattern: '/subscriptions/:id/customer',
		handler: (ctx, s) => ok(s.data.customer(getSub(ctx, s).customer_id) ?? null),
	},
	{
		method: 'GET',
		pattern: '/subscriptions/:id/history',
		handler: (ctx, s) =>
			ok(
				(s.data.indexes.historyBySubscription.get(getSub(ctx, s).id) ?? []).filter(
					commonFilter<SubscriptionHistory>(ctx, (h) => h.change_date),
				),
			),
	},
	{
		method: 'GET',
		pattern: '/subscriptions/:id/plan',
		handler: (ctx, s) => {
			dateRange(ctx, 'created_at'); // validated; a plan carries no created_at, so the filter cannot exclude it
			const plan = s.data.planByProduct.get(getSub(ctx, s).product_id);
			if (!plan) throw notFound();
			return ok(plan);
		},
	},
	{ method: 'POST', pattern: '/subscriptions/:id/cancel', handler: (ctx, s) => ok(cancelSubscription(s.data, intParam(ctx, 'id'), jsonBody(ctx), s.clock())) },
	{ method: 'POST', pattern: '/subscriptions/:id/scheduleCancel', handler: (ctx, s) => ok(scheduleCancel(s.data, intParam(ctx, 'id'), jsonBody(ctx), s.clock())) },
	{ method: 'POST', pattern: '/subscriptions/:id/update', handler: (ctx, s) => ok(updateRebillingDate(s.data, intParam(ctx, 'id'), jsonBody(ctx), s.clock())) },
];
