import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/listing';
import { isNotFound, samCartRequest } from '../../transport';
import { asNodeError } from '../errors';
import type { ReadExtras } from '../read';
import type { RunCache } from '../runCache';
import { PLAN_FIELDS } from '../../shared/records/subscription';

export const includePlanOption: INodeProperties = {
	displayName: 'Include Plan',
	name: 'includePlan',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each subscription's billing plan (plan ID, frequency, price, duration, rebill days, trial period, Stripe plan ID), to segment by billing cadence",
};

export const sharePlanPerProductOption: INodeProperties = {
	displayName: 'Share Plan Per Product',
	name: 'sharePlanPerProduct',
	type: 'boolean',
	default: false,
	displayOptions: { show: { includePlan: [true] } },
	description:
		"Whether to read one plan per product instead of one per subscription: much faster for long lists, but a subscriber still on a product's older (archived) plan then shows the current plan",
};

export interface PlanOptions {
	includePlan?: boolean;
	sharePlanPerProduct?: boolean;
}

/**
 * The plan of a subscription, from `/subscriptions/{id}/plan`. Exact by default: a product's plan can change (plans
 * have an archived status), and a subscriber keeps the plan they bought. With sharing on, the first subscription of
 * a product answers for all of them. A subscription without a plan (404) gets none; other failures stop the item.
 */
export async function readPlan(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	subscription: IDataObject,
	sharePerProduct = false,
): Promise<IDataObject | null> {
	const id = subscription.id;
	const key =
		sharePerProduct && subscription.product_id !== undefined && subscription.product_id !== null
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
		if (isNotFound(error)) return null;
		throw asNodeError(context, error, itemIndex);
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
	sharePerProduct = false,
): Promise<IDataObject[]> {
	const result: IDataObject[] = [];
	// One at a time: SamCart's rate limit is per account, and the transport paces itself on 429.
	for (const subscription of subscriptions) {
		result.push(
			withPlan(subscription, await readPlan(context, itemIndex, cache, subscription, sharePerProduct)),
		);
	}
	return result;
}

/**
 * Include Plan (and, for a list, Share Plan Per Product) under Options: what Get and Get Many add to the read of
 * subscriptions.
 */
export function planExtras(list: boolean): ReadExtras {
	return {
		after: [optionsCollection(list ? [includePlanOption, sharePlanPerProductOption] : [includePlanOption])],
		async prepare(subscriptions, itemIndex, cache) {
			const options = this.getNodeParameter('options', itemIndex, {}) as PlanOptions;
			if (!options.includePlan) return subscriptions;
			return await addPlans(this, itemIndex, cache, subscriptions, list && options.sharePlanPerProduct);
		},
	};
}
