import type { IDataObject } from 'n8n-workflow';

import { centsToDecimalNumber } from './money';
import { samCartTimeToIso } from './time';

/**
 * Building blocks of the Simplify output: every amount names its unit (`<name>_cents` as SamCart sent it, plus
 * `<name>` as a decimal in `currency`), every time is ISO 8601 with `Z`.
 */
export function amount(name: string, cents: unknown, currency: string | undefined): IDataObject {
	if (typeof cents !== 'number' || !Number.isSafeInteger(cents)) return { [`${name}_cents`]: cents ?? null };
	return { [`${name}_cents`]: cents, [name]: centsToDecimalNumber(cents, currency) };
}

export function isoTime(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return samCartTimeToIso(String(value));
}

/** The currency of a record, looking where SamCart puts it (the record, or its first cart item). */
export function currencyOf(record: IDataObject): string {
	if (typeof record.currency === 'string' && record.currency) return record.currency;
	const items = record.cart_items;
	if (Array.isArray(items) && items.length && typeof (items[0] as IDataObject).currency === 'string') {
		return (items[0] as IDataObject).currency as string;
	}
	return 'USD';
}

/** Applies a simplifier to one record or a list, or returns SamCart's records untouched. */
export function maybeSimplify<T extends IDataObject | IDataObject[]>(
	records: T,
	simplify: boolean,
	simplifier: (record: IDataObject) => IDataObject,
): T {
	if (!simplify) return records;
	return (Array.isArray(records) ? records.map(simplifier) : simplifier(records)) as T;
}
