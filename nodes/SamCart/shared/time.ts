/**
 * Time helpers. SamCart writes UTC timestamps without a zone ("2021-03-08 00:18:35"); n8n users and tools expect
 * ISO 8601 with `Z`. Date filters accept what n8n's date picker and expressions produce.
 */

const SAMCART_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

function toIsoSeconds(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isValidDate(date: Date): boolean {
	return !Number.isNaN(date.getTime());
}

/** "2021-03-08 00:18:35" → "2021-03-08T00:18:35Z". Values already carrying a zone are converted to UTC. */
export function samCartTimeToIso<T>(value: string | T): string | T {
	if (typeof value !== 'string') return value;
	const zoneless = SAMCART_TIMESTAMP.exec(value);
	if (zoneless) return `${zoneless[1]}T${zoneless[2]}Z`;
	if (DATE_ONLY.test(value)) return value;
	if (HAS_ZONE.test(value)) {
		const date = new Date(value);
		if (isValidDate(date)) return toIsoSeconds(date);
	}
	return value;
}

/** Any instant → SamCart's "YYYY-MM-DD HH:MM:SS" in UTC. */
export function toSamCartTime(value: Date | string): string {
	const date = typeof value === 'string' ? new Date(HAS_ZONE.test(value) ? value : `${value}Z`) : value;
	if (!isValidDate(date)) throw new RangeError(`"${String(value)}" is not a date and time`);
	return toIsoSeconds(date).replace('T', ' ').replace('Z', '');
}

/** Offset of `timeZone` from UTC, in minutes, at the given instant (Intl only: no time-zone library needed). */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(instant);
	const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		field('year'),
		field('month') - 1,
		field('day'),
		field('hour'),
		field('minute'),
		field('second'),
	);
	return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** A wall-clock time ("2025-01-16T09:00:00") in `timeZone` → the UTC instant. */
function wallClockToInstant(wallClock: string, timeZone: string): Date {
	const guess = new Date(`${wallClock}Z`);
	if (!isValidDate(guess)) throw new RangeError(`"${wallClock}" is not a date and time`);
	const first = new Date(guess.getTime() - zoneOffsetMinutes(guess, timeZone) * 60_000);
	// A second pass settles instants next to a daylight-saving change.
	return new Date(guess.getTime() - zoneOffsetMinutes(first, timeZone) * 60_000);
}

type DateLike = string | Date | { toISO: () => string | null } | { toJSDate: () => Date };

/**
 * A date filter value → the form SamCart's `created_at_min/max` (and rebilling/canceled) filters accept:
 * - date-only stays date-only: SamCart reads it as 00:00:00 (min) or 23:59:59 (max) UTC;
 * - an instant with a zone, a Date or a Luxon DateTime → ISO 8601 UTC with `Z`;
 * - a zoneless date-time (what n8n's date picker gives) is read in `timeZone` (the workflow's), default UTC.
 */
export function toSamCartDateFilter(value: DateLike, timeZone = 'UTC'): string {
	if (value instanceof Date) {
		if (!isValidDate(value)) throw new RangeError('The date is not valid');
		return toIsoSeconds(value);
	}
	if (typeof value === 'object' && value !== null) {
		if ('toJSDate' in value && typeof value.toJSDate === 'function')
			return toSamCartDateFilter(value.toJSDate());
		if ('toISO' in value && typeof value.toISO === 'function')
			return toSamCartDateFilter(value.toISO() ?? '');
	}
	const text = String(value).trim();
	if (DATE_ONLY.test(text)) {
		if (!isValidDate(new Date(`${text}T00:00:00Z`))) throw new RangeError(`"${text}" is not a date`);
		return text;
	}
	if (HAS_ZONE.test(text)) {
		const date = new Date(text);
		if (!isValidDate(date)) throw new RangeError(`"${text}" is not a date and time`);
		return toIsoSeconds(date);
	}
	const wallClock = text.replace(' ', 'T');
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(wallClock)) {
		throw new RangeError(`"${text}" is not a date (use e.g. 2025-01-16 or 2025-01-16T14:30:00Z)`);
	}
	return toIsoSeconds(wallClockToInstant(wallClock.replace(/\.\d+$/, ''), timeZone));
}
