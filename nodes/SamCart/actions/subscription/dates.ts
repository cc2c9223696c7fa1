import { toSamCartDateFilter } from '../../shared/time';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ZONELESS = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).formatToParts(instant);
	const field = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
	return `${field('year')}-${field('month')}-${field('day')}`;
}

function asText(value: unknown): string {
	if (value && typeof value === 'object') {
		const dateTime = value as { toISO?: () => string | null; toISOString?: () => string };
		if (typeof dateTime.toISO === 'function') return dateTime.toISO() ?? '';
		if (typeof dateTime.toISOString === 'function') return dateTime.toISOString();
	}
	return String(value ?? '').trim();
}

/**
 * A date picker's value → the calendar date the user meant, in the workflow's time zone: a date stays that date, a
 * zoneless date-time (what the picker gives) is a wall-clock time there, an instant with a zone is converted.
 */
export function toCalendarDate(value: unknown, timeZone: string): string {
	const text = asText(value);
	if (DATE_ONLY.test(text)) {
		if (Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw new RangeError(`"${text}" is not a date`);
		return text;
	}
	const zoneless = ZONELESS.exec(text);
	if (zoneless) return toCalendarDate(zoneless[1], timeZone);
	const instant = new Date(toSamCartDateFilter(text, timeZone));
	return dateIn(instant, timeZone);
}

/** A date picker's value → an ISO 8601 instant with `Z`; a date alone means its midnight in the time zone. */
export function toInstant(value: unknown, timeZone: string): string {
	const text = asText(value);
	return toSamCartDateFilter(DATE_ONLY.test(text) ? `${text}T00:00:00` : text, timeZone);
}
