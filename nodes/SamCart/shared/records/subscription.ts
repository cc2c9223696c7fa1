import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime, orNull } from '../simplify';

/** The plan fields Include Plan adds to a subscription, exactly as SamCart names them in the plan. */
export const PLAN_FIELDS = [
	'plan_frequency',
	'plan_price',
	'plan_duration',
	'rebill_days',
	'trial_period',
	'stripe_plan_id',
] as const;

/** `productCurrency`: the currency of its product, as the node read it (SamCart's subscription names none). */
export function simplifySubscription(
	subscription: IDataObject,
	productCurrency: string | null = null,
): IDataObject {
	const currency = currencyOf(subscription) ?? productCurrency;
	const initial = subscription.initial_price as IDataObject | null | undefined;
	const recurring = subscription.recurring_price as IDataObject | null | undefined;
	const schedule = subscription.cancel_schedule as IDataObject | null | undefined;
	const simplified: IDataObject = {
		id: subscription.id,
		...orNull(subscription, 'customer_id', 'product_id', 'product_name', 'status', 'type'),
		currency,
		...amount('initial_price', initial?.total, currency),
		...amount('recurring_price', recurring?.total, currency),
		next_rebilling_date: isoTime(subscription.next_rebilling_date),
		scheduled_cancel_date: isoTime(schedule?.cancel_date),
		created_at: isoTime(subscription.created_at),
		test_mode: subscription.test_mode,
	};
	if ('plan_id' in subscription) {
		simplified.plan_id = subscription.plan_id;
		Object.assign(
			simplified,
			orNull(subscription, 'plan_frequency'),
			amount('plan_price', subscription.plan_price, currency),
			orNull(subscription, 'plan_duration', 'rebill_days', 'trial_period', 'stripe_plan_id'),
		);
	}
	return simplified;
}

/** `productCurrency`: as for a subscription, the currency of the plan's product. */
export function simplifyPlan(plan: IDataObject, productCurrency: string | null = null): IDataObject {
	const currency = currencyOf(plan) ?? productCurrency;
	return {
		id: plan.id,
		...orNull(plan, 'product_id', 'plan_status', 'plan_frequency'),
		currency,
		...amount('plan_price', plan.plan_price, currency),
		...orNull(plan, 'plan_duration', 'rebill_days', 'trial_period', 'stripe_plan_id'),
	};
}
