import { commonFilter, enumFilter } from '../filters';
import { intParam, notFound, type RequestContext } from '../http';
import { paginate } from '../pagination';
import { ok, type Route, type SimState } from '../state';
import type { Product, ProductPricingFilter } from '../types';
import { relatedOrders } from './orders';

const PRICING_FILTER: readonly ProductPricingFilter[] = [
	'one_time',
	'limited_subscription',
	'recurring_subscription',
	'pwyw_one_time',
	'pwyw_recurring_subscription',
	'pwyw_limited_subscription',
];

/** §3 #24: status, product_category and pricing_type (the filter enum, not the schema's one_time|limited|…). */
function productFilter(ctx: RequestContext, s: SimState) {
	const created = commonFilter<Product>(ctx, (p) => p.created_at);
	const status = enumFilter(ctx, 'status', ['live', 'test', 'archived'] as const);
	const category = enumFilter(ctx, 'product_category', ['physical', 'digital'] as const);
	const pricing = enumFilter(ctx, 'pricing_type', PRICING_FILTER);
	return (p: Product) =>
		created(p) &&
		(status === undefined || p.status === status) &&
		(category === undefined || p.product_category === category) &&
		(pricing === undefined || s.data.productPricing.get(p.id) === pricing);
}

export const productRoutes: Route[] = [
	{ method: 'GET', pattern: '/products', handler: (ctx, s) => ok(paginate(ctx, s.data.products, productFilter(ctx, s))) },
	{
		method: 'GET',
		pattern: '/products/:id',
		handler: (ctx, s) => {
			const p = s.data.product(intParam(ctx, 'id'));
			if (!p || !productFilter(ctx, s)(p)) throw notFound();
			return ok(p);
		},
	},
	{ method: 'GET', pattern: '/products/:id/orders', handler: relatedOrders('product') },
	{ method: 'GET', pattern: '/funnels/:id/orders', handler: relatedOrders('funnel') },
	{ method: 'GET', pattern: '/upsells/:id/orders', handler: relatedOrders('upsell') },
];
