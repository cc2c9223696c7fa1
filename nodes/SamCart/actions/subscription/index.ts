import type { SamCartResource } from '../operation';
import { cancelSubscription } from './cancel.operation';
import { getSubscription } from './get.operation';
import { getSubscriptionCharges } from './getCharges.operation';
import { getSubscriptionCustomer } from './getCustomer.operation';
import { getSubscriptionHistory } from './getHistory.operation';
import { getManySubscriptions } from './getMany.operation';
import { getSubscriptionPlan } from './getPlan.operation';
import { scheduleSubscriptionCancellation } from './scheduleCancel.operation';
import { updateNextRebillingDate } from './updateNextRebillingDate.operation';

export const subscriptionResource: SamCartResource = {
	name: 'Subscription',
	value: 'subscription',
	description: 'Recurring and limited subscriptions, their plans, charges and history',
	defaultOperation: 'get',
	operations: {
		cancel: cancelSubscription,
		get: getSubscription,
		getCharges: getSubscriptionCharges,
		getCustomer: getSubscriptionCustomer,
		getHistory: getSubscriptionHistory,
		getMany: getManySubscriptions,
		getPlan: getSubscriptionPlan,
		scheduleCancel: scheduleSubscriptionCancellation,
		updateNextRebillingDate,
	},
};
