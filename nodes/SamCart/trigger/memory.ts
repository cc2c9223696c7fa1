/**
 * What "Ignore Duplicate Deliveries" remembers, and where.
 *
 * Two places, because neither is enough alone:
 * - the workflow's static data (saved by n8n in its database): survives restarts and is read by every process, but
 *   each delivery gets its own copy loaded before it, so two copies arriving together both see "new";
 * - this process's memory: checked and written with no await in between, so copies arriving together in the
 *   process that receives webhooks (main, or a webhook processor) are caught; it is gone after a restart.
 * A delivery is new only when neither place knows its event ID.
 */
import type { IDataObject } from 'n8n-workflow';

/** How many recent event IDs are remembered per trigger node. */
export const DEDUPE_MEMORY = 500;

/** The static-data key of the persisted list (newest last). */
export const RECENT_KEY = 'recentEventIds';

/** Event IDs per trigger node and activation, oldest first (a Set keeps insertion order). */
const seenInProcess = new Map<string, Set<string>>();

function listOf(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** The newest `max` of `ids` followed by `eventId`, each once. */
function appendBounded(ids: Iterable<string>, eventId: string, max: number): string[] {
	const list = [...ids].filter((id) => id !== eventId);
	list.push(eventId);
	return list.slice(-max);
}

export class DeliveryMemory {
	/**
	 * @param scope one trigger node of one activation (workflow ID, node ID and the ID create() stored), so that a
	 *   re-activated workflow starts with an empty memory, as its static data does.
	 * @param staticData the node's static data as n8n loaded it for this delivery.
	 */
	constructor(
		private readonly scope: string,
		private readonly staticData: IDataObject,
		private readonly max = DEDUPE_MEMORY,
	) {}

	/**
	 * True (and the ID is remembered in both places) when the event is new; false for a redelivery. Synchronous on
	 * purpose: a second copy handled by this process afterwards sees the first.
	 */
	claim(eventId: string): boolean {
		const persisted = listOf(this.staticData[RECENT_KEY]);
		const local = seenInProcess.get(this.scope) ?? new Set<string>();
		if (local.has(eventId) || persisted.includes(eventId)) return false;
		const updated = new Set(appendBounded(local, eventId, this.max));
		seenInProcess.set(this.scope, updated);
		// What this process saw is saved too: a save by another delivery's copy of the static data must not drop it.
		this.staticData[RECENT_KEY] = appendBounded(new Set([...persisted, ...updated]), eventId, this.max);
		return true;
	}

	/** Forgets a claimed event that was then refused (Verify), so that SamCart's next try is not a "duplicate". */
	release(eventId: string): void {
		seenInProcess.get(this.scope)?.delete(eventId);
		const persisted = listOf(this.staticData[RECENT_KEY]);
		if (persisted.includes(eventId)) this.staticData[RECENT_KEY] = persisted.filter((id) => id !== eventId);
	}

	/** Drops this process's memory of every activation of a node (activation and deactivation). */
	static forgetNode(scopePrefix: string): void {
		for (const key of [...seenInProcess.keys()]) if (key.startsWith(scopePrefix)) seenInProcess.delete(key);
	}
}
