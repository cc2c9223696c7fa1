import {
	MAX_BODY_BYTES,
	MAX_FORM_FIELDS,
	parseFormEncoded,
	readBody,
} from '../../../nodes/SamCart/trigger/body';
import { formFields, samplePayload, toForm } from './helpers';

describe('parseFormEncoded', () => {
	it('expands nested keys into objects and arrays', () => {
		expect(
			formFields(
				'type=Order&customer%5Bemail%5D=a%40b.c&customer[first_name]=Jane+Doe&order[custom_fields][0][name]=Company&order[custom_fields][0][value]=Acme&order[custom_fields][1][name]=Size',
			),
		).toEqual({
			type: 'Order',
			customer: { email: 'a@b.c', first_name: 'Jane Doe' },
			order: { custom_fields: [{ name: 'Company', value: 'Acme' }, { name: 'Size' }] },
		});
	});

	it('closes holes in arrays, appends [] values and collects a repeated plain key', () => {
		expect(formFields('a[0]=x&a[5]=y&b[]=1&b[]=2&c=1&c=2')).toEqual({
			a: ['x', 'y'],
			b: ['1', '2'],
			c: ['1', '2'],
		});
	});

	it('refuses keys named like Object.prototype members, at any depth, instead of dropping them', () => {
		for (const [text, key] of [
			['__proto__[polluted]=1&type=Order', '__proto__'],
			['type=Order&a[constructor][prototype][x]=1', 'constructor'],
			['type=Order&order[prototype]=c', 'prototype'],
			['type=Order&toString=x', 'toString'],
			['type=Order&a[0][hasOwnProperty]=x', 'hasOwnProperty'],
		]) {
			expect(parseFormEncoded(text)).toEqual({
				ok: false,
				refusal: {
					status: 400,
					body: { error: 'reserved_key', message: expect.stringContaining(`"${key}"`) },
				},
			});
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('treats numbers above the index limit as object keys, and orders indexes by value', () => {
		expect(formFields('a[999999999]=x')).toEqual({ a: { '999999999': 'x' } });
		expect(formFields('a[1000]=z&a[3]=y&a[]=w&a[0]=x')).toEqual({ a: ['x', 'y', 'z', 'w'] });
	});

	it('keeps both kinds of key when a named key joins indexes, and lets a later field win', () => {
		expect(formFields('a[3]=x&a[name]=y&b=1&b[c]=2&d[e][f]=1&d[e]=2')).toEqual({
			a: { '3': 'x', name: 'y' },
			b: { c: '2' },
			d: { e: '2' },
		});
	});

	it(`refuses more than ${MAX_FORM_FIELDS} fields before reading any, and counts what URLSearchParams reads`, () => {
		const fields = (count: number) => Array.from({ length: count }, (_, n) => `f${n}=1`).join('&');
		expect(Object.keys(formFields(`&&${fields(MAX_FORM_FIELDS)}&&`))).toHaveLength(MAX_FORM_FIELDS);
		expect(parseFormEncoded(fields(MAX_FORM_FIELDS + 1))).toEqual({
			ok: false,
			refusal: {
				status: 400,
				body: {
					error: 'too_many_fields',
					message: `The form body has 1001 fields; at most 1000 are accepted.`,
				},
			},
		});
	});

	it('round-trips what a nested form encoder writes', () => {
		const payload = samplePayload();
		const parsed = formFields(toForm(payload));
		expect(parsed.order).toMatchObject({ id: '1001', custom_fields: [{ name: 'Company', value: 'Acme' }] });
		expect(parsed.affiliate).toEqual({ id: '', token: '' });
	});
});

describe('readBody', () => {
	const ok = (result: ReturnType<typeof readBody>) => {
		if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
		return result;
	};
	const refused = (result: ReturnType<typeof readBody>) => {
		if (result.ok) throw new Error('accepted');
		return result.refusal;
	};

	it('reads JSON from the raw bytes, even when the content type says text/plain', () => {
		expect(
			ok(readBody({ rawBody: Buffer.from('{"type":"Order"}'), contentType: 'text/plain' })).body,
		).toEqual({
			type: 'Order',
		});
	});

	it('reads form fields by content type or by shape', () => {
		const byType = ok(
			readBody({
				rawBody: 'type=Order&order[id]=5',
				contentType: 'application/x-www-form-urlencoded; charset=utf-8',
			}),
		);
		expect(byType).toMatchObject({ encoding: 'form', body: { type: 'Order', order: { id: '5' } } });
		expect(ok(readBody({ rawBody: 'type=Refund' })).body).toEqual({ type: 'Refund' });
	});

	it('falls back to the parsed body when the raw bytes are absent, expanding flat bracket keys', () => {
		expect(ok(readBody({ parsedBody: { type: 'Order' } })).body).toEqual({ type: 'Order' });
		expect(
			ok(
				readBody({
					parsedBody: { type: 'Order', 'customer[email]': 'a@b.c' },
					contentType: 'application/x-www-form-urlencoded',
				}),
			).body,
		).toEqual({ type: 'Order', customer: { email: 'a@b.c' } });
	});

	it.each([
		['empty raw body', { rawBody: Buffer.alloc(0) }, 400, 'empty_body'],
		['whitespace', { rawBody: ' \n ', contentType: 'application/json' }, 400, 'empty_body'],
		['no body at all', {}, 400, 'empty_body'],
		['empty parsed object', { parsedBody: {} }, 400, 'empty_body'],
		['invalid JSON', { rawBody: '{"type":', contentType: 'application/json' }, 400, 'invalid_json'],
		['JSON array', { rawBody: '[{"type":"Order"}]', contentType: 'application/json' }, 400, 'invalid_body'],
		['JSON string', { rawBody: '"Order"', contentType: 'application/json' }, 400, 'invalid_body'],
		['no type', { rawBody: '{"order":{"id":1}}', contentType: 'application/json' }, 400, 'missing_type'],
		['null type', { rawBody: '{"type":null}', contentType: 'application/json' }, 400, 'missing_type'],
		['number type', { rawBody: '{"type":5}', contentType: 'application/json' }, 400, 'invalid_type'],
		['object type', { rawBody: '{"type":{"a":1}}', contentType: 'application/json' }, 400, 'invalid_type'],
		['blank type', { rawBody: '{"type":"  "}', contentType: 'application/json' }, 400, 'invalid_type'],
		[
			'form without type',
			{ rawBody: 'order[id]=1', contentType: 'application/x-www-form-urlencoded' },
			400,
			'missing_type',
		],
		[
			'a reserved key in JSON',
			{ rawBody: '{"type":"Order","order":[{"valueOf":1}]}', contentType: 'application/json' },
			400,
			'reserved_key',
		],
		['a reserved key n8n parsed', { parsedBody: { type: 'Order', toString: 'x' } }, 400, 'reserved_key'],
		[
			'too many form fields',
			{
				rawBody: `type=Order${'&a=1'.repeat(MAX_FORM_FIELDS)}`,
				contentType: 'application/x-www-form-urlencoded',
			},
			400,
			'too_many_fields',
		],
		[
			'form type as array',
			{ rawBody: 'type[]=a', contentType: 'application/x-www-form-urlencoded' },
			400,
			'invalid_type',
		],
	])('refuses %s', (_name, incoming, status, error) => {
		const refusal = refused(readBody(incoming));
		expect(refusal.status).toBe(status);
		expect(refusal.body.error).toBe(error);
		expect(refusal.body.message).toEqual(expect.any(String));
	});

	it('refuses a body over the size limit with 413 before parsing it', () => {
		const huge = Buffer.alloc(MAX_BODY_BYTES + 1, 'a');
		expect(refused(readBody({ rawBody: huge, contentType: 'application/json' })).status).toBe(413);
		const atLimit = Buffer.from(`{"type":"Order","pad":"${'a'.repeat(MAX_BODY_BYTES - 30)}"}`);
		expect(atLimit.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
		expect(readBody({ rawBody: atLimit, contentType: 'application/json' }).ok).toBe(true);
		expect(refused(readBody({ parsedBody: { type: 'Order', pad: 'a'.repeat(MAX_BODY_BYTES) } })).status).toBe(
			413,
		);
	});
});
