/**
 * The trigger's one decision: refuse (status and reason), ignore (reason), or accept. Every rule lives here, once:
 * the token, the body, the selected events, test mode, products, duplicates and Once Per Order, and what Verify
 * found. Pure: the node gathers the facts (trigger/receive.ts) and acts on the verdict.
 */
import { ALL_EVENTS, UNKNOWN_EVENT } from './events';
import type { Delivery } from './delivery';
import type { Seen } from './memory';

/** A refusal: the HTTP status and the JSON body the trigger answers with; no execution starts. */
export interface Refusal {
	status: number;
	body: { error: string; message: string };
}

export interface TriggerConfig {
	events: string[];
	products: string[];
	testMode: 'include' | 'ignore';
	secretToken: string;
	verify: boolean;
	enrich: boolean;
	ignoreDuplicates: boolean;
	/** 0 = off; else how long (ms) the first accepted delivery of an order keeps the later ones out. */
	oncePerOrderMs: number;
}

export type IgnoreReason =
	| 'event_not_selected'
	| 'unknown_type'
	| 'test_mode'
	| 'product_not_selected'
	| 'duplicate'
	| 'order_already_seen';

export type Verdict =
	| { kind: 'refuse'; refusal: Refusal }
	| { kind: 'ignore'; reason: IgnoreReason; event?: string; eventId?: string }
	| { kind: 'accept'; event: string; label: string };

/** What is known about a request when deciding; later facts are absent until they are gathered. */
export interface Facts {
	tokenOk: boolean;
	/** The body could not be read (400, 413). */
	bodyRefusal?: Refusal;
	delivery?: Delivery;
	/** What the duplicate and order memory knew before this delivery. */
	seen?: Seen;
	/** Verify found a record missing (422) or could not ask SamCart (503). */
	verifyRefusal?: Refusal;
	/** The order SamCart's API returned (Verify or Enrich) is in test mode. */
	apiTestMode?: boolean;
}

const UNAUTHORIZED: Refusal = {
	status: 401,
	body: { error: 'unauthorized', message: 'The token in the URL is missing or wrong.' },
};

/** The event key and label a delivery starts the workflow as, if it was selected. */
function selectedEvent(
	delivery: Delivery,
	selected: readonly string[],
): { key: string; label: string } | undefined {
	const all = selected.includes(ALL_EVENTS);
	if (!delivery.event) return all ? { key: UNKNOWN_EVENT, label: 'Unknown Event' } : undefined;
	return all || selected.includes(delivery.event.key) ? delivery.event : undefined;
}

/** The order a delivery counts against for Once Per Order: its event and order ID; none without an order. */
export function orderKeyOf(delivery: Delivery, config: TriggerConfig): string | undefined {
	const orderId = delivery.summary.order_id;
	if (config.oncePerOrderMs <= 0 || orderId === null) return undefined;
	return `${delivery.event?.key ?? UNKNOWN_EVENT}:${orderId}`;
}

export function decide(facts: Facts, config: TriggerConfig): Verdict {
	if (!facts.tokenOk) return { kind: 'refuse', refusal: UNAUTHORIZED };
	if (facts.bodyRefusal) return { kind: 'refuse', refusal: facts.bodyRefusal };
	const delivery = facts.delivery;
	if (!delivery) throw new Error('decide() needs the delivery once the body was read');
	const chosen = selectedEvent(delivery, config.events);
	if (!chosen) {
		return delivery.event
			? { kind: 'ignore', reason: 'event_not_selected', event: delivery.event.key }
			: { kind: 'ignore', reason: 'unknown_type' };
	}
	const ignore = (reason: IgnoreReason, withId = false): Verdict => ({
		kind: 'ignore',
		reason,
		event: chosen.key,
		...(withId ? { eventId: delivery.eventId } : {}),
	});
	if (config.testMode === 'ignore' && delivery.testMode) return ignore('test_mode');
	if (config.products.length && !delivery.productIds.some((id) => config.products.includes(id))) {
		return ignore('product_not_selected');
	}
	if (facts.seen?.event) return ignore('duplicate', true);
	if (facts.seen?.order) return ignore('order_already_seen', true);
	if (facts.verifyRefusal) return { kind: 'refuse', refusal: facts.verifyRefusal };
	if (config.testMode === 'ignore' && facts.apiTestMode) return ignore('test_mode', true);
	return { kind: 'accept', event: chosen.key, label: chosen.label };
}
