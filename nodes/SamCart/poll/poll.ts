/**
 * One poll: for each selected event, the records that are new since its cursor (pages through the transport), and
 * the cursor that follows them. Nothing here writes the cursors: the node saves them once every event succeeded.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SamCartContext } from '../transport';
import type { PollConfig } from './config';
import type { EventCursor } from './cursor';
import type { PollEvent } from './events';
import { pathOf } from './events';
import { itemsOf } from './item';
import { newestRecords, NO_BUDGET, readAfter, recordIdOf } from './pages';
import type { Budget } from './pages';

/** How many of the newest records a manual run looks through for one that the filters keep. */
const SAMPLE_SIZE = 100;

/** SamCart's filters the event's list takes itself; the same ones are checked again on each record. */
function queryOf(event: PollEvent, config: PollConfig): IDataObject {
	const qs: IDataObject = {};
	if (event.testModeQuery && config.testMode !== 'include') qs.test_mode = config.testMode === 'only';
	if (event.statusQuery && config.subscriptionStatus) qs.status = config.subscriptionStatus;
	return qs;
}

/** Whether the node's filters keep this record (a record that does not carry what a filter reads is kept). */
export function keeps(event: PollEvent, config: PollConfig, record: IDataObject): boolean {
	if (config.testMode !== 'include' && typeof record.test_mode === 'boolean') {
		if (record.test_mode !== (config.testMode === 'only')) return false;
	}
	if (event.statusQuery && config.subscriptionStatus && typeof record.status === 'string') {
		if (record.status !== config.subscriptionStatus) return false;
	}
	if (!config.products.length) return true;
	if (event.record === 'subscription') return config.products.includes(String(record.product_id));
	// Orders: the cart items are matched one by one when the items are built (item.ts).
	return true;
}

/** ISO 8601 of a Date.now() value, to the second below. */
const isoSecond = (ms: number): string =>
	new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface EventPoll {
	records: IDataObject[];
	cursor: EventCursor;
}

/**
 * New records by ID. Without a cursor the event starts at "now": the newest record's ID (one request), or at Start
 * From: every record created since, then by ID. The cursor moves to the last record returned.
 */
async function pollCreated(
	context: SamCartContext,
	event: PollEvent,
	stored: EventCursor | undefined,
	config: PollConfig,
	budget: Budget,
): Promise<EventPoll> {
	const path = pathOf(event);
	let cursor = stored && ('lastId' in stored || 'since' in stored) ? stored : undefined;
	if (!cursor && !config.startFrom) {
		const [newest] = await newestRecords(context, path, {}, 1);
		return { records: [], cursor: { lastId: newest ? (recordIdOf(newest) as number) : 0 } };
	}
	cursor ??= { since: config.startFrom as string };
	const qs = queryOf(event, config);
	if ('since' in cursor) {
		const reading = await readAfter(context, path, { ...qs, created_at_min: cursor.since }, 0, budget);
		return { records: reading.records, cursor: reading.records.length ? { lastId: reading.lastId } : cursor };
	}
	const reading = await readAfter(context, path, qs, cursor.lastId, budget);
	return { records: reading.records, cursor: { lastId: reading.lastId } };
}

/**
 * Cancellations by time: the window from the cursor to the last whole second, then the next window starts one
 * second later (SamCart's canceled_at filters are inclusive, to the second). A window the budget cut short is read
 * again on from its last ID.
 */
async function pollCanceled(
	context: SamCartContext,
	event: PollEvent,
	stored: EventCursor | undefined,
	config: PollConfig,
	budget: Budget,
	now: number,
): Promise<EventPoll> {
	const cursor = stored && 'canceledSince' in stored ? stored : undefined;
	if (!cursor && !config.startFrom) return { records: [], cursor: { canceledSince: isoSecond(now) } };
	const since = cursor?.canceledSince ?? (config.startFrom as string);
	const until = cursor?.until ?? isoSecond(now - 1000);
	if (Date.parse(until) < Date.parse(since)) return { records: [], cursor: { canceledSince: since } };
	const qs = { ...queryOf(event, config), canceled_at_min: since, canceled_at_max: until };
	const reading = await readAfter(context, pathOf(event), qs, cursor?.afterId ?? 0, budget);
	const next: EventCursor = reading.complete
		? { canceledSince: isoSecond(Date.parse(until) + 1000) }
		: { canceledSince: since, until, afterId: reading.lastId };
	return { records: reading.records, cursor: next };
}

export async function pollEvent(
	context: SamCartContext,
	event: PollEvent,
	stored: EventCursor | undefined,
	config: PollConfig,
	options: { budget?: Budget; now?: number } = {},
): Promise<EventPoll> {
	const budget = options.budget ?? NO_BUDGET;
	return event.watch === 'canceled'
		? await pollCanceled(context, event, stored, config, budget, options.now ?? Date.now())
		: await pollCreated(context, event, stored, config, budget);
}

/** The items of a poll's records, oldest first, those the filters keep. */
export function itemsOfRecords(
	event: PollEvent,
	config: PollConfig,
	records: IDataObject[],
	polledAt: string,
): IDataObject[] {
	return records
		.filter((record) => keeps(event, config, record))
		.flatMap((record) => itemsOf(event, record, config.products, polledAt));
}

/** Fetch Test Event: the items of the newest record the filters keep. Reads no cursor and moves none. */
export async function sampleItems(
	context: SamCartContext,
	event: PollEvent,
	config: PollConfig,
	polledAt: string,
	now = Date.now(),
): Promise<IDataObject[]> {
	const qs = queryOf(event, config);
	if (event.watch === 'canceled') qs.canceled_at_max = isoSecond(now);
	const newest = await newestRecords(context, pathOf(event), qs, SAMPLE_SIZE);
	for (let index = newest.length - 1; index >= 0; index--) {
		const items = itemsOfRecords(event, config, [newest[index]], polledAt);
		if (items.length) return items;
	}
	return [];
}
