import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { asNodeError } from '../actions/errors';
import { dashboardUrl, RECORDS } from '../actions/records';
import type { SamCartRecord } from '../actions/records';
import { centsToDecimalString } from '../shared/money';
import { isNotFound, samCartPage, samCartRequest } from '../transport';

/**
 * The searches behind "From list" in the resource locators. SamCart has no text search: a search reads pages of the
 * list and keeps the records whose name, email, SKU or ID contains what was typed. Typing a whole ID also asks for
 * that record directly, so it is found even when it is not on the pages read. An exact email is matched by SamCart
 * itself (`/customers?email=`).
 */

type SearchItem = INodeListSearchItems & { haystack: unknown[] };
/** How a record shows in the list: its name, and what a typed filter is matched against (its ID is added). */
type Shown = { name: string; haystack: unknown[] };

const RECENT_DAYS = 90;
const PAGE_SIZE = 100;
/** While a filter is typed, read more pages until this many records match … */
const ENOUGH_MATCHES = 20;
/** … but never more than this many pages per call; the rest comes with the pagination token. */
const MAX_PAGES_PER_CALL = 5;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

function matches(filter: string | undefined, values: unknown[]): boolean {
	const needle = filter?.trim().toLowerCase();
	if (!needle) return true;
	return values.some((value) =>
		String(value ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

const publicItem = ({ name, value, url }: SearchItem): INodeListSearchItems => ({ name, value, url });

/** The record with this ID, if the filter is a whole ID and SamCart has it (a 404 just means no such record). */
async function lookUpById(
	context: ILoadOptionsFunctions,
	path: string,
	filter: string | undefined,
	toItem: (record: IDataObject) => SearchItem,
): Promise<SearchItem | undefined> {
	const id = filter?.trim();
	if (!id || !/^[1-9]\d{0,15}$/.test(id)) return undefined;
	try {
		const record = await samCartRequest.call(context, { method: 'GET', path: `${path}/${id}` });
		return record && typeof record === 'object' && record.id !== undefined ? toItem(record) : undefined;
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw asNodeError(context, error);
	}
}

/** What a search sends for a filter: the query of the list, and whether SamCart already filtered it. */
interface Query {
	qs?: IDataObject;
	/** false when SamCart already filtered (exact email): every record it returns is a match. */
	filterPages?: boolean;
}

/**
 * The search of a record's list, as n8n calls it (`this`, the filter typed, the pagination token): each record shown
 * as `show` says, with its ID as value and its dashboard page as URL.
 */
function searchOf(
	record: SamCartRecord,
	show: (found: IDataObject) => Shown,
	query: (filter: string) => Query = () => ({}),
) {
	const toItem = (found: IDataObject): SearchItem => {
		const { name, haystack } = show(found);
		return {
			name,
			value: String(found.id),
			url: dashboardUrl(record, found.id),
			haystack: [found.id, ...haystack],
		};
	};
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const { qs, filterPages } = query(filter?.trim() ?? '');
		return await searchList(this, { path: record.path, qs, filter, filterPages, paginationToken, toItem });
	};
}

async function searchList(
	context: ILoadOptionsFunctions,
	options: Query & {
		path: string;
		filter?: string;
		paginationToken?: string;
		toItem: (record: IDataObject) => SearchItem;
	},
): Promise<INodeListSearchResult> {
	const filter = options.filterPages === false ? undefined : options.filter?.trim() || undefined;
	const results: SearchItem[] = [];
	if (!options.paginationToken) {
		const byId = await lookUpById(context, options.path, filter, options.toItem);
		if (byId) results.push(byId);
	}
	const seen = new Set(results.map((item) => item.value));
	let token = options.paginationToken;
	let matched = 0;
	for (let pages = 0; pages < MAX_PAGES_PER_CALL; pages++) {
		const page = await samCartPage.call(context, {
			path: options.path,
			qs: options.qs,
			limit: PAGE_SIZE,
			// The token is the `offset` of SamCart's next-page URL: the ID of the last record read.
			cursor: token ? { offset: token, dir: 'next' } : undefined,
		});
		for (const record of page.records) {
			const item = options.toItem(record);
			if (seen.has(item.value) || !matches(filter, item.haystack)) continue;
			seen.add(item.value);
			results.push(item);
			matched++;
		}
		token = page.next?.offset;
		// Without a filter one page is a page; with one, read on until enough records match.
		if (!token || !filter || matched >= ENOUGH_MATCHES) break;
	}
	return { results: results.map(publicItem), paginationToken: token };
}

function recentSince(): string {
	return new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
}

function day(value: unknown): string {
	return String(value ?? '').slice(0, 10);
}

/** "47.00 USD"; without a currency from the record, the cents as they are ("4700 cents"), never an assumed one. */
function money(cents: unknown, currency: unknown): string {
	if (typeof cents !== 'number' || !Number.isSafeInteger(cents)) return '';
	if (typeof currency !== 'string' || !currency) return `${cents} cents`;
	return `${centsToDecimalString(cents, currency)} ${currency}`;
}

/** Orders of the last 90 days; any older order is found by typing its ID. */
export const searchOrders = searchOf(
	RECORDS.order,
	(order) => {
		const items = Array.isArray(order.cart_items) ? (order.cart_items as IDataObject[]) : [];
		const product = items[0]?.product_name ?? 'order';
		return {
			name: [`#${order.id}`, product, money(order.total, items[0]?.currency), day(order.order_date)]
				.filter(Boolean)
				.join(' · '),
			haystack: [order.customer_id, ...items.map((item) => item.product_name)],
		};
	},
	() => ({ qs: { created_at_min: recentSince() } }),
);

/** Charges of the last 90 days; any older charge is found by typing its ID. */
export const searchCharges = searchOf(
	RECORDS.charge,
	(charge) => ({
		name: [
			`#${charge.id}`,
			`order #${charge.order_id}`,
			money(charge.total, charge.currency),
			day(charge.created_at),
		]
			.filter(Boolean)
			.join(' · '),
		haystack: [charge.order_id, charge.customer_id],
	}),
	() => ({ qs: { created_at_min: recentSince() } }),
);

/** Customers by name or email; a complete email is matched exactly (any case) by SamCart. */
export const searchCustomers = searchOf(
	RECORDS.customer,
	(customer) => {
		const name = [customer.first_name, customer.last_name]
			.filter((part) => typeof part === 'string' && part.trim())
			.join(' ');
		return {
			name: name ? `${name} <${customer.email}>` : String(customer.email ?? `Customer ${customer.id}`),
			haystack: [customer.email, name, customer.phone],
		};
	},
	(email) => (EMAIL.test(email) ? { qs: { email }, filterPages: false } : { qs: {} }),
);

/** Products by name, internal name or SKU; test and archived products say so. */
export const searchProducts = searchOf(RECORDS.product, (product) => {
	const name = String(product.product_name || product.internal_product_name || `Product ${product.id}`);
	const status = product.status && product.status !== 'live' ? ` (${String(product.status)})` : '';
	return {
		name: `${name}${status}`,
		haystack: [product.product_name, product.internal_product_name, product.sku],
	};
});

/** Subscriptions by ID, product, status or customer ID. */
export const searchSubscriptions = searchOf(RECORDS.subscription, (subscription) => ({
	name: [
		`#${subscription.id}`,
		subscription.product_name,
		subscription.status,
		`customer #${subscription.customer_id}`,
	]
		.filter(Boolean)
		.join(' · '),
	haystack: [subscription.product_name, subscription.customer_id, subscription.status],
}));
