/**
 * THE events table of the polling trigger: for each event, which of SamCart's bulk lists it reads (a record of
 * actions/records.ts), how it knows what is new, and which of the node's filters SamCart's list takes itself.
 *
 * - `created`: a record is new when its ID is above the cursor (SamCart's lists are keyset pages, oldest first:
 *   `offset` is the last ID seen, samcart-api.md §4).
 * - `canceled`: a subscription is newly canceled when its cancellation falls in the window since the last poll
 *   (`canceled_at_min` / `canceled_at_max`); SamCart's records do not carry the time themselves.
 *
 * Keys are the webhook trigger's (trigger/events.ts) where the event is the same, so one workflow can hold both.
 */
import { RECORDS } from '../actions/records';
import { findEventByKey } from '../trigger/events';

export type PolledRecord = 'order' | 'charge' | 'refund' | 'failedCharge' | 'subscription' | 'customer';

export interface PollEvent {
	key: string;
	label: string;
	description: string;
	record: PolledRecord;
	watch: 'created' | 'canceled';
	/** SamCart's list takes `test_mode` (samcart-api.md §3); elsewhere the records' own `test_mode` is read. */
	testModeQuery: boolean;
	/** SamCart's list takes `status` (subscriptions). */
	statusQuery: boolean;
}

/** The webhook catalogue's label for an event both triggers have. */
const webhookLabel = (key: string): string => findEventByKey(key)?.label ?? key;

export const POLL_EVENTS: readonly PollEvent[] = [
	{
		key: 'newOrder',
		label: webhookLabel('newOrder'),
		description: 'A new order: one item per product in it (primary, bump, upsell), as SamCart’s webhook does',
		record: 'order',
		watch: 'created',
		testModeQuery: true,
		statusQuery: false,
	},
	{
		key: 'newCharge',
		label: 'New Charge',
		description: 'A new successful charge: a checkout or a subscription rebill',
		record: 'charge',
		watch: 'created',
		testModeQuery: true,
		statusQuery: false,
	},
	{
		key: 'newRefund',
		label: webhookLabel('newRefund'),
		description: 'A new refund, full or partial (the record’s charge_refund_status tells which)',
		record: 'refund',
		watch: 'created',
		testModeQuery: false,
		statusQuery: false,
	},
	{
		key: 'newFailedCharge',
		label: 'New Failed Charge',
		description: 'A new failed charge, with the payment processor’s error',
		record: 'failedCharge',
		watch: 'created',
		testModeQuery: true,
		statusQuery: false,
	},
	{
		key: 'newSubscription',
		label: 'New Subscription',
		description: 'A new subscription',
		record: 'subscription',
		watch: 'created',
		testModeQuery: true,
		statusQuery: true,
	},
	{
		key: 'newCustomer',
		label: 'New Customer',
		description: 'A new customer',
		record: 'customer',
		watch: 'created',
		testModeQuery: false,
		statusQuery: false,
	},
	{
		key: 'subscriptionCanceled',
		label: 'Subscription Canceled',
		description:
			'A subscription was canceled since the last poll; the item says voluntary or delinquent where the status tells',
		record: 'subscription',
		watch: 'canceled',
		testModeQuery: true,
		statusQuery: true,
	},
];

export function findPollEvent(key: string): PollEvent | undefined {
	return POLL_EVENTS.find((event) => event.key === key);
}

/** The list the event reads, below the base URL. */
export const pathOf = (event: PollEvent): string => RECORDS[event.record].path;
