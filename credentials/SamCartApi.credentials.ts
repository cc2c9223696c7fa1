import { UserError } from 'n8n-workflow';
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
	redirect:
		'The Base URL answered with a redirect, which was not followed: the API key was not sent on. Enter the address that answers itself (https://api.samcart.com/v1 for SamCart).',
} as const;

/** Plain http may only reach this machine (a local simulator): the key travels in every request. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why the key must not go to this Base URL, or undefined if it may. */
export function baseUrlProblem(baseUrl: string): string | undefined {
	const problem = 'The Base URL in the SamCart credential';
	// A query or fragment would end up in the middle of every path (`/v1?x=1/orders`).
	if (/[?#]/.test(baseUrl)) return `${problem} must not contain "?" or "#" (a query or fragment)`;
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `${problem} is not a valid address`;
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
		return undefined;
	}
	const where =
		url.protocol === 'http:' ? `${url.hostname} is not this machine` : `it starts with ${url.protocol}`;
	return `${problem} must start with https:// (${where})`;
}

/** How to fix what baseUrlProblem found. */
export const BASE_URL_HINT =
	"Use https://api.samcart.com/v1, or your proxy's https address with nothing after the path. Plain http is accepted only for localhost, 127.0.0.1 and [::1] (a local simulator), since the API key is sent with every request.";

/** The Base URL as the requests use it: the default if empty, without a trailing slash. */
export function effectiveBaseUrl(baseUrl: unknown): string {
	return String(baseUrl || SAMCART_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/**
 * The key as it is sent and as it is looked for when redacting: without the spaces, line breaks or control characters
 * a paste can bring (n8n's HTTP client would drop them on the wire, and redaction would then miss the key).
 */
export function normalizeApiKey(apiKey: unknown): string {
	return [...String(apiKey ?? '')]
		.filter((c) => c >= ' ' && c !== '\u007f')
		.join('')
		.trim();
}

/** Every HTTP redirect status: the request's credential test explains them instead of following them. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

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
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		// Also guards the Test button, which sends the key without our transport's checks.
		const problem = baseUrlProblem(effectiveBaseUrl(credentials.baseUrl));
		if (problem) throw new UserError(problem, { description: BASE_URL_HINT });
		return {
			...requestOptions,
			// n8n would send the key (and a write) on to wherever a redirect points, even another origin.
			disableFollowRedirect: true,
			headers: {
				...requestOptions.headers,
				'sc-api': normalizeApiKey(credentials.apiKey),
				Accept: 'application/json',
			},
		};
	};

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
			...REDIRECT_STATUSES.map((value) => ({
				type: 'responseCode',
				properties: { value, message: CREDENTIAL_TEST_MESSAGES.redirect },
			})),
			{
				type: 'responseSuccessBody',
				properties: { key: 'data', value: undefined, message: CREDENTIAL_TEST_MESSAGES.notSamCart },
			},
		] as ICredentialTestRequest['rules'],
	};
}
