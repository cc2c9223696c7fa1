/**
 * Money helpers. SamCart's REST API speaks integer minor units ("cents"); people type decimals.
 * All arithmetic stays in integers: no binary floating point ever touches an amount.
 */

// ISO 4217 currencies whose minor unit is not 1/100 (the rest, USD, EUR, GBP, …, use two decimals).
export const FRACTION_DIGITS: Readonly<Record<string, number>> = {
	BIF: 0,
	CLP: 0,
	DJF: 0,
	GNF: 0,
	ISK: 0,
	JPY: 0,
	KMF: 0,
	KRW: 0,
	PYG: 0,
	RWF: 0,
	UGX: 0,
	UYI: 0,
	VND: 0,
	VUV: 0,
	XAF: 0,
	XOF: 0,
	XPF: 0,
	BHD: 3,
	IQD: 3,
	JOD: 3,
	KWD: 3,
	LYD: 3,
	OMR: 3,
	TND: 3,
	CLF: 4,
	UYW: 4,
};

export function fractionDigitsOf(currency?: string | null): number {
	return FRACTION_DIGITS[(currency ?? '').toUpperCase()] ?? 2;
}

/** 1250 → "12.50"; -5 → "-0.05"; 1250 JPY → "1250". Throws on a non-integer amount. */
export function centsToDecimalString(cents: number, currency?: string | null): string {
	if (!Number.isSafeInteger(cents)) throw new RangeError(`Amount ${cents} is not a whole number of cents`);
	const digits = fractionDigitsOf(currency);
	const sign = cents < 0 ? '-' : '';
	const magnitude = String(Math.abs(cents)).padStart(digits + 1, '0');
	if (digits === 0) return sign + magnitude;
	return `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

/** The decimal as a JSON number (12.5), for spreadsheets and charts; compute with the cents. */
export function centsToDecimalNumber(cents: number, currency?: string | null): number {
	return Number(centsToDecimalString(cents, currency));
}

/**
 * "12.50", "12.5", 12.5, "1,234.56" → 1250 / 123456 cents, exactly. Rejects more decimals than the currency has,
 * exponents, and anything that is not a plain decimal.
 */
export function decimalToCents(value: string | number, currency?: string | null): number {
	const digits = fractionDigitsOf(currency);
	const text = (typeof value === 'number' ? String(value) : value).trim().replace(/,(?=\d{3}(\D|$))/g, '');
	const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
	if (!match) throw new RangeError(`"${value}" is not an amount like 12.50`);
	const [, sign, whole, fraction = ''] = match;
	const significant = fraction.replace(/0+$/, '');
	if (significant.length > digits) {
		throw new RangeError(`"${value}" has more than ${digits} decimal places`);
	}
	const cents = Number(whole + significant.padEnd(digits, '0'));
	if (!Number.isSafeInteger(cents)) throw new RangeError(`"${value}" is too large`);
	return sign === '-' && cents !== 0 ? -cents : cents;
}

/** Reads an amount SamCart sent: an integer (cents) or, in webhooks, a dollar string such as "49.00". */
export function amountToCents(
	value: unknown,
	unit: 'cents' | 'decimal',
	currency?: string | null,
): number | null {
	if (value === null || value === undefined || value === '') return null;
	if (unit === 'cents') {
		const cents = typeof value === 'number' ? value : Number(value);
		return Number.isSafeInteger(cents) ? cents : null;
	}
	if (typeof value !== 'number' && typeof value !== 'string') return null;
	try {
		return decimalToCents(value, currency);
	} catch {
		return null;
	}
}
