import { samCartTimeToIso, toSamCartDateFilter, toSamCartTime } from '../../../nodes/SamCart/shared/time';

describe('SamCart timestamps ⇄ ISO 8601', () => {
	it.each([
		['2021-03-08 00:18:35', '2021-03-08T00:18:35Z'],
		['1970-01-01 00:00:00', '1970-01-01T00:00:00Z'],
		['2024-02-29 23:59:59', '2024-02-29T23:59:59Z'],
	])('%s ⇄ %s', (samcart, iso) => {
		expect(samCartTimeToIso(samcart)).toBe(iso);
		expect(toSamCartTime(iso)).toBe(samcart);
		expect(toSamCartTime(new Date(iso))).toBe(samcart);
	});

	it('converts values that carry a zone to UTC and leaves the rest as they are', () => {
		expect(samCartTimeToIso('2025-01-16T14:30:00+02:00')).toBe('2025-01-16T12:30:00Z');
		expect(samCartTimeToIso('2025-01-16')).toBe('2025-01-16');
		expect(samCartTimeToIso(null)).toBeNull();
		expect(samCartTimeToIso('not a date')).toBe('not a date');
	});

	it('reads a zoneless value as UTC, as SamCart writes it', () => {
		expect(toSamCartTime('2021-03-08T00:18:35')).toBe('2021-03-08 00:18:35');
		expect(() => toSamCartTime('yesterday')).toThrow(RangeError);
	});
});

describe('date filters', () => {
	it('keeps a date-only value: SamCart reads it as the start or end of that UTC day', () => {
		expect(toSamCartDateFilter('2025-01-16')).toBe('2025-01-16');
	});

	it('turns instants into ISO 8601 UTC', () => {
		expect(toSamCartDateFilter('2025-01-16T14:30:00Z')).toBe('2025-01-16T14:30:00Z');
		expect(toSamCartDateFilter('2025-01-16T14:30:00.000-05:00')).toBe('2025-01-16T19:30:00Z');
		expect(toSamCartDateFilter(new Date(Date.UTC(2025, 0, 16, 1, 2, 3)))).toBe('2025-01-16T01:02:03Z');
	});

	it('accepts Luxon DateTime-like objects, as n8n expressions produce', () => {
		const dateTime = { toJSDate: () => new Date('2025-06-01T08:00:00Z'), toISO: () => 'ignored' };
		expect(toSamCartDateFilter(dateTime)).toBe('2025-06-01T08:00:00Z');
		expect(toSamCartDateFilter({ toISO: () => '2025-06-01T10:00:00+02:00' })).toBe('2025-06-01T08:00:00Z');
	});

	it("reads the date picker's zoneless value in the workflow's time zone", () => {
		expect(toSamCartDateFilter('2025-01-16T09:00:00')).toBe('2025-01-16T09:00:00Z');
		expect(toSamCartDateFilter('2025-01-16T09:00:00', 'America/New_York')).toBe('2025-01-16T14:00:00Z');
		expect(toSamCartDateFilter('2025-07-16T09:00:00', 'America/New_York')).toBe('2025-07-16T13:00:00Z');
		expect(toSamCartDateFilter('2025-07-16 09:00', 'Europe/Berlin')).toBe('2025-07-16T07:00:00Z');
	});

	it.each(['', 'last week', '2025-13-45', '16/01/2025'])('rejects %p', (value) => {
		expect(() => toSamCartDateFilter(value)).toThrow(RangeError);
	});
});
