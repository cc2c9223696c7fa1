/**
 * Where each event's cursor lives: the workflow's static data ('node'), one entry per event key. The node reads
 * them before a poll and writes them only after the whole poll succeeded, so a failed poll leaves every one as it was.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * - `lastId`: the highest record ID already emitted (or present at activation); 0 = from the first record.
 * - `since`: Start From: every record created at or after this instant (ISO 8601), until the first one is seen.
 * - `canceledSince`: cancellations at or after this instant. `until` and `afterId` hold a window that a poll
 *   left unfinished (its time ran out): the next poll reads the same window on from `afterId`.
 */
export type EventCursor =
	{ lastId: number } | { since: string } | { canceledSince: string; until?: string; afterId?: number };

export const CURSORS_KEY = 'cursors';

const isId = (value: unknown): value is number =>
	typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isInstant = (value: unknown): value is string =>
	typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** A stored cursor, if it is one this node wrote; anything else counts as none (the event starts at "now"). */
export function readCursor(value: unknown): EventCursor | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const stored = value as IDataObject;
	if (isId(stored.lastId)) return { lastId: stored.lastId };
	if (isInstant(stored.since)) return { since: stored.since };
	if (isInstant(stored.canceledSince)) {
		const cursor: EventCursor = { canceledSince: stored.canceledSince };
		if (isInstant(stored.until)) {
			cursor.until = stored.until;
			if (isId(stored.afterId)) cursor.afterId = stored.afterId;
		}
		return cursor;
	}
	return undefined;
}

export function readCursors(staticData: IDataObject): Record<string, EventCursor | undefined> {
	const stored = staticData[CURSORS_KEY];
	const cursors: Record<string, EventCursor | undefined> = {};
	if (!stored || typeof stored !== 'object') return cursors;
	for (const [key, value] of Object.entries(stored as IDataObject)) cursors[key] = readCursor(value);
	return cursors;
}

/**
 * Replaces the stored cursors with these, for the selected events only: an event taken out of the node forgets
 * its cursor, so adding it back starts at "now" instead of replaying what happened meanwhile. A new object is
 * assigned, which n8n sees as a change to save.
 */
export function saveCursors(staticData: IDataObject, cursors: Record<string, EventCursor>): void {
	staticData[CURSORS_KEY] = JSON.parse(JSON.stringify(cursors)) as IDataObject;
}
