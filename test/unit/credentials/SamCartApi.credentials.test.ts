import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	baseUrlProblem,
	CREDENTIAL_TEST_MESSAGES,
	normalizeApiKey,
	SAMCART_DEFAULT_BASE_URL,
	SamCartApi,
} from '../../../credentials/SamCartApi.credentials';

describe('SamCart API credential', () => {
	const credential = new SamCartApi();
	const authenticate = credential.authenticate as (
		credentials: IDataObject,
		requestOptions: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;

	it('is named samCartApi, keeps the key in a password field and defaults to SamCart', () => {
		expect(credential.name).toBe('samCartApi');
		const apiKey = credential.properties.find((property) => property.name === 'apiKey');
		expect(apiKey?.typeOptions?.password).toBe(true);
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.default).toBe(SAMCART_DEFAULT_BASE_URL);
	});

	it('sends the key as sc-api, asks for JSON and follows no redirect, keeping the request and its other headers', async () => {
		const request: IHttpRequestOptions = {
			url: '/orders',
			method: 'GET',
			qs: { limit: 1 },
			headers: { 'x-trace': 'abc' },
		};
		const authenticated = await authenticate(
			{ apiKey: 'sc_key_123', baseUrl: SAMCART_DEFAULT_BASE_URL },
			request,
		);
		expect(authenticated).toEqual({
			url: '/orders',
			method: 'GET',
			qs: { limit: 1 },
			disableFollowRedirect: true,
			headers: { 'x-trace': 'abc', 'sc-api': 'sc_key_123', Accept: 'application/json' },
		});
		// n8n's own options object is left as it was
		expect(request.headers).toEqual({ 'x-trace': 'abc' });
	});

	it('sends the key without the spaces, line breaks or control characters a paste brings', async () => {
		for (const pasted of [
			' sc_key_123',
			'sc_key_123 ',
			'sc_key_123\n',
			'\tsc_key_123\r\n',
			'sc_key\u0000_123\u007f',
		]) {
			const authenticated = await authenticate({ apiKey: pasted }, { url: '/orders' });
			expect(authenticated.headers?.['sc-api']).toBe('sc_key_123');
			expect(normalizeApiKey(pasted)).toBe('sc_key_123');
		}
		expect(normalizeApiKey(undefined)).toBe('');
	});

	it.each([
		['https://api.samcart.com/v1', undefined],
		['http://127.0.0.1:4010/v1', undefined],
		['http://localhost:4010/v1', undefined],
		['http://[::1]:4010/v1', undefined],
		['https://proxy.example/samcart/v1', undefined],
		['https://api.samcart.com/v1?x=1', 'must not contain "?" or "#" (a query or fragment)'],
		['https://api.samcart.com/v1#top', 'must not contain "?" or "#" (a query or fragment)'],
		['http://proxy.example/v1', 'must start with https:// (proxy.example is not this machine)'],
		['http://127.0.0.2.example/v1', 'must start with https:// (127.0.0.2.example is not this machine)'],
		['ftp://api.samcart.com/v1', 'must start with https:// (it starts with ftp:)'],
		['api.samcart.com/v1', 'is not a valid address'],
	])('Base URL %s: %s', (baseUrl, problem) => {
		expect(baseUrlProblem(baseUrl)).toBe(problem && `The Base URL in the SamCart credential ${problem}`);
	});

	it('refuses to authenticate a request for a Base URL the key must not travel to (the Test button too)', async () => {
		await expect(
			authenticate({ apiKey: 'k', baseUrl: 'http://proxy.example/v1' }, { url: '/orders' }),
		).rejects.toThrow(
			'The Base URL in the SamCart credential must start with https:// (proxy.example is not this machine)',
		);
		await expect(
			authenticate({ apiKey: 'k', baseUrl: 'https://x.example/v1?a=1' }, { url: '/orders' }),
		).rejects.toThrow(/must not contain "\?" or "#"/);
		// empty means SamCart's own address
		await expect(authenticate({ apiKey: 'k', baseUrl: '' }, { url: '/orders' })).resolves.toMatchObject({
			headers: { 'sc-api': 'k' },
		});
	});

	it('tests with a read-only GET /orders?limit=1 and explains 401, 403, every redirect and a body without data', () => {
		expect(credential.test.request).toMatchObject({ url: '/orders', method: 'GET', qs: { limit: 1 } });
		expect(credential.test.rules).toEqual(
			expect.arrayContaining([
				{ type: 'responseCode', properties: { value: 401, message: CREDENTIAL_TEST_MESSAGES.invalidKey } },
				{ type: 'responseCode', properties: { value: 403, message: CREDENTIAL_TEST_MESSAGES.noApiAccess } },
				...[301, 302, 303, 307, 308].map((value) => ({
					type: 'responseCode',
					properties: { value, message: CREDENTIAL_TEST_MESSAGES.redirect },
				})),
				{
					type: 'responseSuccessBody',
					properties: { key: 'data', value: undefined, message: CREDENTIAL_TEST_MESSAGES.notSamCart },
				},
			]),
		);
	});

	it("resolves its base URL expression to the credential's value without a trailing slash", () => {
		// The expression n8n evaluates, run here on the same input n8n gives it.
		const expression = String(credential.test.request.baseURL).replace(/^=\{\{|\}\}$/g, '');
		const evaluate = (baseUrl: string) => new Function('$credentials', `return ${expression}`)({ baseUrl });
		expect(evaluate('http://127.0.0.1:4010/v1/')).toBe('http://127.0.0.1:4010/v1');
		expect(evaluate('')).toBe(SAMCART_DEFAULT_BASE_URL);
	});
});
