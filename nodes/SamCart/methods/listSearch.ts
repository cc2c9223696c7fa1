import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { samCartRequest } from '../transport';

interface ListPage {
	data?: IDataObject[];
	pagination?: { next?: string | null };
}

const DASHBOARD = 'https://app.samcart.com/app';
const RECENT_DAYS = 90;

function nextToken(page: ListPage): string | undefined {
	const next = page.pagination?.next;
	if (!next) return undefined;
	try {
		return new URL(next).searchParams.get('offset') ?? undefined;
	} catch {
		return undefined;
	}
}

function matches(filter: string | undefined, ...values: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.trim().toLowerCase();
	return values.some((value) =>
		String(value ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

/** One page of a SamCart list turned into locator results; SamCart has no text search, so we filter the page. */
async function searchList(
	context: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	toItem: (record: IDataObject) => INodeListSearchItems & { haystack: unknown[] },
	filter?: string,
): Promise<INodeListSearchResult> {
	const page = (await samCartRequest.call(context, {
		method: 'GET',
		path,
		qs: { ...qs, limit: 100, ...(paginationToken ? { offset: paginationToken, dir: 'next' } : {}) },
	})) as ListPage;
	const results = (page.data ?? [])
		.map(toItem)
		.filter((item) => matches(filter, ...item.haystack))
		.map(({ name, value, url }) => ({ name, value, url }));
	return { results, paginationToken: nextToken(page) };
}

function recentSince(): string {
	return new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
}

export async function searchOrders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchList(
		this,
		'/orders',
		{ created_at_min: recentSince() },
		paginationToken,
		(order) => ({
			name: `#${order.id} · ${(order.cart_items as IDataObject[] | undefined)?.[0]?.product_name ?? 'order'} · ${order.order_date}`,
			value: String(order.id),
			url: `${DASHBOARD}/orders/${order.id}`,
			haystack: [
				order.id,
				order.customer_id,
				...((order.cart_items as IDataObject[]) ?? []).map((item) => item.product_name),
			],
		}),
		filter,
	);
}

export async function searchCharges(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchList(
		this,
		'/charges',
		{ created_at_min: recentSince() },
		paginationToken,
		(charge) => ({
			name: `#${charge.id} · order ${charge.order_id} · ${charge.created_at}`,
			value: String(charge.id),
			url: `${DASHBOARD}/charges/${charge.id}`,
			haystack: [charge.id, charge.order_id, charge.customer_id],
		}),
		filter,
	);
}

export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) {
	// An email is matched exactly by SamCart itself; anything else filters the listed customers.
	const isEmail = !!filter && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(filter.trim());
	return await searchList(
		this,
		'/customers',
		isEmail ? { email: filter!.trim() } : {},
		paginationToken,
		(customer) => ({
			name: `${[customer.first_name, customer.last_name].filter(Boolean).join(' ')} <${customer.email}>`,
			value: String(customer.id),
			url: `${DASHBOARD}/customers/${customer.id}`,
			haystack: [customer.id, customer.email, customer.first_name, customer.last_name],
		}),
		isEmail ? undefined : filter,
	);
}

export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchList(
		this,
		'/products',
		{},
		paginationToken,
		(product) => ({
			name: String(product.product_name ?? product.internal_product_name ?? `Product ${product.id}`),
			value: String(product.id),
			url: `${DASHBOARD}/products/${product.id}`,
			haystack: [product.id, product.product_name, product.internal_product_name, product.sku],
		}),
		filter,
	);
}

export async function searchSubscriptions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) {
	return await searchList(
		this,
		'/subscriptions',
		{},
		paginationToken,
		(subscription) => ({
			name: `#${subscription.id} · ${subscription.product_name} · ${subscription.status}`,
			value: String(subscription.id),
			url: `${DASHBOARD}/subscriptions/${subscription.id}`,
			haystack: [subscription.id, subscription.product_name, subscription.customer_id, subscription.status],
		}),
		filter,
	);
}
