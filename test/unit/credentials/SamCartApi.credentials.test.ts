import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	CREDENTIAL_TEST_MESSAGES,
	SAMCART_DEFAULT_BASE_URL,
	SamCartApi,
} from '../../../credentials/SamCartApi.credentials';

describe('SamCart API credential', () => {
	const credential = new SamCartApi();

	it('is named samCartApi, keeps the key in a password field and defaults to SamCart', () => {
		expect(credential.name).toBe('samCartApi');
		const apiKey = credential.properties.find((property) => property.name === 'apiKey');
		expect(apiKey?.typeOptions?.password).toBe(true);
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.default).toBe(SAMCART_DEFAULT_BASE_URL);
	});

	it('sends the key as sc-api and asks for JSON, keeping the request and its other headers', async () => {
		const authenticate = credential.authenticate as (
			credentials: IDataObject,
			requestOptions: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		const request: IHttpRequestOptions = {
			url: '/orders',
			method: 'GET',
			qs: { limit: 1 },
			headers: { 'x-trace': 'abc' },
		};
		const authenticated = await authenticate({ apiKey: 'sc_key_123', baseUrl: SAMCART_DEFAULT_BASE_URL }, request);
		expect(authenticated).toEqual({
			url: '/orders',
			method: 'GET',
			qs: { limit: 1 },
			headers: { 'x-trace': 'abc', 'sc-api': 'sc_key_123', Accept: 'application/json' },
		});
		// n8n's own options object is left as it was
		expect(request.headers).toEqual({ 'x-trace': 'abc' });
	});

	it('tests with a read-only GET /orders?limit=1 and explains 401, 403 and a body without data', () => {
		expect(credential.test.request).toMatchObject({ url: '/orders', method: 'GET', qs: { limit: 1 } });
		expect(credential.test.rules).toEqual(
			expect.arrayContaining([
				{ type: 'responseCode', properties: { value: 401, message: CREDENTIAL_TEST_MESSAGES.invalidKey } },
				{ type: 'responseCode', properties: { value: 403, message: CREDENTIAL_TEST_MESSAGES.noApiAccess } },
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
