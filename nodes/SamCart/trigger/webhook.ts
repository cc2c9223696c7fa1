/**
 * What the SamCart Trigger does with one delivery, as pure functions: check the secret token, classify the `type`,
 * filter, normalise, and compute the id that recognises a redelivery (`body.ts` reads the body first).
 * Nothing here talks to SamCart or to n8n; `SamCartTrigger.node.ts` wires these together and `lookup.ts` does
 * the API calls of Verify and Enrich.
 */
import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { amountToCents } from '../shared/money';
import { samCartTimeToIso } from '../shared/time';
import { isPlainObject } from './body';
import { ALL_EVENTS, UNKNOWN_EVENT, findEventByType } from './events';
import type { SamCartEventDefinition } from './events';

/** A refusal: the HTTP status and the JSON body the trigger answers with; no execution starts. */
export interface Refusal {
	status: number;
	body: { error: string; message: string };
}

// ---------------------------------------------------------------------------------------------------------------
// Token

/**
 * True when no token is configured, or when `provided` equals it. Both sides are hashed with SHA-256 first, so the
 * constant-time comparison runs on equal-length buffers and the time taken says nothing about the token's length.
 */
export function tokenMatches(expected: string, provided: unknown): boolean {
	if (!expected) return true;
	if (typeof provided !== 'string' || provided === '') return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(expected), digest(provided));
}

/** A token must survive being pasted into a URL unchanged and be long enough not to be guessed. */
export function tokenProblem(token: string): string | undefined {
	if (!token) return undefined;
	if (!/^[A-Za-z0-9._~-]+$/.test(token)) {
		return 'The Secret Token may contain only letters, digits and . _ ~ - (it travels in the URL unencoded)';
	}
	if (token.length < 16) return 'The Secret Token must be at least 16 characters long';
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Classification and filters

export type Classification =
	| { accept: true; key: string; label: string; event?: SamCartEventDefinition }
	| { accept: false; reason: 'event_not_selected' | 'unknown_type'; key?: string };

/** The event a `type` names, if the user selected it; unknown types pass only with All Events (as `unknown`). */
export function classify(type: string, selected: readonly string[]): Classification {
	const all = selected.includes(ALL_EVENTS);
	const event = findEventByType(type);
	if (!event) {
		return all
			? { accept: true, key: UNKNOWN_EVENT, label: 'Unknown Event' }
			: { accept: false, reason: 'unknown_type' };
	}
	if (all || selected.includes(event.key)) return { accept: true, key: event.key, label: event.label, event };
	return { accept: false, reason: 'event_not_selected', key: event.key };
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);

function truthy(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1;
	return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
}

function child(body: IDataObject, key: string): IDataObject {
	const value = body[key];
	return isPlainObject(value) ? value : {};
}

/**
 * Test mode: a true `test_mode` at the top level or on the `order`, `subscription`, `charge` or `refund` object
 * (true, 1, "1", "true", "yes", "on"). SamCart's REST records carry `test_mode`; webhook deliveries are read the same way.
 */
export function isTestMode(body: IDataObject): boolean {
	return [body, ...['order', 'subscription', 'charge', 'refund'].map((key) => child(body, key))].some(
		(part) => truthy(part.test_mode),
	);
}

/** "12, 34;56" or [12, "34"] → ["12", "34", "56"]; throws a plain Error naming a value that is not an id. */
export function parseProductFilter(value: unknown): string[] {
	const parts: unknown[] = Array.isArray(value) ? value.flat(2) : [value];
	const ids: string[] = [];
	for (const part of parts) {
		if (part === undefined || part === null) continue;
		for (const piece of String(part).split(/[\s,;]+/)) {
			if (piece === '') continue;
			if (!/^\d+$/.test(piece) || Number(piece) <= 0 || !Number.isSafeInteger(Number(piece))) {
				throw new Error(`"${piece}" is not a SamCart product ID (a positive whole number)`);
			}
			ids.push(String(Number(piece)));
		}
	}
	return [...new Set(ids)];
}

function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value === 'string' && /^\d+$/.test(value.trim()) && Number(value) > 0)
		return String(Number(value));
	return undefined;
}

/** Every product id the delivery names: product, products[], cart items, order, subscription, top level. */
export function productIdsOf(body: IDataObject): string[] {
	const ids = new Set<string>();
	const add = (value: unknown) => {
		const id = idText(value);
		if (id) ids.add(id);
	};
	const product = child(body, 'product');
	add(product.id);
	add(product.product_id);
	add(body.product_id);
	if (Array.isArray(body.products)) {
		for (const item of body.products) if (isPlainObject(item)) add(item.id ?? item.product_id);
	}
	const order = child(body, 'order');
	add(order.product_id);
	if (Array.isArray(order.cart_items)) {
		for (const item of order.cart_items) if (isPlainObject(item)) add(item.product_id);
	}
	add(child(body, 'subscription').product_id);
	return [...ids];
}

export function matchesProducts(body: IDataObject, wanted: readonly string[]): boolean {
	if (wanted.length === 0) return true;
	return productIdsOf(body).some((id) => wanted.includes(id));
}

// ---------------------------------------------------------------------------------------------------------------
// Event id

/**
 * The body in canonical form: object keys sorted, and every scalar written as text (null as ""), so the same event
 * gives the same id whether it came as JSON or as form fields.
 */
export function canonicalise(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalise).join(',')}]`;
	if (isPlainObject(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalise(value[key])}`).join(',')}}`;
	}
	return JSON.stringify(value === null || value === undefined ? '' : String(value));
}

/**
 * sha256 of the canonical body. A redelivery carries the same body, so it gets the same id; two different events
 * never share one, even when they name the same order or subscription (a monthly Subscription Charged names the
 * same subscription every month, which is why ids are not built from record ids).
 */
export function computeEventId(body: IDataObject): string {
	return createHash('sha256').update(canonicalise(body), 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

export interface EventSummary {
	customer_email: string | null;
	customer_name: string | null;
	customer_id: number | string | null;
	product_id: number | string | null;
	product_name: string | null;
	order_id: number | string | null;
	subscription_id: number | string | null;
	charge_id: number | string | null;
	/** Integer minor units (cents); webhook amounts arrive as dollars, usually strings. */
	amount_cents: number | null;
	currency: string | null;
	/** Which payload field the amount came from, e.g. "order.total". */
	amount_source: string | null;
	/** When SamCart says the order or record was created, ISO 8601 UTC. */
	created_at: string | null;
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** Ids as numbers when they are whole numbers (form encoding sends "123"), else as given. */
function id(...values: unknown[]): number | string | null {
	for (const value of values) {
		const digits = idText(value);
		if (digits) return Number(digits);
		const other = text(value);
		if (other) return other;
	}
	return null;
}

function pick(body: IDataObject, paths: readonly string[]): { value: unknown; path: string } | undefined {
	for (const path of paths) {
		let current: unknown = body;
		for (const key of path.split('.')) current = isPlainObject(current) ? current[key] : undefined;
		if (current !== undefined && current !== null && current !== '') return { value: current, path };
	}
	return undefined;
}

/**
 * Where each kind of event keeps its amount, most specific first. A refund without a refund amount has none
 * (the order total or item price would overstate a partial refund); a subscription charge is the recurring price.
 */
const AMOUNT_FIELDS: Record<string, string[]> = {
	refund: ['refund.amount', 'refund.refund_amount', 'refund_amount', 'amount'],
	subscription: [
		'charge.amount',
		'charge.total',
		'subscription.amount',
		'subscription.price',
		'product.price',
		'amount',
	],
	order: ['order.total', 'charge.total', 'product.price', 'amount', 'total'],
	lead: ['product.price', 'amount'],
	unknown: ['amount', 'total', 'charge.total', 'order.total', 'subscription.price', 'product.price'],
};
const CURRENCIES = [
	'currency',
	'order.currency',
	'charge.currency',
	'refund.currency',
	'subscription.currency',
	'product.currency',
];
const CREATED = [
	'order.created_at',
	'refund.created_at',
	'charge.created_at',
	'subscription.created_at',
	'created_at',
];

/** The fields a workflow usually needs, with every amount in integer cents and its currency. */
export function summarise(body: IDataObject, event?: SamCartEventDefinition): EventSummary {
	const customer = child(body, 'customer');
	const product = child(body, 'product');
	const order = child(body, 'order');
	const subscription = child(body, 'subscription');
	const first = text(customer.first_name);
	const last = text(customer.last_name);
	const name = [first, last].filter(Boolean).join(' ') || text(customer.name) || text(customer.full_name);
	const currencyText = text(pick(body, CURRENCIES)?.value);
	const currency = currencyText ? currencyText.toUpperCase() : null;
	const amount = pick(body, AMOUNT_FIELDS[event?.subject ?? 'unknown']);
	const amountCents = amount ? amountToCents(amount.value, 'decimal', currency) : null;
	const created = text(pick(body, CREATED)?.value);
	return {
		customer_email: text(customer.email) ?? text(body.email),
		customer_name: name || null,
		customer_id: id(customer.customer_id, customer.id, body.customer_id, order.customer_id),
		product_id: id(
			product.id,
			product.product_id,
			body.product_id,
			order.product_id,
			subscription.product_id,
		),
		product_name: text(product.name) ?? text(product.product_name) ?? text(subscription.product_name),
		order_id: id(order.id, body.order_id, subscription.order_id, child(body, 'refund').order_id),
		subscription_id: id(subscription.id, order.subscription_id, body.subscription_id),
		charge_id: id(child(body, 'charge').id, child(body, 'refund').charge_id, order.charge_id, body.charge_id),
		amount_cents: amountCents,
		currency,
		amount_source: amountCents === null ? null : (amount?.path ?? null),
		created_at: created ? (samCartTimeToIso(created) as string) : null,
	};
}
