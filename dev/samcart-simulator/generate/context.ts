/** What the generator's steps share while they build one dataset, in one fixed order (one seeded Rng). */
import type { FakerPool, PoolPerson } from '../pool';
import type { Rng } from '../rng';
import type { Dataset } from '../store';
import type {
	CartItem,
	Charge,
	Customer,
	FailedCharge,
	Order,
	ProcessorName,
	Subscription,
	SubscriptionHistory,
	SubscriptionPlan,
} from '../types';

export interface CustomerDraft {
	customer: Customer;
	person: PoolPerson;
	processor: ProcessorName;
	last4: string;
	ms: number;
	lastActivity: number;
	physical: boolean;
}

export interface ChargeDraft {
	charge: Charge;
	ms: number;
	items: CartItem[];
	subscription?: Subscription;
	rebill: boolean;
}

export interface Timed<T> {
	record: T;
	ms: number;
}

export interface SubscriptionDraft {
	sub: Subscription;
	plan: SubscriptionPlan;
	at: number;
	order: Order;
	customer: { customer: Customer; lastActivity: number };
	item: CartItem;
}

/** The dataset under construction and the drafts that get their IDs once every record is known. */
export interface Generation {
	rng: Rng;
	ds: Dataset;
	pool: FakerPool;
	/** Reference "now", whole seconds. */
	now: number;
	/** Start of the span the records are spread over. */
	windowStart: number;
	customerDrafts: CustomerDraft[];
	buyers: CustomerDraft[];
	orderCustomer: Map<Order, CustomerDraft>;
	chargeDrafts: ChargeDraft[];
	subscriptionDrafts: SubscriptionDraft[];
	failedDrafts: Array<Timed<FailedCharge>>;
	failedCustomer: Map<FailedCharge, { customer: Customer }>;
	historyDrafts: Array<Timed<SubscriptionHistory>>;
}

export function sortAssign<T extends { id: number }>(drafts: Array<Timed<T>>, base: number): T[] {
	drafts.sort((a, b) => a.ms - b.ms);
	return drafts.map((d, i) => {
		d.record.id = base + i;
		return d.record;
	});
}

export function transactionId(rng: Rng, processor: ProcessorName): string {
	switch (processor) {
		case 'Stripe':
			return `ch_${rng.alnum(24)}`;
		case 'PayPal':
			return rng.alnum(17).toUpperCase();
		case 'Braintree':
			return rng.alnum(8).toLowerCase();
		case 'Authorize.net':
			return String(rng.int(10_000_000_000, 99_999_999_999));
	}
}

/** A processor's reason for a declined card, weighted as they occur. */
export const pickError = (rng: Rng) =>
	rng.weighted({ declined: 40, insufficient: 25, expired: 20, cvc: 8, processing: 7 } as const);
