/**
 * What "Ignore Duplicate Deliveries" and "Once Per Order" remember, and where.
 *
 * Two places, because neither is enough alone:
 * - the workflow's static data (saved by n8n in its database): survives restarts and is read by every process, but
 *   each delivery gets its own copy loaded before it, so two copies arriving together both see "new";
 * - this process's memory: checked and written with no await in between, so copies arriving together in the
 *   process that receives webhooks (main, or a webhook processor) are caught; it is gone after a restart.
 * Something is new only when neither place knows it.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/** How many recent event IDs are remembered per trigger node. */
export const DEDUPE_MEMORY = 500;
/** How many orders Once Per Order remembers per trigger node (older ones drop out, as do expired ones). */
export const ORDER_MEMORY = 2000;

/**
 * Static-data keys: event IDs (newest last), `[event key:order ID, accepted at (ms)]` pairs, and the ID create()
 * gives each activation (so that this process's memory of an earlier activation is not used).
 */
export const RECENT_KEY = 'recentEventIds';
export const ORDERS_KEY = 'recentOrders';
export const ACTIVATION_KEY = 'activationId';

/** The process memory of one trigger node: its workflow and node (the activation is appended). */
export function nodeScope(context: IHookFunctions | IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:`;
}

interface ProcessMemory {
	events: Set<string>;
	orders: Map<string, number>;
}

/** Per trigger node and activation; a Set and a Map keep insertion order, oldest first. */
const inProcess = new Map<string, ProcessMemory>();

const eventsOf = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];

function ordersOf(value: unknown): Array<[string, number]> {
	if (!Array.isArray(value)) return [];
	return value.filter(
		(entry): entry is [string, number] =>
			Array.isArray(entry) && typeof entry[0] === 'string' && Number.isFinite(entry[1]),
	);
}

/** The newest `max` of `ids`, then `id`, each once. */
function appendBounded(ids: Iterable<string>, id: string, max: number): string[] {
	const list = [...ids].filter((known) => known !== id);
	list.push(id);
	return list.slice(-max);
}

export interface Seen {
	/** The event ID is known: a redelivery. */
	event: boolean;
	/** Another delivery of this order and event was accepted within the window. */
	order: boolean;
}

export interface MemoryKeys {
	/** When Ignore Duplicate Deliveries is on. */
	eventId?: string;
	/** `<event key>:<order ID>` when Once Per Order applies to the delivery. */
	orderKey?: string;
}

export class DeliveryMemory {
	private readonly local: ProcessMemory;

	/**
	 * @param scope one trigger node of one activation (workflow ID, node ID and the ID create() stored), so that a
	 *   re-activated workflow starts with an empty memory, as its static data does.
	 * @param staticData the node's static data as n8n loaded it for this delivery.
	 * @param orderWindowMs how long an accepted order keeps later deliveries of it out.
	 */
	constructor(
		scope: string,
		private readonly staticData: IDataObject,
		private readonly orderWindowMs = 0,
		private readonly now = Date.now(),
	) {
		let local = inProcess.get(scope);
		if (!local) inProcess.set(scope, (local = { events: new Set(), orders: new Map() }));
		this.local = local;
	}

	/** What both places know about this delivery. */
	seen(keys: MemoryKeys): Seen {
		const { eventId } = keys;
		const event =
			eventId !== undefined &&
			(this.local.events.has(eventId) || eventsOf(this.staticData[RECENT_KEY]).includes(eventId));
		const since = this.now - this.orderWindowMs;
		const order =
			keys.orderKey !== undefined &&
			((this.local.orders.get(keys.orderKey) ?? -Infinity) > since ||
				ordersOf(this.staticData[ORDERS_KEY]).some(([key, at]) => key === keys.orderKey && at > since));
		return { event, order };
	}

	/**
	 * Remembers an accepted delivery in both places. Call it right after `seen()`, with no await in between, so that
	 * a copy handled by this process afterwards sees it.
	 */
	remember(keys: MemoryKeys): void {
		if (keys.eventId !== undefined) {
			this.local.events = new Set(appendBounded(this.local.events, keys.eventId, DEDUPE_MEMORY));
			// What this process saw is saved too: a save by another delivery's copy must not drop it.
			const persisted = eventsOf(this.staticData[RECENT_KEY]);
			this.staticData[RECENT_KEY] = appendBounded(
				new Set([...persisted, ...this.local.events]),
				keys.eventId,
				DEDUPE_MEMORY,
			);
		}
		if (keys.orderKey === undefined) return;
		this.local.orders.delete(keys.orderKey);
		this.local.orders.set(keys.orderKey, this.now);
		const since = this.now - this.orderWindowMs;
		const merged = new Map([...ordersOf(this.staticData[ORDERS_KEY]), ...this.local.orders]);
		merged.delete(keys.orderKey);
		merged.set(keys.orderKey, this.now);
		this.local.orders = new Map([...this.local.orders].filter(([, at]) => at > since).slice(-ORDER_MEMORY));
		this.staticData[ORDERS_KEY] = [...merged].filter(([, at]) => at > since).slice(-ORDER_MEMORY);
	}

	/** Forgets a remembered delivery that was then refused (Verify), so that SamCart's next try is not ignored. */
	forget(keys: MemoryKeys): void {
		if (keys.eventId !== undefined) {
			this.local.events.delete(keys.eventId);
			this.staticData[RECENT_KEY] = eventsOf(this.staticData[RECENT_KEY]).filter((id) => id !== keys.eventId);
		}
		if (keys.orderKey === undefined) return;
		this.local.orders.delete(keys.orderKey);
		this.staticData[ORDERS_KEY] = ordersOf(this.staticData[ORDERS_KEY]).filter(
			([key]) => key !== keys.orderKey,
		);
	}

	/** The memory of the trigger node this delivery reached. */
	static of(context: IWebhookFunctions, orderWindowMs: number): DeliveryMemory {
		const staticData = context.getWorkflowStaticData('node');
		const scope = `${nodeScope(context)}${String(staticData[ACTIVATION_KEY] ?? '')}`;
		return new DeliveryMemory(scope, staticData, orderWindowMs);
	}

	/** Drops this process's memory of every activation of a node (activation and deactivation). */
	static forgetNode(context: IHookFunctions): void {
		const prefix = nodeScope(context);
		for (const key of [...inProcess.keys()]) if (key.startsWith(prefix)) inProcess.delete(key);
	}
}
