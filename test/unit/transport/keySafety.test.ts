/**
 * The API key stays out of everything the transport returns or throws, and the Base URL it is sent to is checked.
 * Redirects through n8n's real HTTP helper are proven in test/engine/hardening.engine.test.ts (this fake helper is
 * built on fetch, which follows them itself).
 */
import nock from 'nock';

import { samCartRequest } from '../../../nodes/SamCart/transport';
import type { SamCartContext, SamCartRequest } from '../../../nodes/SamCart/transport';
import { describeFailure, redact, redactValue } from '../../../nodes/SamCart/transport/errors';
import { createFakeContext } from '../helpers/fakeN8nContext';

const BASE = 'https://api.samcart.com';
const KEY = 'sc_live_Pa3Wq6Ek9Rm2Yt5';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Fails if any 6 characters in a row of the key show in what the user can see of a result or an error. */
function expectNoPieceOfKey(key: string, result: unknown) {
	const error = result as { message?: string; description?: string; errorResponse?: unknown };
	const text = [
		error.message,
		error.description,
		JSON.stringify(result),
		JSON.stringify(error.errorResponse),
	].join('\n');
	const core = key.trim();
	for (let i = 0; i + 6 <= core.length; i++) expect(text).not.toContain(core.slice(i, i + 6));
}

async function outcome(request: SamCartRequest, apiKey = KEY, baseUrl = `${BASE}/v1`): Promise<unknown> {
	const context = createFakeContext({ apiKey, baseUrl }) as unknown as SamCartContext;
	return await samCartRequest.call(context, request).catch((error: unknown) => error);
}

describe('redact', () => {
	it('replaces every occurrence of the key, and leaves a text without it as it is', () => {
		expect(redact(`a ${KEY} b ${KEY}`, KEY)).toBe('a [redacted] b [redacted]');
		expect(redact('nothing here', KEY)).toBe('nothing here');
		expect(redact(`a ${KEY}`, undefined)).toBe(`a ${KEY}`);
	});
});

describe('redactValue', () => {
	it('redacts every string of a parsed answer, nested in objects and arrays, property names included', () => {
		const answer = { a: KEY, list: [1, `x${KEY}y`, { deep: [KEY] }], [KEY]: true, n: 5, none: null };
		expect(redactValue(answer, KEY)).toEqual({
			a: '[redacted]',
			list: [1, 'x[redacted]y', { deep: ['[redacted]'] }],
			'[redacted]': true,
			n: 5,
			none: null,
		});
		// the answer itself is left as it was
		expect(answer.a).toBe(KEY);
	});

	it('finds a key with " and \\ in the parsed value (its JSON text would escape them)', () => {
		const key = 'sc_"quoted\\slash';
		expect(redactValue({ message: `bad key ${key}` }, key)).toEqual({ message: 'bad key [redacted]' });
	});

	it('returns the very same object when there is nothing to redact (no copy of a large page)', () => {
		const page = { data: [{ id: 1, name: 'x' }], pagination: { next: null } };
		expect(redactValue(page, KEY)).toBe(page);
	});
});

describe('describeFailure for a redirect', () => {
	const call = {
		method: 'GET',
		path: '/orders/1',
		status: 302,
		attempts: 1,
		redirectedTo: 'other.example:1234',
	};

	it('names the host the redirect points to, and says nothing was sent there', () => {
		const { message, description } = describeFailure(call);
		expect(message).toBe(
			"SamCart's address answered with a redirect to other.example:1234; the API key and the request were not sent there",
		);
		expect(description).toMatch(
			/Set the Base URL in the SamCart credential to the address that answers itself/,
		);
		expect(description).not.toMatch(/received the request/);
	});

	it('for a write, says the first server got it and that it was not sent again', () => {
		const { description } = describeFailure({
			...call,
			method: 'POST',
			path: '/refunds/charges/5/',
			status: 307,
		});
		expect(description).toMatch(
			/^The server at the Base URL received the request \(POST \/refunds\/charges\/5\/\)\. It was not sent again automatically/,
		);
	});

	it('without a Location, gives the status', () => {
		expect(describeFailure({ ...call, redirectedTo: '' }).message).toMatch(
			/^SamCart's address answered with a redirect \(302\);/,
		);
	});
});

describe('the API key never leaves in what the transport returns or throws', () => {
	it("a write's 2xx answer that is not JSON (a page echoing the request headers): kept as `raw`, without the key", async () => {
		nock(BASE)
			.post('/v1/refunds/charges/5/')
			.reply(200, function () {
				return `<html><pre>sc-api: ${String(this.req.headers['sc-api'])}</pre></html>`;
			});
		const result = await outcome({ method: 'POST', path: '/refunds/charges/5/', body: {} });
		expect(result).toEqual({
			confirmed: true,
			status: 200,
			raw: '<html><pre>sc-api: [redacted]</pre></html>',
		});
	});

	it('an error text with the key across the 300-character cut', async () => {
		nock(BASE)
			.get('/v1/orders/1')
			.reply(400, `${'x'.repeat(290)}${KEY} was refused`);
		const error = await outcome({ method: 'GET', path: '/orders/1' });
		expect((error as Error).message).toBe(`SamCart refused the request: ${'x'.repeat(290)}[redacted]`);
		expectNoPieceOfKey(KEY, error);
	});

	it('a key with " and \\ echoed in a JSON error body', async () => {
		const key = 'sc_live_"Hq7\\Wd3"Zp9\\Ly6Fb2';
		nock(BASE)
			.get('/v1/orders/1')
			.reply(401, { message: `Invalid key ${key}` });
		const error = await outcome({ method: 'GET', path: '/orders/1' }, key);
		expect((error as { errorResponse: unknown }).errorResponse).toMatchObject({
			body: { message: 'Invalid key [redacted]' },
		});
		expectNoPieceOfKey(key, error);
	});

	it('a key pasted with a trailing space and newline: sent trimmed, and redacted as sent', async () => {
		const pasted = `${KEY} \n`;
		nock(BASE, { reqheaders: { 'sc-api': KEY } })
			.get('/v1/orders/1')
			.reply(401, { message: `Invalid key ${KEY}`, error: `bad key ${KEY}` });
		const error = await outcome({ method: 'GET', path: '/orders/1' }, pasted);
		expect((error as Error).message).toBe('SamCart rejected the API key');
		expectNoPieceOfKey(pasted, error);
	});
});

describe('a Base URL the key must not travel to', () => {
	it.each([
		['http://proxy.example', '/v1', 'must start with https:// (proxy.example is not this machine)'],
		[BASE, '/v1?x=1', 'must not contain "?" or "#" (a query or fragment)'],
	])('%s%s is refused before anything is sent', async (origin, path, problem) => {
		const anything = nock(origin).post(/.*/).reply(200, { id: 77 });
		const error = await outcome(
			{ method: 'POST', path: '/refunds/charges/5/', body: {}, itemIndex: 2 },
			KEY,
			`${origin}${path}`,
		);
		expect(error).toMatchObject({
			message: `The Base URL in the SamCart credential ${problem}`,
			description: expect.stringMatching(/^Use https:\/\/api\.samcart\.com\/v1/),
			context: { itemIndex: 2 },
		});
		expect(anything.isDone()).toBe(false);
	});
});
