/** Query filters of §3 / §3.1. Invalid values answer 400 with the validation body. */
import { validation, type RequestContext } from './http';
import { parseFilterDate, parseTimestamp } from './time';

export function dateRange(ctx: RequestContext, prefix: string): { min?: number; max?: number } {
	const out: { min?: number; max?: number } = {};
	for (const bound of ['min', 'max'] as const) {
		const name = `${prefix}_${bound}`;
		const raw = ctx.query.get(name);
		if (raw === null) continue;
		const ms = parseFilterDate(raw, bound);
		if (ms === undefined)
			throw validation(`The ${name} must be a valid date (YYYY-MM-DD) or ISO 8601 date-time with a timezone.`);
		out[bound] = ms;
	}
	return out;
}

export function inRange(value: string | null, range: { min?: number; max?: number }): boolean {
	if (range.min === undefined && range.max === undefined) return true;
	if (value === null) return false;
	const ms = parseTimestamp(value);
	return (range.min === undefined || ms >= range.min) && (range.max === undefined || ms <= range.max);
}

/** `test_mode`: true/false (also 1/0); omitted = live and test. */
export function testModeFilter(ctx: RequestContext): boolean | undefined {
	const raw = ctx.query.get('test_mode');
	if (raw === null || raw === '') return undefined;
	if (raw === 'true' || raw === '1') return true;
	if (raw === 'false' || raw === '0') return false;
	throw validation('The test_mode field must be true or false.');
}

export function enumFilter<T extends string>(ctx: RequestContext, name: string, allowed: readonly T[]): T | undefined {
	const raw = ctx.query.get(name);
	if (raw === null || raw === '') return undefined;
	if (!(allowed as readonly string[]).includes(raw)) throw validation(`The selected ${name} is invalid.`);
	return raw as T;
}

type Predicate<T> = (record: T) => boolean;

/** Builds the created_at (+ test_mode) predicate most resources share. */
export function commonFilter<T>(
	ctx: RequestContext,
	createdAt: (r: T) => string | null,
	testMode?: (r: T) => boolean,
): Predicate<T> {
	const created = dateRange(ctx, 'created_at');
	const tm = testMode ? testModeFilter(ctx) : undefined;
	return (r) => inRange(createdAt(r), created) && (tm === undefined || testMode!(r) === tm);
}
