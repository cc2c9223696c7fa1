import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export const SAMCART_DEFAULT_BASE_URL = 'https://api.samcart.com/v1';

/** Plain-word explanations shown by the credential's Test button. */
export const CREDENTIAL_TEST_MESSAGES = {
	invalidKey:
		'SamCart rejected the API key. Copy it again from SamCart (Settings > API Keys) or ask support@samcart.com for a new one.',
	noApiAccess:
		'The key is valid but this SamCart account cannot use the API: its plan does not include API access or the account is inactive. Upgrade the plan or contact SamCart support.',
	notSamCart:
		'The server answered, but not like SamCart: the orders list has no "data" array. Check the Base URL.',
} as const;

export class SamCartApi implements ICredentialType {
	name = 'samCartApi';

	displayName = 'SamCart API';

	icon: Icon = { light: 'file:../nodes/SamCart/samcart.svg', dark: 'file:../nodes/SamCart/samcart.dark.svg' };

	documentationUrl = 'https://developer.samcart.com';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create one in SamCart under Settings > API Keys; on older accounts SamCart support (support@samcart.com) issues it. API access depends on your SamCart plan.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: SAMCART_DEFAULT_BASE_URL,
			description:
				'Leave as is for SamCart. Change it only to go through a proxy or to use a local SamCart simulator.',
		},
	];

	/**
	 * A function rather than the generic `={{$credentials.apiKey}}` form: n8n 2.x evaluates that expression in its
	 * expression isolate on every request, which was over a third of a Return All's time per page (bench p1).
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			'sc-api': String(credentials.apiKey ?? ''),
			Accept: 'application/json',
		},
	});

	// Read-only: lists at most one order. A 200 whose body has no `data` is not SamCart.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "' + SAMCART_DEFAULT_BASE_URL + '").replace(/\\/+$/, "")}}',
			url: '/orders',
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: CREDENTIAL_TEST_MESSAGES.invalidKey } },
			{ type: 'responseCode', properties: { value: 403, message: CREDENTIAL_TEST_MESSAGES.noApiAccess } },
			{
				type: 'responseSuccessBody',
				properties: { key: 'data', value: undefined, message: CREDENTIAL_TEST_MESSAGES.notSamCart },
			},
		] as ICredentialTestRequest['rules'],
	};
}
