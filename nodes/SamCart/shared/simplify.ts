import type { IDataObject } from 'n8n-workflow';

import { centsToDecimalNumber } from './money';
import { samCartTimeToIso } from './time';

/**
 * Building blocks of the Simplify output: every amount names its unit (`<name>_cents` as SamCart sent it, plus
 * `<name>` as a decimal in `currency`), every time is ISO 8601 with `Z`. Without a currency the decimal is null:
 * 1000 is 10.00 EUR but 1000 JPY, so it cannot be guessed.
 */
export function amount(name: string, cents: unknown, currency: string | null): IDataObject {
	if (cents === null || cents === undefined || cents === '') return { [`${name}_cents`]: null, [name]: null };
	const value = typeof cents === 'string' ? Number(cents) : cents;
	// SamCart types some amounts as floats (product price); a fraction of a cent would be a silent error downstream.
	if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
		throw new RangeError(
			`SamCart sent ${name} ${JSON.stringify(cents)}, which is not a whole number of cents. Turn off Simplify to get the value as sent.`,
		);
	}
	return {
		[`${name}_cents`]: value,
		[name]: currency === null ? null : centsToDecimalNumber(value, currency),
	};
}

/** These fields as SamCart sent them, in this order, null where it sent none: Simplify's output has every key. */
export function orNull(record: IDataObject, ...fields: string[]): IDataObject {
	return Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
}

export function isoTime(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return samCartTimeToIso(String(value));
}

function code(value: unknown): string | null {
	return typeof value === 'string' && value.trim() ? value.trim().toUpperCase() : null;
}

/**
 * The currency of a record where SamCart puts it: the record, else its cart items when they agree. Null otherwise
 * (subscriptions, plans and customers carry none): a store may sell in any currency, so none is assumed. A
 * subscription's (and its plan's) is read from its product (`currencyFrom` in the records table).
 */
export function currencyOf(record: IDataObject): string | null {
	const own = code(record.currency);
	if (own) return own;
	const items = Array.isArray(record.cart_items) ? (record.cart_items as IDataObject[]) : [];
	const codes = new Set(items.map((item) => code(item?.currency)));
	return codes.size === 1 ? [...codes][0] : null;
}
