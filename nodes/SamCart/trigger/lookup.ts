/**
 * Verify With SamCart and Enrich: the trigger's only API calls, made through the transport (never directly).
 *
 * Verify: a delivery must name records that exist. A 404 for any of them refuses the delivery with 422 (the
 * URL is right, the content names something SamCart does not have); SamCart being unreachable or refusing the key
 * answers 503, because nothing could be decided. Neither is ever a 500.
 * Enrich: best effort. What could not be fetched is null, and the reason goes into `enrichErrors`.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isNotFound, samCartRequest } from '../transport';
import type { SamCartEventDefinition } from './events';
import type { Refusal } from './decide';
import type { EventSummary } from './delivery';

/** A webhook must be answered quickly: one attempt may take at most this long… */
const LOOKUP_TIMEOUT_MS = 15_000;
/** …and the waits between attempts (429, server errors) at most this long in all. */
const LOOKUP_WAIT_BUDGET_MS = 10_000;

type Fetcher = (path: string, subject: string) => Promise<IDataObject>;

/** One fetcher per delivery: the same record is asked for at most once (no state outlives the request). */
export function createFetcher(context: IWebhookFunctions): Fetcher {
	const cache = new Map<string, Promise<IDataObject>>();
	return async (path, subject) => {
		let pending = cache.get(path);
		if (!pending) {
			pending = samCartRequest.call(context, {
				method: 'GET',
				path,
				subject,
				timeoutMs: LOOKUP_TIMEOUT_MS,
				waitBudgetMs: LOOKUP_WAIT_BUDGET_MS,
			});
			cache.set(path, pending);
		}
		return await pending;
	};
}

const messageOf = (error: unknown): string => String((error as Error)?.message ?? error);

const numericId = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;

interface Target {
	path: string;
	subject: string;
}

/** The records Verify checks for this event, or a refusal when the delivery names none it could check. */
export function verificationTargets(
	summary: EventSummary,
	event: SamCartEventDefinition | undefined,
): Target[] | Refusal {
	const order = numericId(summary.order_id);
	const subscription = numericId(summary.subscription_id);
	const charge = numericId(summary.charge_id);
	const product = numericId(summary.product_id);
	const targets: Target[] = [];
	const add = (
		kind: 'orders' | 'subscriptions' | 'charges' | 'products',
		id: number | undefined,
		label: string,
	) => {
		if (id !== undefined) targets.push({ path: `/${kind}/${id}`, subject: `${label} ${id}` });
	};
	switch (event?.subject) {
		case 'order':
			add('orders', order, 'Order');
			break;
		case 'refund':
			add('orders', order, 'Order');
			add('charges', charge, 'Charge');
			break;
		case 'subscription':
			add('subscriptions', subscription, 'Subscription');
			if (subscription === undefined) add('orders', order, 'Order');
			break;
		case 'lead':
			// Leads and prospects have no API record; the product they name is what can be checked.
			add('products', product, 'Product');
			return targets;
		default:
			add('orders', order, 'Order');
			add('subscriptions', subscription, 'Subscription');
			add('charges', charge, 'Charge');
	}
	if (targets.length === 0) {
		return {
			status: 422,
			body: {
				error: 'nothing_to_verify',
				message:
					'Verify With SamCart is on, but the event names no valid order, subscription or charge ID to check.',
			},
		};
	}
	return targets;
}

/** undefined when every record exists; else the refusal (422 not found, 503 SamCart could not be asked). */
export async function verifyEvent(
	fetch: Fetcher,
	summary: EventSummary,
	event: SamCartEventDefinition | undefined,
): Promise<{ refusal?: Refusal; checked: string[] }> {
	const targets = verificationTargets(summary, event);
	if (!Array.isArray(targets)) return { refusal: targets, checked: [] };
	const checked: string[] = [];
	for (const target of targets) {
		try {
			await fetch(target.path, target.subject);
			checked.push(target.subject);
		} catch (error) {
			if (isNotFound(error)) {
				return {
					refusal: {
						status: 422,
						body: {
							error: 'record_not_found',
							message: `${target.subject} does not exist in SamCart: the event was refused.`,
						},
					},
					checked,
				};
			}
			return {
				refusal: {
					status: 503,
					body: {
						error: 'verification_unavailable',
						message: `Could not check ${target.subject} with SamCart: ${messageOf(error)}`,
					},
				},
				checked,
			};
		}
	}
	return { checked };
}

export interface Enrichment {
	order: IDataObject | null;
	customer: IDataObject | null;
	subscription: IDataObject | null;
	enrichErrors: string[];
}

/** The full order, customer and subscription (with `plan`) the event is about, as far as they can be found. */
export async function enrichEvent(fetch: Fetcher, summary: EventSummary): Promise<Enrichment> {
	const errors: string[] = [];
	const get = async (path: string, subject: string): Promise<IDataObject | null> => {
		try {
			return await fetch(path, subject);
		} catch (error) {
			errors.push(messageOf(error));
			return null;
		}
	};

	let subscriptionId = numericId(summary.subscription_id);
	let subscription = subscriptionId
		? await get(`/subscriptions/${subscriptionId}`, `Subscription ${subscriptionId}`)
		: null;

	const orderId = numericId(summary.order_id) ?? numericId(subscription?.order_id);
	const order = orderId ? await get(`/orders/${orderId}`, `Order ${orderId}`) : null;

	if (!subscription && order && Array.isArray(order.cart_items)) {
		const item = (order.cart_items as IDataObject[]).find((cartItem) => numericId(cartItem?.subscription_id));
		subscriptionId = numericId(item?.subscription_id);
		if (subscriptionId)
			subscription = await get(`/subscriptions/${subscriptionId}`, `Subscription ${subscriptionId}`);
	}
	if (subscription && subscriptionId) {
		const plan = await get(
			`/subscriptions/${subscriptionId}/plan`,
			`The plan of subscription ${subscriptionId}`,
		);
		subscription = { ...subscription, plan };
	}

	const customerId =
		numericId(order?.customer_id) ?? numericId(subscription?.customer_id) ?? numericId(summary.customer_id);
	const customer = customerId ? await get(`/customers/${customerId}`, `Customer ${customerId}`) : null;

	return { order, customer, subscription, enrichErrors: errors };
}
