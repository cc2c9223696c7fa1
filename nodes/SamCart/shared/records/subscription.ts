import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime } from '../simplify';

/** The plan fields Include Plan adds to a subscription, exactly as SamCart names them in the plan. */
export const PLAN_FIELDS = [
	'plan_frequency',
	'plan_price',
	'plan_duration',
	'rebill_days',
	'trial_period',
	'stripe_plan_id',
] as const;

export function simplifySubscription(subscription: IDataObject): IDataObject {
	const currency = currencyOf(subscription);
	const initial = subscription.initial_price as IDataObject | null | undefined;
	const recurring = subscription.recurring_price as IDataObject | null | undefined;
	const schedule = subscription.cancel_schedule as IDataObject | null | undefined;
	const simplified: IDataObject = {
		id: subscription.id,
		customer_id: subscription.customer_id ?? null,
		product_id: subscription.product_id ?? null,
		product_name: subscription.product_name ?? null,
		status: subscription.status ?? null,
		type: subscription.type ?? null,
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
		simplified.plan_frequency = subscription.plan_frequency ?? null;
		Object.assign(simplified, amount('plan_price', subscription.plan_price, currency));
		simplified.plan_duration = subscription.plan_duration ?? null;
		simplified.rebill_days = subscription.rebill_days ?? null;
		simplified.trial_period = subscription.trial_period ?? null;
		simplified.stripe_plan_id = subscription.stripe_plan_id ?? null;
	}
	return simplified;
}

export function simplifyPlan(plan: IDataObject): IDataObject {
	const currency = currencyOf(plan);
	return {
		id: plan.id,
		product_id: plan.product_id ?? null,
		plan_status: plan.plan_status ?? null,
		plan_frequency: plan.plan_frequency ?? null,
		currency,
		...amount('plan_price', plan.plan_price, currency),
		plan_duration: plan.plan_duration ?? null,
		rebill_days: plan.rebill_days ?? null,
		trial_period: plan.trial_period ?? null,
		stripe_plan_id: plan.stripe_plan_id ?? null,
	};
}
