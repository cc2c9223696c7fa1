import type { IDataObject } from 'n8n-workflow';

import { ALL_EVENTS, SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import { EVENT_OPTIONS } from '../../../nodes/SamCart/trigger/description';
import { DEDUPE_MEMORY } from '../../../nodes/SamCart/trigger/memory';
import { TEST_API_KEY, TEST_WEBHOOK_URL } from '../helpers/fakeN8nContext';
import { deliver, form, hookContext, json, samplePayload, trigger } from './helpers';

const TOKEN = 'tok_0123456789abcdef';
const params = (events: string[], options: IDataObject = {}) => ({ parameters: { events, options } });

describe('description', () => {
	it('is a trigger with no inputs, answering at once with the body webhook() gives', () => {
		const { description } = trigger;
		expect(description.name).toBe('samCartTrigger');
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect(description.webhooks).toEqual([
			expect.objectContaining({
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
			}),
		]);
		expect(description.credentials).toEqual([{ name: 'samCartApi', required: false }]);
		expect(description.usableAsTool).toBeUndefined();
	});

	it('offers the 8 core events first, then the others, then All Events, all from the catalogue', () => {
		const values = EVENT_OPTIONS.map((option) => option.value);
		expect(values.slice(0, 8)).toEqual([
			'newOrder',
			'newRefund',
			'subscriptionCanceled',
			'subscriptionCharged',
			'newLead',
			'prospectCreated',
			'subscriptionCancelScheduled',
			'subscriptionCancelScheduleStopped',
		]);
		expect(values.slice(8, -1)).toEqual(SAMCART_EVENTS.filter((e) => !e.core).map((e) => e.key));
		expect(values[values.length - 1]).toBe(ALL_EVENTS);
		const events = trigger.description.properties.find((p) => p.name === 'events');
		expect(events).toMatchObject({ type: 'multiOptions', required: true, options: EVENT_OPTIONS });
	});

	it('shows the setup steps as numbered notices, one per line, in order', () => {
		const notices = trigger.description.properties.filter((p) => p.type === 'notice').map((p) => p.displayName);
		expect(notices[0]).toMatch(/^Set up once in SamCart/);
		expect(notices.slice(1).map((text) => text.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', '4. ']);
		const steps = notices.join('\n');
		expect(steps).toMatch(/1\. Copy the Production URL[^\n]*\?token=/);
		expect(steps).toMatch(/2\. [^\n]*App Marketplace[^\n]*Notify URL/);
		expect(steps).toMatch(/3\. [^\n]*Add New Rule/);
		expect(steps).toMatch(/4\. Publish/);
		// they come first, before the Events list
		const names = trigger.description.properties.map((p) => p.name);
		expect(names.indexOf('events')).toBe(notices.length);
	});
});

describe('every event under every alias, in both encodings', () => {
	const cases = SAMCART_EVENTS.flatMap((event) =>
		event.aliases.flatMap((alias) =>
			(['json', 'form'] as const).map((encoding) => ({ event, alias, encoding })),
		),
	);

	it.each(cases.map((c) => [c.event.key, c.alias.type, c.encoding, c] as const))(
		'%s ← "%s" (%s)',
		async (_key, _type, _encoding, { event, alias, encoding }) => {
			const payload = samplePayload(alias.type);
			const delivery = await deliver({
				...params([event.key]),
				...(encoding === 'json' ? json(payload) : form(payload)),
			});
			expect(delivery.status).toBe(200);
			expect(delivery.body).toEqual({
				received: true,
				event: event.key,
				eventId: expect.stringMatching(/^[0-9a-f]{64}$/),
			});
			expect(delivery.response.status).toBeUndefined();
			expect(delivery.result.webhookResponse).toEqual(delivery.body);
			expect(delivery.result.noWebhookResponse).toBeUndefined();
			expect(delivery.items).toHaveLength(1);
			const [item] = delivery.items;
			expect(item).toMatchObject({
				event: event.key,
				eventLabel: event.label,
				eventType: alias.type,
				eventId: delivery.body.eventId,
				testMode: false,
				summary: { order_id: 1001, customer_email: 'jane@example.com', product_id: 350399 },
			});
			expect(new Date(item.receivedAt as string).toISOString()).toBe(item.receivedAt);
			if (encoding === 'json') expect(item.payload).toEqual(payload);
			else expect((item.payload as IDataObject).order).toMatchObject({ id: '1001' });
		},
	);

	it('is also classified under All Events, and not under another event', async () => {
		for (const event of SAMCART_EVENTS) {
			const payload = samplePayload(event.aliases[0].type);
			const all = await deliver({ ...params([ALL_EVENTS]), ...json(payload) });
			expect(all.items[0]?.event).toBe(event.key);
			const other = SAMCART_EVENTS.find((e) => e.key !== event.key)!;
			const ignored = await deliver({ ...params([other.key]), ...json(payload) });
			expect(ignored.status).toBe(200);
			expect(ignored.body).toEqual({ received: true, ignored: 'event_not_selected', event: event.key });
			expect(ignored.items).toEqual([]);
			expect(ignored.result.workflowData).toBeUndefined();
		}
	});
});

describe('unknown types', () => {
	it('are acknowledged without execution unless All Events is selected', async () => {
		const payload = samplePayload('StudentAddedToCourse');
		const ignored = await deliver({ ...params(['newOrder', 'newRefund']), ...json(payload) });
		expect(ignored.status).toBe(200);
		expect(ignored.body).toEqual({ received: true, ignored: 'unknown_type' });
		expect(ignored.result.workflowData).toBeUndefined();

		const all = await deliver({ ...params([ALL_EVENTS]), ...json(payload) });
		expect(all.status).toBe(200);
		expect(all.items).toEqual([
			expect.objectContaining({
				event: 'unknown',
				eventLabel: 'Unknown Event',
				eventType: 'StudentAddedToCourse',
				payload,
			}),
		]);
	});
});

describe('bad bodies: 400/413 with a JSON reason, no execution', () => {
	it.each([
		[
			'empty',
			{ rawBody: Buffer.alloc(0), headers: { 'content-type': 'application/json' } },
			400,
			'empty_body',
		],
		['absent (no raw body, nothing parsed)', {}, 400, 'empty_body'],
		[
			'invalid JSON',
			{ rawBody: Buffer.from('{"type": "Order",'), headers: { 'content-type': 'application/json' } },
			400,
			'invalid_json',
		],
		['a JSON array', json([samplePayload()]), 400, 'invalid_body'],
		['without type', json({ order: { id: 1 } }), 400, 'missing_type'],
		['a non-string type', json({ type: 42 }), 400, 'invalid_type'],
		['form without type', form({ order: { id: 1 } }), 400, 'missing_type'],
		[
			'huge',
			{ rawBody: Buffer.alloc(2 * 1024 * 1024, 'x'), headers: { 'content-type': 'application/json' } },
			413,
			'body_too_large',
		],
	])('%s', async (_name, request, status, error) => {
		const delivery = await deliver({ ...params([ALL_EVENTS]), ...request });
		expect(delivery.status).toBe(status);
		expect(delivery.body).toEqual({ error, message: expect.any(String) });
		expect(delivery.response.ended).toBe(true);
		expect(delivery.result).toEqual({ noWebhookResponse: true });
	});

	it('uses getBodyData() when n8n kept no raw bytes', async () => {
		const delivery = await deliver({ ...params(['newOrder']), body: samplePayload() });
		expect(delivery.items[0]).toMatchObject({ event: 'newOrder', payload: samplePayload() });
	});

	it('refuses an oversized body that n8n left unread, and still answers', async () => {
		const delivery = await deliver({ ...params([ALL_EVENTS]), unreadBody: Buffer.alloc(2 * 1024 * 1024, 'x') });
		expect(delivery.status).toBe(413);
		expect(delivery.body).toMatchObject({ error: 'body_too_large' });
		expect(delivery.response.ended).toBe(true);
	});
});

describe('form field count (issue 21): 400 beyond the limit, never a partial body', () => {
	const formFields = (count: number) => ({
		rawBody: Buffer.from(['type=Order', ...Array.from({ length: count - 1 }, (_, n) => `f${n}=1`)].join('&')),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});

	it('accepts 1000 fields and refuses 1001 with too_many_fields', async () => {
		const atLimit = await deliver({ ...params([ALL_EVENTS]), ...formFields(1000) });
		expect(atLimit.status).toBe(200);
		expect(Object.keys(atLimit.items[0].payload as IDataObject)).toHaveLength(1000);
		const over = await deliver({ ...params([ALL_EVENTS]), ...formFields(1001) });
		expect(over.status).toBe(400);
		expect(over.body).toEqual({ error: 'too_many_fields', message: expect.stringContaining('1000') });
		expect(over.result).toEqual({ noWebhookResponse: true });
	});

	it('counts the bracket fields n8n parsed but left flat', async () => {
		const flat: IDataObject = { type: 'Order' };
		for (let n = 0; n < 1000; n++) flat[`order[custom_fields][${n}][value]`] = 'x';
		const delivery = await deliver({
			...params([ALL_EVENTS]),
			body: flat,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(delivery.status).toBe(400);
		expect(delivery.body).toMatchObject({ error: 'too_many_fields' });
	});

	it('gives array indexes their order, not their value, as positions', async () => {
		const delivery = await deliver({
			...params([ALL_EVENTS]),
			rawBody: Buffer.from('type=Order&order[custom_fields][1000][name]=b&order[custom_fields][7][name]=a'),
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(delivery.items[0].payload).toEqual({
			type: 'Order',
			order: { custom_fields: [{ name: 'a' }, { name: 'b' }] },
		});
	});
});

describe('keys named like Object.prototype members (issue 21): 400, never a payload that breaks String()', () => {
	const formBody = (text: string) => ({
		rawBody: Buffer.from(text),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});

	it.each([
		['JSON, top level', json({ type: 'Order', toString: 'x' }), 'toString'],
		['JSON, nested', json(samplePayload('Order', { customer: { hasOwnProperty: 'x' } })), 'hasOwnProperty'],
		['JSON, in an array', json(samplePayload('Order', { products: [{ valueOf: 1 }] })), 'valueOf'],
		[
			'JSON __proto__',
			{
				rawBody: Buffer.from('{"type":"Order","__proto__":{"x":1}}'),
				headers: { 'content-type': 'application/json' },
			},
			'__proto__',
		],
		['form, top level', formBody('type=Order&valueOf=1'), 'valueOf'],
		['form, nested', formBody('type=Order&customer[toString]=x'), 'toString'],
		['form __proto__', formBody('type=Order&__proto__[polluted]=1'), '__proto__'],
		['form constructor', formBody('type=Order&a[constructor][prototype][x]=1'), 'constructor'],
		['what n8n parsed', { body: { type: 'Order', order: { isPrototypeOf: 'x' } } }, 'isPrototypeOf'],
	])('%s', async (_name, request, key) => {
		const delivery = await deliver({ ...params([ALL_EVENTS]), ...request });
		expect(delivery.status).toBe(400);
		expect(delivery.body).toEqual({ error: 'reserved_key', message: expect.stringContaining(`"${key}"`) });
		expect(delivery.result).toEqual({ noWebhookResponse: true });
		expect(({} as IDataObject).polluted).toBeUndefined();
	});

	it('still accepts those words as values, and the payload prints', async () => {
		const payload = samplePayload('Order', { note: 'toString', customer: { email: 'valueOf@example.com' } });
		for (const request of [json(payload), form(payload)]) {
			const delivery = await deliver({ ...params(['newOrder']), ...request });
			expect(delivery.status).toBe(200);
			const received = delivery.items[0].payload as IDataObject;
			expect(received).toMatchObject({ note: 'toString', customer: { email: 'valueOf@example.com' } });
			expect(String(received)).toBe('[object Object]');
			expect(`${received.customer as IDataObject}`).toBe('[object Object]');
		}
	});
});

describe('bodies n8n leaves unread (version 1.1: no or unknown Content-Type)', () => {
	it('reads JSON without a Content-Type from the request stream', async () => {
		const delivery = await deliver({ ...params(['newOrder']), unreadBody: JSON.stringify(samplePayload()) });
		expect(delivery.status).toBe(200);
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0]).toMatchObject({ event: 'newOrder', payload: samplePayload() });
	});

	it('reads form fields sent as application/octet-stream', async () => {
		const { rawBody } = form(samplePayload('Refund'));
		const delivery = await deliver({
			...params(['newRefund']),
			unreadBody: rawBody,
			headers: { 'content-type': 'application/octet-stream' },
		});
		// form fields are strings
		expect(delivery.items[0]).toMatchObject({
			event: 'newRefund',
			payload: { type: 'Refund', order: { id: '1001' }, customer: { email: 'jane@example.com' } },
		});
	});

	it("prefers n8n's raw bytes when it kept them, and leaves the stream alone", async () => {
		const delivery = await deliver({
			...params(['newOrder']),
			...json(samplePayload()),
			unreadBody: JSON.stringify(samplePayload('Refund')),
		});
		expect(delivery.items[0]).toMatchObject({ event: 'newOrder' });
	});
});

describe('Secret Token', () => {
	const withToken = params(['newOrder'], { secretToken: TOKEN });

	it('accepts the right token', async () => {
		const delivery = await deliver({ ...withToken, ...json(samplePayload()), query: { token: TOKEN } });
		expect(delivery.status).toBe(200);
		expect(delivery.items).toHaveLength(1);
		expect(JSON.stringify(delivery.items)).not.toContain(TOKEN);
		expect(JSON.stringify(delivery.body)).not.toContain(TOKEN);
	});

	it.each([
		['missing', {}],
		['wrong', { token: 'tok_0123456789abcdeX' }],
		['a prefix', { token: TOKEN.slice(0, 8) }],
		['repeated', { token: [TOKEN, TOKEN] }],
	])('refuses a %s token with 401 before reading the body', async (_name, query) => {
		const delivery = await deliver({ ...withToken, rawBody: Buffer.from('not even json'), query });
		expect(delivery.status).toBe(401);
		expect(delivery.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
		expect(delivery.result).toEqual({ noWebhookResponse: true });
		expect(JSON.stringify(delivery.body)).not.toContain(TOKEN);
	});

	it('is not required when none is set', async () => {
		const delivery = await deliver({
			...params(['newOrder']),
			...json(samplePayload()),
			query: { token: 'anything' },
		});
		expect(delivery.items).toHaveLength(1);
	});
});

describe('Products and Test-Mode Events', () => {
	it('keeps only events about the listed products', async () => {
		const order = samplePayload('Order');
		const listed = await deliver({ ...params(['newOrder'], { products: '1, 350399' }), ...json(order) });
		expect(listed.items).toHaveLength(1);
		const asList = await deliver({ ...params(['newOrder'], { products: [2, '350399'] }), ...form(order) });
		expect(asList.items).toHaveLength(1);
		const other = await deliver({ ...params(['newOrder'], { products: '1,2' }), ...json(order) });
		expect(other.body).toEqual({ received: true, ignored: 'product_not_selected', event: 'newOrder' });
		expect(other.items).toEqual([]);
	});

	it('throws a NodeOperationError for a Products value that is not a list of ids', async () => {
		await expect(
			deliver({ ...params(['newOrder'], { products: '12, twelve' }), ...json(samplePayload()) }),
		).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringContaining('twelve'),
		});
	});

	it('includes test-mode events by default and ignores them when asked', async () => {
		const test = samplePayload('Order', { order: { id: 5, total: '1.00', test_mode: true } });
		const included = await deliver({ ...params(['newOrder']), ...json(test) });
		expect(included.items[0]).toMatchObject({ testMode: true });
		const ignored = await deliver({ ...params(['newOrder'], { testMode: 'ignore' }), ...form(test) });
		expect(ignored.body).toEqual({ received: true, ignored: 'test_mode', event: 'newOrder' });
		expect(ignored.items).toEqual([]);
		const live = await deliver({ ...params(['newOrder'], { testMode: 'ignore' }), ...json(samplePayload()) });
		expect(live.items).toHaveLength(1);
	});
});

describe('Ignore Duplicate Deliveries', () => {
	it('starts one execution per event, also when the redelivery comes form-encoded', async () => {
		const staticData: IDataObject = {};
		const options = { ...params(['newOrder'], { ignoreDuplicates: true }), staticData };
		const first = await deliver({ ...options, ...json(samplePayload()) });
		expect(first.items).toHaveLength(1);
		const again = await deliver({ ...options, ...json(samplePayload()) });
		expect(again.status).toBe(200);
		expect(again.body).toEqual({
			received: true,
			ignored: 'duplicate',
			event: 'newOrder',
			eventId: first.body.eventId,
		});
		expect(again.items).toEqual([]);
		const asForm = await deliver({ ...options, ...form(samplePayload()) });
		expect(asForm.items).toEqual([]);
		const other = await deliver({
			...options,
			...json(samplePayload('Order', { order: { id: 1002, total: '2.00' } })),
		});
		expect(other.items).toHaveLength(1);
		expect(staticData.recentEventIds).toEqual([first.body.eventId, other.body.eventId]);
	});

	it('runs duplicates when the option is off, and keeps no state', async () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < 2; i++) {
			const delivery = await deliver({ ...params(['newOrder']), staticData, ...json(samplePayload()) });
			expect(delivery.items).toHaveLength(1);
		}
		expect(staticData).toEqual({});
	});

	it(`remembers at most ${DEDUPE_MEMORY} events`, async () => {
		const staticData: IDataObject = {};
		const options = { ...params(['newOrder'], { ignoreDuplicates: true }), staticData };
		const firstId = (await deliver({ ...options, ...json(samplePayload('Order', { order: { id: 1 } })) }))
			.body.eventId;
		for (let i = 2; i <= DEDUPE_MEMORY + 1; i++) {
			await deliver({ ...options, ...json(samplePayload('Order', { order: { id: i } })) });
		}
		expect(staticData.recentEventIds).toHaveLength(DEDUPE_MEMORY);
		expect(staticData.recentEventIds).not.toContain(firstId);
		const replay = await deliver({ ...options, ...json(samplePayload('Order', { order: { id: 1 } })) });
		expect(replay.items).toHaveLength(1);
	});
});

describe('lifecycle: only static data, nothing registered anywhere', () => {
	const requests: unknown[] = [];
	const onRequest = (request: unknown) => requests.push(request);
	afterEach(() => expect(requests).toEqual([]));

	it('create() prepares, checkExists() recognises, delete() clears (twice is fine)', async () => {
		const staticData: IDataObject = { unrelated: 1 };
		const context = hookContext({ ...params(['newOrder']), staticData, onRequest });
		const { checkExists, create, delete: remove } = trigger.webhookMethods.default;
		expect(await checkExists.call(context)).toBe(false);
		expect(await create.call(context)).toBe(true);
		expect(staticData).toEqual({
			unrelated: 1,
			webhookUrl: TEST_WEBHOOK_URL,
			preparedAt: expect.any(String),
			activationId: expect.any(String),
			recentEventIds: [],
		});
		expect(await checkExists.call(context)).toBe(true);
		const otherUrl = hookContext({
			...params(['newOrder']),
			staticData,
			webhookUrl: 'https://x.test/webhook-test/1/webhook',
		});
		expect(await checkExists.call(otherUrl)).toBe(false);
		expect(await remove.call(context)).toBe(true);
		expect(staticData).toEqual({ unrelated: 1 });
		expect(await remove.call(context)).toBe(true);
		expect(staticData).toEqual({ unrelated: 1 });
	});

	it('create() keeps the duplicate memory (n8n calls it again when the URL changed, e.g. on a restart); delete() clears it', async () => {
		const staticData: IDataObject = { webhookUrl: 'https://old.example/webhook/1/webhook', recentEventIds: ['a', 'b'] };
		const context = hookContext({ ...params(['newOrder']), staticData, onRequest });
		expect(await trigger.webhookMethods.default.checkExists.call(context)).toBe(false);
		await trigger.webhookMethods.default.create.call(context);
		expect(staticData.recentEventIds).toEqual(['a', 'b']);
		await trigger.webhookMethods.default.delete.call(context);
		expect(staticData.recentEventIds).toBeUndefined();
	});

	it.each([
		['no events', params([]), /at least one event/],
		['a short token', params(['newOrder'], { secretToken: 'short' }), /16/],
		[
			'a token that is not URL-safe',
			params(['newOrder'], { secretToken: 'has spaces and & 0123456789' }),
			/letters/,
		],
		['a bad Products list', params(['newOrder'], { products: 'abc' }), /abc/],
		['an event that no longer exists', params(['noSuchEvent']), /noSuchEvent/],
	])('activation refuses %s with a NodeOperationError', async (_name, parameters, message) => {
		const staticData: IDataObject = {};
		const context = hookContext({ ...parameters, staticData, onRequest });
		await expect(trigger.webhookMethods.default.create.call(context)).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(message),
		});
		await expect(trigger.webhookMethods.default.checkExists.call(context)).rejects.toThrow(message);
		expect(staticData).toEqual({});
	});

	it('activation refuses Verify or Enrich without a credential, and accepts them with one', async () => {
		for (const option of ['verify', 'enrich']) {
			const without = hookContext({
				...params(['newOrder'], { [option]: true }),
				withCredential: false,
				onRequest,
			});
			await expect(trigger.webhookMethods.default.create.call(without)).rejects.toThrow(/credential/);
			const withIt = hookContext({ ...params(['newOrder'], { [option]: true }), onRequest });
			await expect(trigger.webhookMethods.default.create.call(withIt)).resolves.toBe(true);
		}
		const plain = hookContext({ ...params(['newOrder']), withCredential: false, onRequest });
		await expect(trigger.webhookMethods.default.create.call(plain)).resolves.toBe(true);
	});

	it('never puts the API key into static data', async () => {
		const staticData: IDataObject = {};
		await trigger.webhookMethods.default.create.call(
			hookContext({ ...params(['newOrder'], { verify: true, enrich: true }), staticData, onRequest }),
		);
		expect(JSON.stringify(staticData)).not.toContain(TEST_API_KEY);
	});
});

describe('manual "Listen for test event"', () => {
	it('takes the same path as production', async () => {
		const production = await deliver({ ...params(['newOrder']), ...json(samplePayload()), mode: 'webhook' });
		const manual = await deliver({ ...params(['newOrder']), ...json(samplePayload()), mode: 'manual' });
		const strip = (item: IDataObject) => ({ ...item, receivedAt: undefined });
		expect(manual.body).toEqual(production.body);
		expect(manual.items.map(strip)).toEqual(production.items.map(strip));
	});
});
