import { commonFilter } from '../filters';
import { intParam, notFound, type RequestContext } from '../http';
import { paginate } from '../pagination';
import { ok, type Route } from '../state';
import type { Charge, FailedCharge } from '../types';

export const chargeFilter = (ctx: RequestContext) => commonFilter<Charge>(ctx, (c) => c.created_at, (c) => c.test_mode);
const failedFilter = (ctx: RequestContext) => commonFilter<FailedCharge>(ctx, (c) => c.created_at, (c) => c.test_mode);

export const chargeRoutes: Route[] = [
	{ method: 'GET', pattern: '/charges', handler: (ctx, s) => ok(paginate(ctx, s.data.charges, chargeFilter(ctx))) },
	{
		method: 'GET',
		pattern: '/charges/:id',
		handler: (ctx, s) => {
			const charge = s.data.charge(intParam(ctx, 'id'));
			if (!charge || !chargeFilter(ctx)(charge)) throw notFound();
			return ok(charge);
		},
	},
	{
		method: 'GET',
		pattern: '/charges/:id/refunds',
		handler: (ctx, s) => {
			const charge = s.data.charge(intParam(ctx, 'id'));
			if (!charge) throw notFound();
			return ok(s.data.indexes.refundsByCharge.get(charge.id) ?? []);
		},
	},
	{
		method: 'GET',
		pattern: '/charges/:id/refunds/:refundId',
		handler: (ctx, s) => {
			const charge = s.data.charge(intParam(ctx, 'id'));
			const refund = s.data.refund(intParam(ctx, 'refundId'));
			if (!charge || !refund || refund.charge_id !== charge.id) throw notFound();
			return ok(refund);
		},
	},
	{
		method: 'GET',
		pattern: '/failed-charges',
		handler: (ctx, s) => ok(paginate(ctx, s.data.failedCharges, failedFilter(ctx))),
	},
	{
		method: 'GET',
		pattern: '/failed-charges/:id',
		handler: (ctx, s) => {
			const fc = s.data.failedCharge(intParam(ctx, 'id'));
			if (!fc || !failedFilter(ctx)(fc)) throw notFound();
			return ok(fc);
		},
	},
];
