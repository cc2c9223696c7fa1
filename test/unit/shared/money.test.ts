import {
	amountToCents,
	centsToDecimalNumber,
	centsToDecimalString,
	decimalToCents,
} from '../../../nodes/SamCart/shared/money';

describe('cents → decimal', () => {
	it.each([
		[0, '0.00'],
		[1, '0.01'],
		[99, '0.99'],
		[100, '1.00'],
		[1250, '12.50'],
		[99999999, '999999.99'],
		[-1, '-0.01'],
		[-4999, '-49.99'],
	])('%i cents → %s', (cents, text) => {
		expect(centsToDecimalString(cents, 'USD')).toBe(text);
		expect(decimalToCents(text, 'USD')).toBe(cents);
		expect(centsToDecimalNumber(cents)).toBe(Number(text));
	});

	it('uses the minor unit of the currency', () => {
		expect(centsToDecimalString(1250, 'JPY')).toBe('1250');
		expect(centsToDecimalString(1250, 'KWD')).toBe('1.250');
		expect(centsToDecimalString(1250, 'CLF')).toBe('0.1250');
		expect(centsToDecimalString(1250, 'eur')).toBe('12.50');
		expect(decimalToCents('1.250', 'kwd')).toBe(1250);
		expect(decimalToCents('1250', 'JPY')).toBe(1250);
	});

	it('refuses an amount that is not a whole number of cents', () => {
		expect(() => centsToDecimalString(12.5)).toThrow(RangeError);
		expect(() => centsToDecimalString(Number.NaN)).toThrow(RangeError);
	});
});

describe('decimal → cents', () => {
	it('converts exactly where binary floating point would not', () => {
		// 0.29 * 100 is 28.999999999999996 in floating point; 19.99 * 100 is 1998.9999999999998.
		expect(decimalToCents('0.29')).toBe(29);
		expect(decimalToCents(19.99)).toBe(1999);
		expect(decimalToCents('12.5')).toBe(1250);
		expect(decimalToCents(' 12.50 ')).toBe(1250);
		expect(decimalToCents('1,234.56')).toBe(123456);
		expect(decimalToCents('12.500')).toBe(1250);
		expect(decimalToCents('-0.00')).toBe(0);
		expect(decimalToCents('+3')).toBe(300);
	});

	it.each([
		'',
		'abc',
		'12.345',
		'1e3',
		'12,5',
		'--1',
		'.',
		'1.2.3',
		'NaN',
		'Infinity',
		'99999999999999999999',
	])('rejects %p', (text) => {
		expect(() => decimalToCents(text)).toThrow(RangeError);
	});

	it('rejects a floating-point number with more than two decimals', () => {
		expect(() => decimalToCents(0.1 + 0.2)).toThrow(/decimal places/);
	});
});

describe('amounts SamCart sent', () => {
	it('reads REST integers as cents and webhook strings as dollars', () => {
		expect(amountToCents(4900, 'cents')).toBe(4900);
		expect(amountToCents('4900', 'cents')).toBe(4900);
		expect(amountToCents('49.00', 'decimal')).toBe(4900);
		expect(amountToCents(49, 'decimal')).toBe(4900);
		expect(amountToCents('-12.34', 'decimal')).toBe(-1234);
	});

	it('gives null for what is not an amount instead of throwing', () => {
		expect(amountToCents(null, 'cents')).toBeNull();
		expect(amountToCents('', 'decimal')).toBeNull();
		expect(amountToCents('free', 'decimal')).toBeNull();
		expect(amountToCents(12.5, 'cents')).toBeNull();
		expect(amountToCents({}, 'decimal')).toBeNull();
	});
});
