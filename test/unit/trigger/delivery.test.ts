import type { IDataObject } from 'n8n-workflow';

import { parseProductFilter } from '../../../nodes/SamCart/trigger/config';
import { decide } from '../../../nodes/SamCart/trigger/decide';
import type { Facts, TriggerConfig } from '../../../nodes/SamCart/trigger/decide';
import {
	completeSummary,
	isTestMode,
	productIdsOf,
	readDelivery,
	summarise,
} from '../../../nodes/SamCart/trigger/delivery';
import { ALL_EVENTS, findEventByKey, SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import {
	canonicalise,
	computeEventId,
	tokenMatches,
	tokenProblem,
} from '../../../nodes/SamCart/trigger/identity';
import { formFields, samplePayload, toForm } from './helpers';

const config = (overrides: Partial<TriggerConfig> = {}): TriggerConfig => ({
	events: ['newOrder'],
	products: [],
	testMode: 'include',
	secretToken: '',
	verify: false,
	enrich: false,
	ignoreDuplicates: false,
	oncePerOrderMs: 0,
	...overrides,
});

/** The verdict for a body, with nothing remembered and nothing looked up. */
const verdictFor = (body: IDataObject, overrides: Partial<TriggerConfig> = {}, facts: Partial<Facts> = {}) =>
	decide({ tokenOk: true, delivery: readDelivery(body), ...facts }, config(overrides));

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

describe('decide: which event, and is it wanted', () => {
	it('maps every alias of every event to its key, regardless of case and separators', () => {
		for (const event of SAMCART_EVENTS) {
			for (const alias of event.aliases) {
				for (const variant of [alias.type, alias.type.toUpperCase(), alias.type.replace(/ /g, '_')]) {
					expect(verdictFor({ type: variant }, { events: [event.key] })).toEqual({
						kind: 'accept',
						event: event.key,
						label: event.label,
					});
				}
			}
		}
	});
	it('ignores known but unselected events and unknown types, unless All Events', () => {
		expect(verdictFor({ type: 'Order' }, { events: ['newRefund'] })).toEqual({
			kind: 'ignore',
			reason: 'event_not_selected',
			event: 'newOrder',
		});
		expect(verdictFor({ type: 'Something New' })).toEqual({ kind: 'ignore', reason: 'unknown_type' });
		expect(verdictFor({ type: 'Something New' }, { events: [ALL_EVENTS] })).toMatchObject({
			kind: 'accept',
			event: 'unknown',
		});
		expect(verdictFor({ type: 'Refund' }, { events: [ALL_EVENTS] })).toMatchObject({ event: 'newRefund' });
	});
	it('decides in a fixed order: token, body, event, test mode, products, duplicate, order, Verify, API test mode', () => {
		const refusal = { status: 422, body: { error: 'record_not_found', message: 'x' } };
		const body = samplePayload('Order', { order: { id: 1, test_mode: true } });
		const delivery = readDelivery(body);
		const all = {
			tokenOk: true,
			delivery,
			seen: { event: true, order: true },
			verifyRefusal: refusal,
			apiTestMode: true,
		};
		const strict = config({ testMode: 'ignore', products: ['9'] });
		expect(decide({ ...all, tokenOk: false }, strict)).toMatchObject({
			kind: 'refuse',
			refusal: { status: 401 },
		});
		expect(
			decide(
				{ ...all, bodyRefusal: { status: 413, body: { error: 'body_too_large', message: '' } } },
				strict,
			),
		).toMatchObject({ refusal: { status: 413 } });
		expect(decide(all, strict)).toMatchObject({ kind: 'ignore', reason: 'test_mode' });
		expect(decide(all, config({ products: ['9'] }))).toMatchObject({ reason: 'product_not_selected' });
		expect(decide(all, config())).toEqual({
			kind: 'ignore',
			reason: 'duplicate',
			event: 'newOrder',
			eventId: delivery.eventId,
		});
		expect(decide({ ...all, seen: { event: false, order: true } }, config())).toMatchObject({
			reason: 'order_already_seen',
		});
		expect(decide({ ...all, seen: undefined }, config())).toEqual({ kind: 'refuse', refusal });
		const live = readDelivery(samplePayload());
		expect(
			decide({ tokenOk: true, delivery: live, apiTestMode: true }, config({ testMode: 'ignore' })),
		).toMatchObject({
			reason: 'test_mode',
			eventId: live.eventId,
		});
		expect(decide({ tokenOk: true, delivery: live, apiTestMode: true }, config())).toMatchObject({
			kind: 'accept',
		});
	});
	it('keeps only events about the listed products', () => {
		expect(verdictFor({ type: 'Order', product: { id: 1 } }, { products: ['1'] })).toMatchObject({
			kind: 'accept',
		});
		expect(verdictFor({ type: 'Order', product: { id: 1 } }, { products: ['2'] })).toMatchObject({
			reason: 'product_not_selected',
		});
		expect(verdictFor({ type: 'Lead' }, { events: ['newLead'], products: ['2'] })).toMatchObject({
			reason: 'product_not_selected',
		});
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
	});
});

describe('event id', () => {
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

describe("summarise: the delivery's own product", () => {
	it("normalises an order delivery: the amount is the delivered product's price, the order total apart", () => {
		expect(summarise(samplePayload(), findEventByKey('newOrder'))).toEqual({
			customer_email: 'jane@example.com',
			customer_name: 'Jane Doe',
			customer_id: 1234,
			product_id: 350399,
			product_name: 'Basic Plan',
			order_id: 1001,
			subscription_id: 777,
			charge_id: null,
			item: {
				product_id: 350399,
				name: 'Basic Plan',
				price_cents: 4900,
				currency: null,
				role: 'unknown',
				cart_item_id: null,
			},
			amount_cents: 4900,
			currency: null,
			amount_source: 'product.price',
			order_total_cents: 4900,
			cancellation: null,
			created_at: '2024-05-01T10:20:30Z',
		});
	});
	it('a checkout with a bump and an upsell: three deliveries whose amounts add up to the order total', () => {
		const order = { id: 1001, total: '146.00' };
		const deliveries = [
			{ id: 1, name: 'Course', price: '97.00', role: 'primary', cart_item_id: 11 },
			{ id: 2, name: 'Workbook', price: '19.00', role: 'bump', cart_item_id: 12 },
			{ id: 3, name: 'Coaching call', price: '30.00', role: 'upsell', cart_item_id: 13 },
		].map((product) =>
			summarise(samplePayload('Product Purchased', { product, order }), findEventByKey('newOrder')),
		);
		expect(
			deliveries.map((d) => [d.item.role, d.item.cart_item_id, d.amount_cents, d.order_total_cents]),
		).toEqual([
			['primary', 11, 9700, 14600],
			['bump', 12, 1900, 14600],
			['upsell', 13, 3000, 14600],
		]);
		expect(deliveries.reduce((sum, d) => sum + (d.amount_cents ?? 0), 0)).toBe(14600);
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
	});
	it("a full refund without an amount is its product's price, and says so; a partial one has none", () => {
		expect(summarise(samplePayload('Refund'), findEventByKey('newRefund'))).toMatchObject({
			amount_cents: 4900,
			amount_source: 'product.price',
		});
		expect(summarise(samplePayload('PartialRefund'), findEventByKey('partialRefund'))).toMatchObject({
			amount_cents: null,
			amount_source: null,
		});
	});
	it("respects the currency's minor unit and never invents an amount", () => {
		const yen = samplePayload('Order', {
			product: { id: 1, price: '1200' },
			order: { id: 1, total: '1200', currency: 'jpy' },
		});
		expect(summarise(yen, findEventByKey('newOrder'))).toMatchObject({ amount_cents: 1200, currency: 'JPY' });
		const garbage = samplePayload('Order', {
			order: { id: 1, total: 'free' },
			product: { id: 1, price: 'abc' },
		});
		expect(summarise(garbage, findEventByKey('newOrder'))).toMatchObject({
			amount_cents: null,
			amount_source: null,
			order_total_cents: null,
			item: { price_cents: null },
		});
	});
	it('labels a cancellation delinquent or voluntary from the subscription status', () => {
		const canceled = (status: unknown) =>
			summarise(
				samplePayload('Subscription Canceled', { subscription: { id: 5, status } }),
				findEventByKey('subscriptionCanceled'),
			).cancellation;
		expect([
			canceled('delinquent'),
			canceled('canceled'),
			canceled('Cancelled'),
			canceled('active'),
			canceled(7),
			canceled(undefined),
		]).toEqual(['delinquent', 'voluntary', 'voluntary', 'unknown', 'unknown', 'unknown']);
		expect(
			summarise(samplePayload('Subscription Charged'), findEventByKey('subscriptionCharged')).cancellation,
		).toBeNull();
	});
	it('bad input gives nulls and "unknown", never a crash or a guess', () => {
		const event = findEventByKey('newOrder');
		for (const body of [
			{ type: 'Order' },
			{ type: 'Order', product: 'not an object', order: { total: '10.00' } },
			{ type: 'Order', product: { price: 'abc', role: 42 }, order: { id: null } },
			{ type: 'Order', product: [1, 2], order: [], subscription: { status: { nested: true } } },
		]) {
			const summary = summarise(body, event);
			expect(summary.item).toEqual({
				product_id: null,
				name: null,
				price_cents: null,
				currency: null,
				role: 'unknown',
				cart_item_id: null,
			});
			expect(summary.amount_cents).toBeNull();
			expect(summary.order_id).toBeNull();
		}
		expect(
			summarise(
				{ type: 'Cancel', subscription: { id: 1, status: ['delinquent'] } },
				findEventByKey('subscriptionCanceled'),
			),
		).toMatchObject({ cancellation: 'unknown', item: { role: 'unknown' } });
	});
	it("fills what the payload left open from SamCart's API: the cart item, its price, the cancellation kind", () => {
		const bare = summarise(
			samplePayload('Subscription Canceled', { product: { id: 7, name: 'Club' }, subscription: { id: 5 } }),
			findEventByKey('subscriptionCanceled'),
		);
		const order = {
			id: 1001,
			cart_items: [{ id: 70, product_id: 7, currency: 'eur', initial_price: { total: 2500 } }],
		};
		const completed = completeSummary(bare, { order, subscription: { id: 5, status: 'delinquent' } });
		expect(completed.item).toEqual({
			product_id: 7,
			name: 'Club',
			price_cents: 2500,
			currency: 'EUR',
			role: 'unknown',
			cart_item_id: 70,
		});
		expect(completed.cancellation).toBe('delinquent');
		// what the payload said wins
		const said = summarise(
			samplePayload('Order', { product: { id: 7, price: '20.00', cart_item_id: 71 } }),
			findEventByKey('newOrder'),
		);
		expect(completeSummary(said, { order }).item).toMatchObject({ price_cents: 2000, cart_item_id: 71 });
	});
});
