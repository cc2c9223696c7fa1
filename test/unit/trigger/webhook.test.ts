import {
	canonicalise,
	classify,
	computeEventId,
	isTestMode,
	matchesProducts,
	parseProductFilter,
	productIdsOf,
	summarise,
	tokenMatches,
	tokenProblem,
} from '../../../nodes/SamCart/trigger/webhook';
import { ALL_EVENTS, findEventByKey, SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import { formFields, samplePayload, toForm } from './helpers';

describe('tokenMatches / tokenProblem', () => {
	const token = 'k3y_for-SamCart.0123';
	it('accepts anything when no token is set, and only the exact token otherwise', () => {
		expect(tokenMatches('', undefined)).toBe(true);
		expect(tokenMatches(token, token)).toBe(true);
		expect(tokenMatches(token, undefined)).toBe(false);
		expect(tokenMatches(token, '')).toBe(false);
		expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
		expect(tokenMatches(token, `${token}x`)).toBe(false);
		expect(tokenMatches(token, token.toUpperCase())).toBe(false);
		expect(tokenMatches(token, [token, token])).toBe(false);
	});
	it('requires URL-safe tokens of at least 16 characters', () => {
		expect(tokenProblem('')).toBeUndefined();
		expect(tokenProblem(token)).toBeUndefined();
		expect(tokenProblem('short')).toMatch(/16/);
		expect(tokenProblem('has space in it 12345')).toMatch(/letters/);
		expect(tokenProblem('a&b=c#d0123456789')).toMatch(/letters/);
	});
});

describe('classify', () => {
	it('maps every alias of every event to its key, regardless of case and separators', () => {
		for (const event of SAMCART_EVENTS) {
			for (const alias of event.aliases) {
				for (const variant of [alias.type, alias.type.toUpperCase(), alias.type.replace(/ /g, '_')]) {
					expect(classify(variant, [event.key])).toEqual({
						accept: true,
						key: event.key,
						label: event.label,
						event,
					});
				}
			}
		}
	});
	it('ignores known but unselected events and unknown types, unless All Events', () => {
		expect(classify('Order', ['newRefund'])).toEqual({
			accept: false,
			reason: 'event_not_selected',
			key: 'newOrder',
		});
		expect(classify('Something New', ['newOrder'])).toEqual({ accept: false, reason: 'unknown_type' });
		expect(classify('Something New', [ALL_EVENTS])).toMatchObject({ accept: true, key: 'unknown' });
		expect(classify('Refund', [ALL_EVENTS])).toMatchObject({ accept: true, key: 'newRefund' });
	});
});

describe('filters', () => {
	it('reads test mode from the top level or the order / subscription / charge / refund', () => {
		expect(isTestMode({ type: 'Order' })).toBe(false);
		expect(isTestMode({ type: 'Order', test_mode: true })).toBe(true);
		expect(isTestMode({ type: 'Order', order: { test_mode: '1' } })).toBe(true);
		expect(isTestMode({ type: 'Order', subscription: { test_mode: 'true' } })).toBe(true);
		expect(isTestMode({ type: 'Order', order: { test_mode: '0' }, test_mode: false })).toBe(false);
	});
	it('parses the Products option from text or lists and rejects non-ids', () => {
		expect(parseProductFilter('')).toEqual([]);
		expect(parseProductFilter(undefined)).toEqual([]);
		expect(parseProductFilter('12, 34;56 12')).toEqual(['12', '34', '56']);
		expect(parseProductFilter([12, '034', ['56']])).toEqual(['12', '34', '56']);
		expect(() => parseProductFilter('12, abc')).toThrow(/"abc"/);
		expect(() => parseProductFilter('0')).toThrow();
		expect(() => parseProductFilter('-3')).toThrow();
	});
	it('finds product ids anywhere SamCart may put them', () => {
		expect(
			productIdsOf({
				product: { id: '1' },
				products: [{ id: 2 }],
				order: { cart_items: [{ product_id: 3 }] },
				subscription: { product_id: 4 },
				product_id: 'x',
			}).sort(),
		).toEqual(['1', '2', '3', '4']);
		expect(matchesProducts({ product: { id: 1 } }, [])).toBe(true);
		expect(matchesProducts({ product: { id: 1 } }, ['1'])).toBe(true);
		expect(matchesProducts({ product: { id: 1 } }, ['2'])).toBe(false);
		expect(matchesProducts({ type: 'Lead' }, ['2'])).toBe(false);
	});
});

describe('event id and duplicate memory', () => {
	it('does not depend on key order or on JSON vs form encoding', () => {
		const payload = samplePayload();
		const reordered = Object.fromEntries(Object.entries(payload).reverse());
		expect(computeEventId(reordered)).toBe(computeEventId(payload));
		expect(computeEventId(formFields(toForm(payload)))).toBe(computeEventId(payload));
		expect(computeEventId(payload)).toMatch(/^[0-9a-f]{64}$/);
	});
	it('differs for different events about the same records', () => {
		const january = samplePayload('RecurringPaymentSucceeded', {
			order: { id: 1, created_at: '2024-01-01 00:00:00' },
		});
		const february = samplePayload('RecurringPaymentSucceeded', {
			order: { id: 1, created_at: '2024-02-01 00:00:00' },
		});
		expect(computeEventId(january)).not.toBe(computeEventId(february));
		expect(computeEventId(samplePayload('Order'))).not.toBe(computeEventId(samplePayload('Refund')));
	});
	it('canonicalises nested values', () => {
		expect(canonicalise({ b: [1, { d: null, c: true }], a: 'x' })).toBe(
			'{"a":"x","b":["1",{"c":"true","d":""}]}',
		);
	});
});

describe('summarise', () => {
	it('normalises an order delivery, amounts in integer cents', () => {
		expect(summarise(samplePayload(), findEventByKey('newOrder'))).toEqual({
			customer_email: 'jane@example.com',
			customer_name: 'Jane Doe',
			customer_id: 1234,
			product_id: 350399,
			product_name: 'Basic Plan',
			order_id: 1001,
			subscription_id: 777,
			charge_id: null,
			amount_cents: 4900,
			currency: null,
			amount_source: 'order.total',
			created_at: '2024-05-01T10:20:30Z',
		});
	});
	it('gives the same summary for the form-encoded delivery', () => {
		const event = findEventByKey('newOrder');
		expect(summarise(formFields(toForm(samplePayload())), event)).toEqual(summarise(samplePayload(), event));
	});
	it('uses the recurring price for subscription events and the refund amount for refunds', () => {
		const charged = samplePayload('RecurringPaymentSucceeded', {
			subscription: { id: 9, price: '19.99' },
			order: { id: 1, total: '199.00' },
		});
		expect(summarise(charged, findEventByKey('subscriptionCharged'))).toMatchObject({
			amount_cents: 1999,
			amount_source: 'subscription.price',
			subscription_id: 9,
		});
		const refund = samplePayload('Refund', { refund: { amount: '5.5', charge_id: 77 }, currency: 'usd' });
		expect(summarise(refund, findEventByKey('newRefund'))).toMatchObject({
			amount_cents: 550,
			currency: 'USD',
			charge_id: 77,
		});
		expect(summarise(samplePayload('Refund'), findEventByKey('newRefund')).amount_cents).toBeNull();
	});
	it("respects the currency's minor unit and never invents an amount", () => {
		const yen = samplePayload('Order', { order: { id: 1, total: '1200', currency: 'jpy' } });
		expect(summarise(yen, findEventByKey('newOrder'))).toMatchObject({ amount_cents: 1200, currency: 'JPY' });
		const garbage = samplePayload('Order', { order: { id: 1, total: 'free' }, product: { id: 1 } });
		expect(summarise(garbage, findEventByKey('newOrder'))).toMatchObject({
			amount_cents: null,
			amount_source: null,
		});
	});
});
