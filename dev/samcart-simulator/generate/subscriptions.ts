/** A subscription's life from its order to now: rebills, failed payments and dunning, and how it ends. */
import { addPeriod, DUNNING_RETRY_DAYS, failedRebill, PROCESSOR_ERRORS } from '../store';
import { DAY_MS, formatTimestamp } from '../time';
import type { Charge, SubscriptionStatus } from '../types';
import { pickError, transactionId } from './context';
import type { Generation, SubscriptionDraft } from './context';

export function simulateSubscription(g: Generation, d: SubscriptionDraft): void {
	const { rng, ds, now, chargeDrafts, failedDrafts, failedCustomer, historyDrafts } = g;
	const ts = formatTimestamp;
	const { sub, plan, at, order } = d;
	const history = (status: SubscriptionStatus, ms: number, source: string) =>
		historyDrafts.push({
			ms,
			record: {
				id: 0,
				subscription_id: sub.id,
				new_status: status,
				source,
				type: 'status',
				change_date: ts(ms),
			},
		});
	history('active', at, 'checkout');
	let due = plan.trial_period > 0 ? at + plan.trial_period * DAY_MS : addPeriod(at, plan);
	sub.start_date = ts(due);
	const needed = plan.plan_duration
		? plan.trial_period > 0
			? plan.plan_duration
			: plan.plan_duration - 1
		: Infinity;
	if (plan.plan_duration) {
		let end = due;
		for (let k = 1; k < needed; k++) end = addPeriod(end, plan);
		sub.end_date = ts(end);
	}
	const target = rng.weighted({
		active: 58,
		canceled: 20,
		delinquent: 6,
		paused: 4,
		invalid_processor: 3,
		sca_required: 3,
		deleted: 2,
	} as const);
	const stopAt =
		target === 'active' ? now : at + DAY_MS + Math.floor(rng.next() * Math.max(0, now - at - DAY_MS));
	let done = 0;
	let status: SubscriptionStatus = 'active';
	const rebillCharge = (ms: number) => {
		const charge: Charge = {
			id: 0,
			customer_id: 0,
			affiliate_id: sub.affiliate_id,
			order_id: order.id,
			subscription_rebill_id: null,
			test_mode: sub.test_mode,
			processor_name: sub.processor_name,
			processor_transaction_id: transactionId(rng, sub.processor_name),
			currency: ds.currency,
			card_used: sub.card_used,
			charge_refund_status: null,
			order_date: order.order_date,
			created_at: ts(ms),
			total: sub.recurring_price.total,
		};
		chargeDrafts.push({ charge, ms, items: [], subscription: sub, rebill: true });
	};
	const failed = (ms: number, error: string) => {
		sub.total_failed_charges++;
		const record = failedRebill(sub, -1, ms, error, ds.currency);
		failedDrafts.push({ ms, record });
		failedCustomer.set(record, d.customer);
	};
	let guard = 0;
	while (due < stopAt && due < now && guard++ < 200) {
		if (done >= needed) break;
		if (target === 'delinquent' || target === 'invalid_processor' || target === 'sca_required') {
			if (due >= stopAt - 40 * DAY_MS || (done > 0 && rng.chance(0.15))) {
				if (target === 'delinquent') {
					const tries = DUNNING_RETRY_DAYS.map((days) => due + days * DAY_MS).filter((t) => t < now);
					const error = PROCESSOR_ERRORS[rng.pick(['insufficient', 'expired', 'declined'] as const)];
					for (const t of tries) failed(t, error);
					if (tries.length === 4) {
						status = 'delinquent';
						history('delinquent', tries[3], 'system');
					}
				} else {
					failed(due, target === 'sca_required' ? PROCESSOR_ERRORS.declined : PROCESSOR_ERRORS.processing);
					status = target;
					history(target, due, 'system');
				}
				break;
			}
		}
		if (target === 'active' && rng.chance(0.03) && due + 2 * DAY_MS < now) {
			failed(due, PROCESSOR_ERRORS[pickError(rng)]);
			rebillCharge(due + 2 * DAY_MS);
		} else {
			rebillCharge(due);
		}
		done++;
		d.customer.lastActivity = Math.max(d.customer.lastActivity, due);
		due = addPeriod(due, plan);
	}
	if (status === 'active' && done >= needed) {
		status = 'completed';
		history('completed', Math.min(now - 1000, due), 'system');
	} else if (
		status === 'active' &&
		(target === 'canceled' || target === 'paused' || target === 'deleted') &&
		stopAt < now
	) {
		status = target;
		history(
			target,
			stopAt,
			target === 'canceled' ? rng.pick(['dashboard', 'customer_portal', 'api']) : 'dashboard',
		);
		if (target === 'canceled') ds.subscriptionMeta.set(sub.id, { canceled_at: ts(stopAt) });
	}
	sub.status = status;
	sub.next_rebilling_date =
		status === 'active' || status === 'delinquent' ? ts(Math.max(due, now + DAY_MS)) : null;
	if (status === 'active' && sub.type === 'recurring_subscription' && rng.chance(0.05)) {
		sub.cancel_schedule = { status: 'scheduled', cancel_date: sub.next_rebilling_date! };
	}
	if (!ds.subscriptionMeta.has(sub.id)) ds.subscriptionMeta.set(sub.id, { canceled_at: null });
}
