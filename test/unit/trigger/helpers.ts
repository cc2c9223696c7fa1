import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SamCartTrigger } from '../../../nodes/SamCart/SamCartTrigger.node';
import { parseFormEncoded } from '../../../nodes/SamCart/trigger/body';
import {
	createFakeHookContext,
	createFakeWebhookContext,
	type FakeWebhookOptions,
	type RecordedResponse,
} from '../helpers/fakeN8nContext';

export const trigger = new SamCartTrigger();

export interface Delivery {
	status?: number;
	body: IDataObject;
	response: RecordedResponse;
	result: IWebhookResponseData;
	/** The items the workflow would start with; empty when no execution starts. */
	items: IDataObject[];
	staticData: IDataObject;
}

/** Sends one request through SamCartTrigger.webhook() with the fake context. */
export async function deliver(options: FakeWebhookOptions): Promise<Delivery> {
	const staticData = options.staticData ?? {};
	const { context, response } = createFakeWebhookContext({ ...options, staticData });
	const result = await trigger.webhook.call(context as unknown as IWebhookFunctions);
	// What n8n answers: the response webhook() wrote itself, else (responseMode onReceived, responseData '')
	// the returned webhookResponse with the description's responseCode (default 200).
	const answeredByN8n = response.status === undefined && result.webhookResponse !== undefined;
	return {
		status: answeredByN8n ? 200 : response.status,
		body: ((answeredByN8n ? result.webhookResponse : response.body) ?? {}) as IDataObject,
		response,
		result,
		items: (result.workflowData?.[0] ?? []).map((item) => item.json),
		staticData,
	};
}

export const json = (payload: unknown): Pick<FakeWebhookOptions, 'rawBody' | 'headers'> => ({
	rawBody: Buffer.from(JSON.stringify(payload)),
	headers: { 'content-type': 'application/json' },
});

/** Nested form encoding, the way PHP and SamCart-style senders write it. */
export function toForm(payload: unknown): string {
	const pairs: string[] = [];
	const walk = (value: unknown, key: string) => {
		if (value === null || value === undefined) pairs.push(`${encodeURIComponent(key)}=`);
		else if (Array.isArray(value)) value.forEach((entry, index) => walk(entry, `${key}[${index}]`));
		else if (typeof value === 'object')
			for (const [name, entry] of Object.entries(value)) walk(entry, key ? `${key}[${name}]` : name);
		else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	};
	walk(payload, '');
	return pairs.join('&');
}

/** parseFormEncoded's object for a form it accepts; throws with the refusal otherwise. */
export function formFields(text: string): IDataObject {
	const parsed = parseFormEncoded(text);
	if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.refusal)}`);
	return parsed.body;
}

export const form = (payload: unknown): Pick<FakeWebhookOptions, 'rawBody' | 'headers'> => ({
	rawBody: Buffer.from(toForm(payload)),
	headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

export function hookContext(options: FakeWebhookOptions = {}) {
	return createFakeHookContext(options) as unknown as IHookFunctions;
}

/** A delivery shaped like samcart-api.md §6.3's reconstructed skeleton. */
export function samplePayload(type = 'Order', overrides: IDataObject = {}): IDataObject {
	return {
		type,
		api_key: null,
		product: { id: 350399, name: 'Basic Plan', price: '49.00' },
		customer: {
			customer_id: 1234,
			first_name: 'Jane',
			last_name: 'Doe',
			email: 'jane@example.com',
			phone_number: '5555555555',
		},
		order: {
			id: 1001,
			total: '49.00',
			subscription_id: 777,
			created_at: '2024-05-01 10:20:30',
			custom_fields: [{ name: 'Company', slug: 'custom_zL6FLFM3', value: 'Acme' }],
		},
		affiliate: { id: null, token: null },
		...overrides,
	};
}
