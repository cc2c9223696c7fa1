/** SamCart timestamps: UTC `YYYY-MM-DD HH:MM:SS`, no zone. Internally we carry epoch milliseconds. */

export const DAY_MS = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatTimestamp(ms: number): string {
	const d = new Date(ms);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

export function formatDate(ms: number): string {
	return formatTimestamp(ms).slice(0, 10);
}

export function parseTimestamp(value: string): number {
	return Date.parse(`${value.replace(' ', 'T')}Z`);
}

export function startOfUtcDay(ms: number): number {
	return Math.floor(ms / DAY_MS) * DAY_MS;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function validCalendarDate(y: number, m: number, d: number): boolean {
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Parses a filter value (§3.1): date-only `2025-01-16` (min → 00:00:00, max → 23:59:59 UTC) or ISO 8601 with a zone
 * (`2025-01-16T14:30:00Z`, `+02:00`). Our reading: a date-time WITHOUT a zone is rejected (the reference says "with
 * timezone"), as is anything else. Returns epoch ms (whole seconds) or undefined when invalid.
 */
export function parseFilterDate(value: string, bound: 'min' | 'max'): number | undefined {
	const dateOnly = DATE_ONLY.exec(value);
	if (dateOnly) {
		const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
		if (!validCalendarDate(y, m, d)) return undefined;
		const start = Date.UTC(y, m - 1, d);
		return bound === 'min' ? start : start + DAY_MS - 1000;
	}
	const dt = DATE_TIME.exec(value);
	if (dt) {
		const [y, m, d, hh, mm] = [Number(dt[1]), Number(dt[2]), Number(dt[3]), Number(dt[4]), Number(dt[5])];
		const ss = Number(dt[6] ?? 0);
		if (!validCalendarDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) return undefined;
		const ms = Date.parse(value);
		if (Number.isNaN(ms)) return undefined;
		return Math.floor(ms / 1000) * 1000;
	}
	return undefined;
}

/** ISO date or date-time (with zone) as epoch ms, for write bodies (next_rebilling_date, schedule_date). */
export function parseIsoInput(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	return parseFilterDate(value, 'min');
}
