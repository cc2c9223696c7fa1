/**
 * Property-based reliability of the SamCart Trigger's webhook path: random and mutated bodies (JSON and form
 * encodings, what n8n parsed without raw bytes, wrong types, huge strings, deep nesting, unicode, prototype-pollution
 * keys, invalid UTF-8 bytes, truncated / spliced JSON) go through the pure parser and classifier, then through
 * SamCartTrigger.webhook() with the fake webhook context.
 *
 * Properties: nothing throws; the answer is always a 2xx or 4xx decision (200, 400, 401 or 413 here: Verify is off);
 * a refusal or an ignored event starts no execution; an accepted delivery starts exactly one, whose `payload`
 * deep-equals the parsed body (for JSON: JSON.parse of the bytes as received); no accepted body has an own key
 * named like an Object.prototype member; the input is never mutated; Object.prototype is never polluted. Seeds are
 * fixed, so a failure replays; FC_SEED overrides.
 */
import { isDeepStrictEqual } from 'node:util';
import * as fc from 'fast-check';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { SamCartTrigger } from '../../../nodes/SamCart/SamCartTrigger.node';
import { ALL_EVENTS, SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';
import {
	MAX_BODY_BYTES,
	MAX_BODY_DEPTH,
	MAX_FORM_FIELDS,
	parseFormEncoded,
	readBody,
} from '../../../nodes/SamCart/trigger/body';
import type { IncomingBody } from '../../../nodes/SamCart/trigger/body';
import { decide } from '../../../nodes/SamCart/trigger/decide';
import { readDelivery } from '../../../nodes/SamCart/trigger/delivery';
import { createFakeWebhookContext } from '../helpers/fakeN8nContext';

jest.setTimeout(120_000);

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_260_808;
const RUNS = 10_000;
const TOKEN = 'rel1abilityToken_0123456789abcdef';

// ---------------------------------------------------------------------------------------------------------------
// Generators

const ALIASES = SAMCART_EVENTS.flatMap((event) => event.aliases.map((alias) => alias.type));
const EVENT_KEYS = SAMCART_EVENTS.map((event) => event.key);
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Keys SamCart uses, keys that attack prototypes, and arbitrary (unicode) keys. */
const keyArb = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			'id',
			'email',
			'first_name',
			'total',
			'price',
			'product_id',
			'test_mode',
			'created_at',
			'currency',
			'amount',
			'name',
		),
	},
	{ weight: 2, arbitrary: fc.constantFrom(...POLLUTING_KEYS, 'toString', 'hasOwnProperty', 'polluted') },
	{ weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const textArb = fc.oneof(
	fc.string({ maxLength: 20 }),
	fc.string({ unit: 'binary', maxLength: 20 }),
	fc.string({ unit: 'grapheme', maxLength: 10 }),
	fc.constantFrom(
		'',
		' ',
		'49.00',
		'-0',
		'1e400',
		'NaN',
		'true',
		'\u0000',
		'\uFEFF',
		'\uD800',
		'12abc',
		'0x1F',
	),
);

const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
	textArb,
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1e21),
);

/** JSON-compatible values with polluting keys and unicode, a few levels deep. */
const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		scalarArb,
		fc.array(tie('value'), { maxLength: 4 }),
		fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
	),
})).value;

const typeArb: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...ALIASES) },
	{
		weight: 2,
		arbitrary: fc
			.constantFrom(...ALIASES)
			.chain((alias) =>
				fc.constantFrom(
					alias.toUpperCase(),
					alias.toLowerCase(),
					alias.replace(/ /g, '_'),
					` ${alias} `,
					alias.replace(/ /g, '-'),
				),
			),
	},
	{ weight: 2, arbitrary: textArb },
	{
		weight: 1,
		arbitrary: fc.oneof(
			fc.integer(),
			fc.boolean(),
			fc.constant(null),
			fc.array(fc.constantFrom(...ALIASES), { maxLength: 2 }),
			fc.dictionary(keyArb, scalarArb, { maxKeys: 2 }),
		),
	},
);

const idArb: fc.Arbitrary<unknown> = fc.oneof(
	fc.integer({ min: 1, max: 6 }),
	fc.constantFrom('1', '2', ' 3 ', '0', '-4', 'abc'),
	scalarArb,
);
const flagArb: fc.Arbitrary<unknown> = fc.oneof(
	fc.boolean(),
	fc.constantFrom(1, 0, '1', 'true', 'yes', 'on', 'false', ''),
	scalarArb,
);

/** Something shaped like a SamCart delivery, with every field possibly of a wrong type or missing. */
const payloadArb: fc.Arbitrary<Record<string, unknown>> = fc
	.tuple(
		fc.record(
			{
				type: typeArb,
				test_mode: flagArb,
				product_id: idArb,
				customer: fc.oneof(
					fc.record(
						{ id: idArb, email: textArb, first_name: textArb, last_name: textArb },
						{ requiredKeys: [] },
					),
					valueArb,
				),
				order: fc.oneof(
					fc.record(
						{
							id: idArb,
							total: scalarArb,
							test_mode: flagArb,
							product_id: idArb,
							created_at: fc.oneof(
								fc.constantFrom('2025-03-08 10:18:35', '2025-03-08T10:18:35Z', 'yesterday'),
								textArb,
							),
							cart_items: fc.oneof(
								fc.array(fc.record({ product_id: idArb }, { requiredKeys: [] }), { maxLength: 3 }),
								valueArb,
							),
						},
						{ requiredKeys: [] },
					),
					valueArb,
				),
				product: fc.oneof(
					fc.record({ id: idArb, price: scalarArb, name: textArb }, { requiredKeys: [] }),
					valueArb,
				),
				subscription: fc.oneof(
					fc.record({ id: idArb, price: scalarArb, test_mode: flagArb }, { requiredKeys: [] }),
					valueArb,
				),
				refund: fc.oneof(fc.record({ amount: scalarArb, charge_id: idArb }, { requiredKeys: [] }), valueArb),
				products: fc.oneof(
					fc.array(fc.record({ id: idArb }, { requiredKeys: [] }), { maxLength: 3 }),
					valueArb,
				),
				currency: fc.oneof(fc.constantFrom('USD', 'usd', 'JPY', 'KWD', 'XXX'), textArb),
			},
			{ requiredKeys: [] },
		),
		fc.dictionary(keyArb, valueArb, { maxKeys: 4 }),
	)
	.map(([known, extra]) => ({ ...extra, ...known }));

/** `fields`: how many form fields the raw body has, for the cases built around MAX_FORM_FIELDS. */
export type Case = IncomingBody & { kind: string; fields?: number };

const contentTypeArb = fc.constantFrom<string | undefined>(
	'application/json',
	'application/json; charset=utf-8',
	'APPLICATION/JSON',
	'application/x-www-form-urlencoded',
	'text/plain',
	'',
	undefined,
);

/** Percent-encoding; text with lone surrogates is encoded byte by byte (as its UTF-8 replacement characters). */
function encode(text: string): string {
	try {
		return encodeURIComponent(text);
	} catch {
		return Buffer.from(text, 'utf8').toString('hex').replace(/../g, '%$&');
	}
}

/** Nested form encoding (`customer[email]=…`), the way PHP-style senders write it. */
function toForm(payload: unknown): string {
	const pairs: string[] = [];
	const walk = (value: unknown, key: string) => {
		if (value === null || value === undefined) pairs.push(`${encode(key)}=`);
		else if (Array.isArray(value)) value.forEach((entry, index) => walk(entry, `${key}[${index}]`));
		else if (typeof value === 'object')
			for (const [name, entry] of Object.entries(value)) walk(entry, key ? `${key}[${name}]` : name);
		else pairs.push(`${encode(key)}=${encode(String(value))}`);
	};
	walk(payload, '');
	return pairs.join('&');
}

/** What n8n's urlencoded parser leaves when it does not expand brackets: flat `customer[email]` keys. */
function flatForm(text: string): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of new URLSearchParams(text)) {
		const existing = out[key];
		out[key] =
			existing === undefined
				? value
				: Array.isArray(existing)
					? [...(existing as string[]), value]
					: [existing as string, value];
	}
	return out;
}

const INVALID_UTF8 = [
	[0xff],
	[0xc3, 0x28],
	[0x80],
	[0xe2, 0x82],
	[0xf0, 0x9f, 0x98],
	[0xed, 0xa0, 0x80],
	[0xfe, 0xff],
];

/** Byte-level damage to a valid encoding: truncation, deletion, insertion of syntax or invalid UTF-8, splicing. */
const mutationArb = fc.array(
	fc.tuple(
		fc.constantFrom('truncate', 'delete', 'insert', 'invalidUtf8', 'duplicate', 'flip'),
		fc.nat(),
		fc.nat({ max: 16 }),
		fc.constantFrom(
			'{',
			'}',
			'[',
			']',
			'"',
			':',
			',',
			'\\',
			'&',
			'=',
			'%',
			'%zz',
			'\u0000',
			'null',
			'\uFEFF',
		),
	),
	{ minLength: 1, maxLength: 4 },
);

function mutate(bytes: Buffer, mutations: Array<[string, number, number, string]>): Buffer {
	let out = bytes;
	for (const [kind, at, length, insert] of mutations) {
		const index = out.length === 0 ? 0 : at % (out.length + 1);
		switch (kind) {
			case 'truncate':
				out = out.subarray(0, index);
				break;
			case 'delete':
				out = Buffer.concat([out.subarray(0, index), out.subarray(index + length)]);
				break;
			case 'insert':
				out = Buffer.concat([out.subarray(0, index), Buffer.from(insert), out.subarray(index)]);
				break;
			case 'invalidUtf8':
				out = Buffer.concat([
					out.subarray(0, index),
					Buffer.from(INVALID_UTF8[length % INVALID_UTF8.length]),
					out.subarray(index),
				]);
				break;
			case 'duplicate':
				out = Buffer.concat([
					out.subarray(0, index),
					out.subarray(index, index + length),
					out.subarray(index),
				]);
				break;
			default:
				if (out.length > 0) {
					out = Buffer.from(out);
					out[index % out.length] ^= 1 << (length % 8);
				}
		}
	}
	return out;
}

const nested = (depth: number, open: string, close: string, inner = '1') =>
	`${open.repeat(depth)}${inner}${close.repeat(depth)}`;

/** Rare, expensive shapes: near/over the size limit, deep nesting, prototype attacks. */
const specialArb: fc.Arbitrary<Case> = fc.oneof(
	fc.tuple(fc.integer({ min: -64, max: 64 }), fc.constantFrom('x', 'é', '😀')).map(([delta, char]) => {
		const overhead = Buffer.byteLength('{"type":"Order","note":""}');
		const count = Math.max(0, Math.floor((MAX_BODY_BYTES - overhead) / Buffer.byteLength(char)) + delta);
		return {
			kind: 'huge-json',
			rawBody: Buffer.from(`{"type":"Order","note":"${char.repeat(count)}"}`),
			contentType: 'application/json',
		};
	}),
	fc.integer({ min: -64, max: 64 }).map((delta) => ({
		kind: 'huge-form',
		rawBody: Buffer.from(`type=Order&note=${'y'.repeat(MAX_BODY_BYTES - 16 + delta)}`),
		contentType: 'application/x-www-form-urlencoded',
	})),
	fc
		.integer({ min: 10_000, max: 200_000 })
		.map((length) => ({
			kind: 'huge-parsed',
			parsedBody: { type: 'Order', note: 'z'.repeat(length * 8) },
			contentType: 'application/json',
		})),
	fc
		.tuple(
			fc.integer({ min: MAX_BODY_DEPTH - 3, max: 60_000 }),
			fc.constantFrom<[string, string]>(['[', ']'], ['{"a":', '}']),
		)
		.map(([depth, [open, close]]) => ({
			kind: 'deep-json',
			rawBody: Buffer.from(`{"type":"Order","deep":${nested(depth, open, close)}}`),
			contentType: 'application/json',
		})),
	fc.integer({ min: MAX_BODY_DEPTH - 3, max: 5_000 }).map((depth) => {
		let value: unknown = 1;
		for (let i = 0; i < depth; i++) value = [value];
		return {
			kind: 'deep-parsed',
			parsedBody: { type: 'Order', deep: value },
			contentType: 'application/json',
		};
	}),
	fc.integer({ min: 1, max: 5_000 }).map((depth) => ({
		kind: 'deep-form',
		rawBody: Buffer.from(`type=Order&a${'[0]'.repeat(depth)}=1&b${'[x]'.repeat(depth)}=2`),
		contentType: 'application/x-www-form-urlencoded',
	})),
	fc
		.tuple(fc.integer({ min: MAX_FORM_FIELDS - 2, max: MAX_FORM_FIELDS + 2 }), fc.nat({ max: 100_000 }))
		.map(([fields, index]) => ({
			kind: 'wide-form',
			fields,
			rawBody: Buffer.from(
				['type=Order', ...Array.from({ length: fields - 1 }, (_, n) => `k${n}[${index}]=${n}`)].join('&'),
			),
			contentType: 'application/x-www-form-urlencoded',
		})),
	fc
		.constantFrom(
			'{"type":"Order","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
			'{"__proto__":{"type":"Order"}}',
			'{"type":"Order","customer":{"__proto__":{"email":"x@y.z","polluted":1}}}',
		)
		.map((text) => ({ kind: 'proto-json', rawBody: Buffer.from(text), contentType: 'application/json' })),
	fc
		.constantFrom(
			'type=Order&__proto__[polluted]=1&constructor[prototype][polluted]=1',
			'type=Order&customer[__proto__][polluted]=1&a[constructor][prototype][polluted]=1',
			'__proto__=Order&type[__proto__]=x&type=Order',
			'type=Order&order[0]=a&order[x]=b&order[prototype]=c',
		)
		.map((text) => ({
			kind: 'proto-form',
			rawBody: Buffer.from(text),
			contentType: 'application/x-www-form-urlencoded',
		})),
	fc
		.constantFrom(
			{ type: 'Order', '__proto__[polluted]': '1', 'constructor[prototype][polluted]': '1' },
			JSON.parse('{"type":"Order","__proto__":{"polluted":true}}') as IDataObject,
		)
		.map((body) => ({
			kind: 'proto-parsed',
			parsedBody: body,
			contentType: 'application/x-www-form-urlencoded',
		})),
);

const caseArb: fc.Arbitrary<Case> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc
			.tuple(payloadArb, contentTypeArb, fc.constantFrom('', '\uFEFF', '  \n', '\uFEFF\t'))
			.map(([p, contentType, prefix]) => ({
				kind: 'json',
				rawBody: Buffer.from(prefix + JSON.stringify(p)),
				contentType,
			})),
	},
	{
		weight: 4,
		arbitrary: fc
			.tuple(payloadArb, contentTypeArb)
			.map(([p, contentType]) => ({ kind: 'form', rawBody: Buffer.from(toForm(p)), contentType })),
	},
	{
		weight: 3,
		arbitrary: fc
			.tuple(payloadArb, contentTypeArb)
			.map(([p, contentType]) => ({
				kind: 'parsed',
				parsedBody: JSON.parse(JSON.stringify(p)),
				contentType,
			})),
	},
	{
		weight: 2,
		arbitrary: payloadArb.map((p) => ({
			kind: 'parsed-form',
			parsedBody: flatForm(toForm(p)),
			contentType: 'application/x-www-form-urlencoded',
		})),
	},
	{
		weight: 4,
		arbitrary: fc
			.tuple(payloadArb, fc.boolean(), contentTypeArb, mutationArb)
			.map(([p, asForm, contentType, m]) => ({
				kind: 'mutated',
				rawBody: mutate(Buffer.from(asForm ? toForm(p) : JSON.stringify(p)), m),
				contentType,
			})),
	},
	{
		weight: 2,
		arbitrary: fc
			.tuple(fc.uint8Array({ maxLength: 256 }), contentTypeArb)
			.map(([bytes, contentType]) => ({ kind: 'bytes', rawBody: Buffer.from(bytes), contentType })),
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(fc.string({ unit: 'binary', maxLength: 64 }), contentTypeArb)
			.map(([text, contentType]) => ({ kind: 'string-raw', rawBody: text, contentType })),
	},
	{
		weight: 2,
		arbitrary: fc
			.tuple(fc.oneof(valueArb, fc.constant(undefined), fc.constant('')), contentTypeArb)
			.map(([parsedBody, contentType]) => ({ kind: 'parsed-any', parsedBody, contentType })),
	},
	{ weight: 1, arbitrary: specialArb },
);

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const ALLOWED_STATUSES = new Set([200, 400, 401, 413]);

function assertPrototypesClean(): void {
	for (const proto of [Object.prototype, Array.prototype]) {
		if (Object.prototype.hasOwnProperty.call(proto, 'polluted')) {
			delete (proto as Record<string, unknown>).polluted;
			throw new Error('a prototype was polluted');
		}
	}
	if (({} as Record<string, unknown>).polluted !== undefined) throw new Error('({}).polluted is set');
}

/**
 * Every object in an accepted body still has Object.prototype's members: no own key shadows them (issue 21), so
 * String(), template literals and `.hasOwnProperty()` keep working on the payload downstream.
 */
function assertInheritedMembersWork(body: unknown): void {
	const stack: unknown[] = [body];
	while (stack.length > 0) {
		const current = stack.pop();
		if (typeof current !== 'object' || current === null) continue;
		for (const name of Object.getOwnPropertyNames(Object.prototype)) {
			if (Object.prototype.hasOwnProperty.call(current, name)) throw new Error(`own key "${name}" accepted`);
		}
		String(current);
		stack.push(...Object.values(current));
	}
}

/** The decoded text readBody parses for a raw JSON body (BOM stripped, trimmed). */
function rawText(raw: Buffer | string): string {
	return (typeof raw === 'string' ? raw : raw.toString('utf8')).replace(/^\uFEFF/, '').trim();
}

/** A snapshot that sees own `__proto__` keys and distinguishes undefined/-0 well enough for a mutation check. */
function snapshot(value: unknown): string {
	try {
		return (
			JSON.stringify(value, (_key, inner: unknown) =>
				inner === undefined ? '<undefined>' : Object.is(inner, -0) ? '<-0>' : inner,
			) ?? '<undefined>'
		);
	} catch {
		return '<unserialisable>';
	}
}

const counts: Record<string, Record<string, number>> = { parser: {}, webhook: {} };
const tally = (suite: 'parser' | 'webhook', key: string) =>
	(counts[suite][key] = (counts[suite][key] ?? 0) + 1);

afterAll(() => {
	// The mix that ran, so a reader sees that every kind of body and every decision was exercised.
	console.log(`webhook property runs (seed ${SEED}): ${JSON.stringify(counts)}`);
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

describe('webhook body parser and classifier (pure functions)', () => {
	it(`never throws and always decides: ${RUNS} random and mutated bodies`, () => {
		fc.assert(
			fc.property(caseArb, fc.subarray([ALL_EVENTS, ...EVENT_KEYS]), (incoming, selected) => {
				const rawBefore = incoming.rawBody === undefined ? undefined : Buffer.from(incoming.rawBody);
				const parsedBefore = snapshot(incoming.parsedBody);
				const result = readBody(incoming);
				tally('parser', `${incoming.kind}:${result.ok ? 'ok' : result.refusal.status}`);
				if (incoming.fields !== undefined && result.ok !== incoming.fields <= MAX_FORM_FIELDS)
					throw new Error(`${incoming.fields} form fields ${result.ok ? 'accepted' : 'refused'}`);
				if (!result.ok) {
					if (![400, 413].includes(result.refusal.status)) throw new Error(`status ${result.refusal.status}`);
					if (
						typeof result.refusal.body.error !== 'string' ||
						typeof result.refusal.body.message !== 'string'
					)
						throw new Error('refusal without words');
				} else {
					const { body, encoding } = result;
					if (typeof body !== 'object' || body === null || Array.isArray(body))
						throw new Error('accepted a non-object');
					if (typeof body.type !== 'string' || body.type.trim() === '')
						throw new Error('accepted without a string type');
					if (incoming.rawBody !== undefined && incoming.rawBody.length > 0 && encoding === 'json') {
						if (!isDeepStrictEqual(body, JSON.parse(rawText(incoming.rawBody))))
							throw new Error('JSON body differs from JSON.parse of the bytes');
					}
					if (incoming.rawBody !== undefined && incoming.rawBody.length > 0 && encoding === 'form') {
						const form = parseFormEncoded(rawText(incoming.rawBody));
						if (!form.ok || !isDeepStrictEqual(body, form.body))
							throw new Error('form body differs from the form parse');
					}
					assertInheritedMembersWork(body);
					const delivery = readDelivery(body);
					const verdict = decide(
						{ tokenOk: true, delivery },
						{
							events: selected,
							products: ['1', '3'],
							testMode: 'ignore',
							secretToken: '',
							verify: false,
							enrich: false,
							ignoreDuplicates: false,
							oncePerOrderMs: 0,
						},
					);
					if (verdict.kind === 'accept' && !selected.includes(ALL_EVENTS) && !selected.includes(verdict.event))
						throw new Error('accepted an unselected event');
					if (!/^[0-9a-f]{64}$/.test(delivery.eventId)) throw new Error('bad event id');
					const { item, amount_cents: amount } = delivery.summary;
					if (amount !== null && !Number.isSafeInteger(amount)) throw new Error('amount not in whole cents');
					if (!['primary', 'bump', 'upsell', 'unknown'].includes(item.role)) throw new Error('bad item role');
				}
				if (rawBefore !== undefined && !rawBefore.equals(Buffer.from(incoming.rawBody!)))
					throw new Error('raw body mutated');
				if (snapshot(incoming.parsedBody) !== parsedBefore) throw new Error('parsed body mutated');
				assertPrototypesClean();
			}),
			{ numRuns: RUNS, seed: SEED },
		);
	});
});

describe('SamCartTrigger.webhook() with the fake webhook context', () => {
	const trigger = new SamCartTrigger();

	interface Config {
		events: string[];
		secretToken: string;
		query: { token?: unknown };
		testMode: string;
		products: string;
		ignoreDuplicates: boolean;
	}
	const configArb: fc.Arbitrary<Config> = fc.record({
		events: fc.oneof(fc.constant<string[]>([ALL_EVENTS]), fc.subarray(EVENT_KEYS, { minLength: 1 })),
		secretToken: fc.constantFrom('', TOKEN),
		query: fc.oneof(
			fc.constant<{ token?: unknown }>({ token: TOKEN }),
			fc.constant<{ token?: unknown }>({}),
			fc.constantFrom<{ token?: unknown }>(
				{ token: '' },
				{ token: `${TOKEN}x` },
				{ token: TOKEN.slice(1) },
				{ token: [TOKEN, TOKEN] },
				{ token: TOKEN.toUpperCase() },
			),
		),
		testMode: fc.constantFrom('include', 'ignore'),
		products: fc.constantFrom('', '1', '1, 3', '2;4;6'),
		ignoreDuplicates: fc.boolean(),
	});

	async function call(incoming: Case, config: Config, staticData: IDataObject) {
		const { context, response } = createFakeWebhookContext({
			rawBody: incoming.rawBody,
			body: incoming.parsedBody,
			headers: typeof incoming.contentType === 'string' ? { 'content-type': incoming.contentType } : {},
			query: config.query,
			staticData,
			withCredential: false,
			parameters: {
				events: config.events,
				options: {
					secretToken: config.secretToken,
					testMode: config.testMode,
					products: config.products,
					ignoreDuplicates: config.ignoreDuplicates,
				},
			},
		});
		const result = await trigger.webhook.call(context as unknown as IWebhookFunctions);
		return { result, response };
	}

	it(`never throws, always answers 2xx or 4xx, keeps the body and runs only accepted events: ${RUNS} deliveries`, async () => {
		await fc.assert(
			fc.asyncProperty(caseArb, configArb, async (incoming, config) => {
				const rawBefore = incoming.rawBody === undefined ? undefined : Buffer.from(incoming.rawBody);
				const parsedBefore = snapshot(incoming.parsedBody);
				const staticData: IDataObject = {};
				const { result, response } = await call(incoming, config, staticData);
				// Who answers: the node itself for a refusal or an ignored event (no execution); n8n, with the node's
				// `webhookResponse` and status 200, once it has registered the execution of an accepted event.
				const answeredByN8n = result.webhookResponse !== undefined;
				if (answeredByN8n === (result.noWebhookResponse === true))
					throw new Error('answered by nobody, or twice');
				if (answeredByN8n && response.ended) throw new Error('the node answered although n8n will');
				const status = answeredByN8n ? 200 : (response.status ?? -1);
				const body = (answeredByN8n ? result.webhookResponse : (response.body ?? {})) as IDataObject;
				const items = result.workflowData?.[0] ?? [];
				tally('webhook', `${incoming.kind}:${status}${body.ignored ? `:${String(body.ignored)}` : ''}`);

				if (!answeredByN8n && !response.ended) throw new Error('not answered');
				if (!ALLOWED_STATUSES.has(status)) throw new Error(`answered ${status}`);
				const tokenOk = config.secretToken === '' || config.query.token === TOKEN;
				if (!tokenOk && status !== 401) throw new Error(`a missing or wrong token got ${status}`);
				if (status !== 200 || body.ignored !== undefined) {
					if (result.workflowData !== undefined)
						throw new Error(`status ${status} ${String(body.ignored ?? '')} started an execution`);
				} else {
					// Accepted: one item, whose payload is the body as received.
					if (items.length !== 1) throw new Error(`accepted with ${items.length} items`);
					const item = items[0].json;
					const parsed = readBody(incoming);
					if (!parsed.ok) throw new Error('webhook accepted what readBody refuses');
					if (!isDeepStrictEqual(item.payload, parsed.body))
						throw new Error('payload differs from the parsed body');
					if (parsed.encoding === 'json' && incoming.rawBody !== undefined && incoming.rawBody.length > 0) {
						if (!isDeepStrictEqual(item.payload, JSON.parse(rawText(incoming.rawBody))))
							throw new Error('payload differs from the JSON received');
					}
					if (body.received !== true || body.eventId !== item.eventId || body.event !== item.event)
						throw new Error('answer and item disagree');
					if (config.ignoreDuplicates) {
						// The same delivery again is a duplicate: answered 200, no second execution.
						const again = await call(incoming, config, staticData);
						if (
							again.response.status !== 200 ||
							(again.response.body as IDataObject).ignored !== 'duplicate' ||
							again.result.workflowData !== undefined
						) {
							throw new Error('a redelivery started a second execution');
						}
					}
				}
				if (rawBefore !== undefined && !rawBefore.equals(Buffer.from(incoming.rawBody!)))
					throw new Error('raw body mutated');
				if (snapshot(incoming.parsedBody) !== parsedBefore) throw new Error('parsed body mutated');
				assertPrototypesClean();
			}),
			{ numRuns: RUNS, seed: SEED + 1 },
		);
	});

	it('refuses deep nesting with 400 instead of overflowing the stack (found by this suite)', async () => {
		const deep = `{"type":"Order","x":${nested(100_000, '[', ']')}}`;
		const { result, response } = await call(
			{ kind: 'deep', rawBody: Buffer.from(deep), contentType: 'application/json' },
			{
				events: [ALL_EVENTS],
				secretToken: '',
				query: {},
				testMode: 'include',
				products: '',
				ignoreDuplicates: false,
			},
			{},
		);
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({ error: 'too_deep' });
		expect(result.workflowData).toBeUndefined();
		const shallow = `{"type":"Order","x":${nested(MAX_BODY_DEPTH - 2, '[', ']')}}`;
		expect(readBody({ rawBody: shallow, contentType: 'application/json' }).ok).toBe(true);
	});

	it('expands a form key that turns a sparse array into an object (found by this suite: it threw a TypeError)', () => {
		expect(parseFormEncoded('type=Order&id[1]=0&id[id]=0')).toEqual({
			ok: true,
			body: { type: 'Order', id: { '1': '0', id: '0' } },
		});
		expect(
			readBody({ rawBody: 'type=Order&a[3]=x&a[name]=y', contentType: 'application/x-www-form-urlencoded' }),
		).toMatchObject({
			ok: true,
			body: { type: 'Order', a: { '3': 'x', name: 'y' } },
		});
	});
});
