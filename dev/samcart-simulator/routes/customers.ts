import { commonFilter } from '../filters';
import { intParam, notFound, validation, type RequestContext } from '../http';
import { paginate } from '../pagination';
import { ok, type Route, type SimState } from '../state';
import type { Customer } from '../types';
import { chargeFilter } from './charges';
import { orderFilter, subscriptionFilter } from './orders';

export const MAX_EMAILS = 25;

function customerFilter(ctx: RequestContext) {
	const created = commonFilter<Customer>(ctx, (c) => c.created_at);
	const raw = ctx.query.get('email');
	if (raw === null || raw === '') return created;
	const emails = raw
		.split(',')
		.map((e) => e.trim().toLowerCase())
		.filter(Boolean);
	if (emails.length > MAX_EMAILS) throw validation(`The email filter may not have more than ${MAX_EMAILS} addresses.`);
	const wanted = new Set(emails);
	return (c: Customer) => created(c) && wanted.has(c.email.toLowerCase());
}

const getCustomer = (ctx: RequestContext, s: SimState) => {
	const customer = s.data.customer(intParam(ctx, 'id'));
	if (!customer) throw notFound();
	return customer;
};

export const customerRoutes: Route[] = [
	{ method: 'GET', pattern: '/customers', handler: (ctx, s) => ok(paginate(ctx, s.data.customers, customerFilter(ctx))) },
	{
		method: 'GET',
		pattern: '/customers/:id',
		handler: (ctx, s) => {
			const c = getCustomer(ctx, s);
			if (!commonFilter<Customer>(ctx, (x) => x.created_at)(c)) throw notFound();
			return ok(c);
		},
	},
	{ method: 'GET', pattern: '/customers/:id/addresses', handler: (ctx, s) => ok(getCustomer(ctx, s).addresses) },
	{
		method: 'GET',
		pattern: '/customers/:id/charges',
		handler: (ctx, s) => ok((s.data.indexes.chargesByCustomer.get(getCustomer(ctx, s).id) ?? []).filter(chargeFilter(ctx))),
	},
	{
		method: 'GET',
		pattern: '/customers/:id/orders',
		handler: (ctx, s) => ok((s.data.indexes.ordersByCustomer.get(getCustomer(ctx, s).id) ?? []).filter(orderFilter(ctx))),
	},
	{
		method: 'GET',
		pattern: '/customers/:id/subscriptions',
		handler: (ctx, s) =>
			ok((s.data.indexes.subscriptionsByCustomer.get(getCustomer(ctx, s).id) ?? []).filter(subscriptionFilter(ctx, s))),
	},
];
