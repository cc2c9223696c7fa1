/**
 * THE catalogue of SamCart webhook events.
 *
 * It drives the trigger's Events option, the classifier that maps a delivery's `type` to an event key,
 * the simulator's webhook sender and the README's events table. Add an event here and nowhere else.
 *
 * SamCart has two families of `type` strings (samcart-api.md §6):
 * - `legacy`: the Notify-URL values (Order, Refund, Cancel, RecurringPayment…), seen in open-source receivers;
 * - `rule`: the names of the Webhooks app's rule builder (Product Purchased, Subscription Canceled, …).
 * Which family the current Webhooks app sends is unconfirmed, so every alias of both is accepted.
 * `confirmed` is true when independent public sources show the value; false marks our best reading.
 */

export type EventSubject = 'order' | 'refund' | 'subscription' | 'lead';

export interface EventAlias {
	type: string;
	family: 'legacy' | 'rule';
	confirmed: boolean;
}

export interface SamCartEventDefinition {
	/** Stable key used in the node's parameters and in output items. */
	key: string;
	label: string;
	description: string;
	/** One of the eight events SamCart's own Zapier app offers. */
	core: boolean;
	/** What the delivery is about: decides which record Verify and Enrich look up. */
	subject: EventSubject;
	aliases: EventAlias[];
}

const legacy = (type: string, confirmed: boolean): EventAlias => ({ type, family: 'legacy', confirmed });
const rule = (type: string, confirmed: boolean): EventAlias => ({ type, family: 'rule', confirmed });

export const SAMCART_EVENTS: readonly SamCartEventDefinition[] = [
	{
		key: 'newOrder',
		label: 'New Order',
		description: 'A product was purchased: primary product, order bump, upsell or payment option',
		core: true,
		subject: 'order',
		aliases: [
			legacy('Order', true),
			rule('Product Purchased', true),
			rule('Order Completed', true),
			rule('Checkout Charged', false),
		],
	},
	{
		key: 'newRefund',
		label: 'New Refund',
		description: 'A charge was refunded in full',
		core: true,
		subject: 'refund',
		aliases: [
			legacy('Refund', true),
			rule('Product Refunded', true),
			rule('Subscription Charge Refunded', false),
		],
	},
	{
		key: 'subscriptionCanceled',
		label: 'New Subscription Cancellation',
		description: 'A subscription was canceled (SamCart also sends this when it turns delinquent)',
		core: true,
		subject: 'subscription',
		aliases: [
			legacy('Cancel', true),
			rule('Subscription Canceled', true),
			rule('Subscription Cancelled', false),
		],
	},
	{
		key: 'subscriptionCharged',
		label: 'Subscription Charged',
		description: 'A recurring subscription payment succeeded',
		core: true,
		subject: 'subscription',
		aliases: [legacy('RecurringPaymentSucceeded', true), rule('Subscription Charged', true)],
	},
	{
		key: 'newLead',
		label: 'New Lead',
		description: 'A lead was captured (a buyer entered their details on a checkout page)',
		core: true,
		subject: 'lead',
		aliases: [legacy('Lead', false), rule('Lead Added', false), rule('New Lead', false)],
	},
	{
		key: 'prospectCreated',
		label: 'Prospect Created',
		description: 'A checkout was abandoned: SamCart sends this two hours after the prospect is created',
		core: true,
		subject: 'lead',
		aliases: [legacy('Prospect', false), rule('Prospect Created', true)],
	},
	{
		key: 'subscriptionCancelScheduled',
		label: 'New Scheduled Subscription Cancellation',
		description: 'A subscription cancellation was scheduled for a future date',
		core: true,
		subject: 'subscription',
		aliases: [
			legacy('ScheduledCancel', false),
			rule('Subscription Cancel Scheduled', false),
			rule('Subscription Cancellation Scheduled', false),
		],
	},
	{
		key: 'subscriptionCancelScheduleStopped',
		label: 'Scheduled Subscription Cancellation Stopped',
		description: 'A previously scheduled subscription cancellation was stopped',
		core: true,
		subject: 'subscription',
		aliases: [
			legacy('ScheduledCancelStopped', false),
			rule('Subscription Cancel Scheduled Stopped', false),
			rule('Scheduled Subscription Cancellation Stopped', false),
		],
	},
	{
		key: 'subscriptionChargeFailed',
		label: 'Subscription Charge Failed',
		description: 'A recurring subscription payment failed',
		core: false,
		subject: 'subscription',
		aliases: [
			legacy('RecurringPaymentFailed', true),
			rule('Subscription Charge Failed', true),
			rule('Charge Failed', false),
		],
	},
	{
		key: 'subscriptionDelinquent',
		label: 'Subscription Delinquent',
		description: 'A subscription turned delinquent after repeated failed payments',
		core: false,
		subject: 'subscription',
		aliases: [legacy('SubscriptionDelinquent', false), rule('Subscription Delinquent', true)],
	},
	{
		key: 'subscriptionRecovered',
		label: 'Subscription Recovered',
		description: 'A payment succeeded during the dunning cycle',
		core: false,
		subject: 'subscription',
		aliases: [
			legacy('RecurringPaymentRecovered', true),
			legacy('SubscriptionRecovered', false),
			rule('Subscription Recovered', true),
		],
	},
	{
		key: 'partialRefund',
		label: 'Partial Refund',
		description: 'Part of a charge was refunded',
		core: false,
		subject: 'refund',
		aliases: [
			legacy('PartialRefund', false),
			rule('Product Partially Refunded', true),
			rule('Subscription Charge Partially Refunded', false),
		],
	},
	{
		key: 'subscriptionRestarted',
		label: 'Subscription Restarted',
		description: 'The seller restarted a delinquent or canceled subscription',
		core: false,
		subject: 'subscription',
		aliases: [legacy('SubscriptionRestarted', false), rule('Subscription Restarted', true)],
	},
	{
		key: 'subscriptionStarted',
		label: 'Subscription Started',
		description: 'The first recurring charge of a subscription completed',
		core: false,
		subject: 'subscription',
		aliases: [legacy('SubscriptionStarted', false), rule('Subscription Started', true)],
	},
	{
		key: 'subscriptionCompleted',
		label: 'Subscription Completed',
		description: 'A limited subscription made its last payment',
		core: false,
		subject: 'subscription',
		aliases: [
			legacy('SubscriptionCompleted', false),
			rule('Subscription Completed', false),
			rule('Subscription Complete', true),
		],
	},
	{
		key: 'productAddedToOrder',
		label: 'Product Added to Order',
		description: 'A product was added to an existing order (Add to Order)',
		core: false,
		subject: 'order',
		aliases: [legacy('AddToOrder', false), rule('Product Added to Order', true)],
	},
	{
		key: 'upsellPurchased',
		label: 'Upsell Purchased',
		description: 'A buyer accepted an upsell offer',
		core: false,
		subject: 'order',
		aliases: [legacy('Upsell', false), rule('Upsell Purchased', true)],
	},
];

/** The option value meaning "every event, including types this catalogue does not know". */
export const ALL_EVENTS = '*';
/** Event key given to a delivery whose `type` matches no catalogue entry (only with All events). */
export const UNKNOWN_EVENT = 'unknown';

/** Case, spaces, dashes and underscores do not distinguish two `type` values. */
export function normaliseEventType(type: string): string {
	return type.toLowerCase().replace(/[\s_-]+/g, '');
}

const eventsByAlias = new Map<string, SamCartEventDefinition>();
for (const event of SAMCART_EVENTS) {
	for (const alias of event.aliases) eventsByAlias.set(normaliseEventType(alias.type), event);
}

/** The catalogue entry a delivery's `type` names, or undefined when SamCart sent a type we do not know. */
export function findEventByType(type: string): SamCartEventDefinition | undefined {
	return eventsByAlias.get(normaliseEventType(type));
}

export function findEventByKey(key: string): SamCartEventDefinition | undefined {
	return SAMCART_EVENTS.find((event) => event.key === key);
}
