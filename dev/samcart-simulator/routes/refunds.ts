import { commonFilter } from '../filters';
import { intParam, jsonBody, notFound } from '../http';
import { paginate } from '../pagination';
import { ok, type Route } from '../state';
import type { Refund } from '../types';
import { refundCharge } from '../writes';

export const refundRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/refunds',
		// §3 #27 caveat: the reference documents `data` as a single Refund object; we return an array like every other
		// P list (what clients must cope with anyway). created_at_min/max is UNCONFIRMED; accepted and applied here.
		handler: (ctx, s) => ok(paginate(ctx, s.data.refunds, commonFilter<Refund>(ctx, (r) => r.created_at))),
	},
	{
		method: 'GET',
		pattern: '/refunds/:id',
		handler: (ctx, s) => {
			const refund = s.data.refund(intParam(ctx, 'id'));
			if (!refund) throw notFound();
			return ok(refund);
		},
	},
	{
		// "trailing slash as documented"; the router also accepts it without.
		method: 'POST',
		pattern: '/refunds/charges/:id',
		handler: (ctx, s) => ok(refundCharge(s.data, intParam(ctx, 'id'), jsonBody(ctx), s.clock())),
	},
];
