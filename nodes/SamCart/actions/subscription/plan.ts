import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';

import { samCartRequest } from '../../transport';
import type { RunCache } from '../runCache';
import { PLAN_FIELDS } from './simplify';

export const includePlanOption: INodeProperties = {
	displayName: 'Include Plan',
	name: 'includePlan',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each subscription's billing plan (plan ID, frequency, price, duration, rebill days, trial period, Stripe plan ID), to segment by billing cadence. Subscriptions of the same product share one plan request.",
};

/**
 * The plan of a subscription. SamCart's plan belongs to a product (`SubscriptionPlan.product_id`), so the plan is
 * read once per product in this execution, through the first subscription that asks. A subscription without a
 * plan (404) gets none; any other failure stops the item.
 */
export async function readPlan(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	subscription: IDataObject,
): Promise<IDataObject | null> {
	const id = subscription.id;
	const key =
		subscription.product_id !== undefined && subscription.product_id !== null
			? `PLAN product ${String(subscription.product_id)}`
			: `PLAN subscription ${String(id)}`;
	try {
		return await cache.read<IDataObject>(key, async () =>
			samCartRequest.call(context, {
				method: 'GET',
				path: `/subscriptions/${String(id)}/plan`,
				itemIndex,
				subject: `The plan of subscription ${String(id)}`,
			}),
		);
	} catch (error) {
		if ((error as { httpCode?: unknown }).httpCode === '404') return null;
		// Already a NodeApiError with its item index: passed on unchanged.
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/** The subscription with the plan's fields beside its own (`plan_id` and the plan's own names); null when none. */
export function withPlan(subscription: IDataObject, plan: IDataObject | null): IDataObject {
	const fields: IDataObject = { plan_id: plan?.id ?? null };
	for (const field of PLAN_FIELDS) fields[field] = plan?.[field] ?? null;
	return { ...subscription, ...fields };
}

export async function addPlans(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	subscriptions: IDataObject[],
): Promise<IDataObject[]> {
	const result: IDataObject[] = [];
	// One at a time: distinct plans are few, and SamCart's rate limit is per account.
	for (const subscription of subscriptions) {
		result.push(withPlan(subscription, await readPlan(context, itemIndex, cache, subscription)));
	}
	return result;
}
