import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ALL_EVENTS, findEventByKey } from './trigger/events';
import { triggerProperties } from './trigger/description';
import { createFetcher, enrichEvent, verifyEvent } from './trigger/lookup';
import { readBody, readUnreadBody } from './trigger/body';
import {
	classify,
	computeEventId,
	isDuplicate,
	isTestMode,
	matchesProducts,
	parseProductFilter,
	remember,
	summarise,
	tokenMatches,
	tokenProblem,
} from './trigger/webhook';

/** What the node keeps in the workflow's static data ('node'): nothing else, and nothing in memory. */
const STATIC_KEYS = { url: 'webhookUrl', preparedAt: 'preparedAt', recent: 'recentEventIds' } as const;

interface TriggerConfig {
	events: string[];
	products: string[];
	testMode: 'include' | 'ignore';
	secretToken: string;
	verify: boolean;
	enrich: boolean;
	ignoreDuplicates: boolean;
}

function readConfig(context: IHookFunctions | IWebhookFunctions): TriggerConfig {
	const events = context.getNodeParameter('events', []) as string[];
	const options = context.getNodeParameter('options', {}) as IDataObject;
	if (!Array.isArray(events) || events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Select at least one event', {
			description: 'Choose the SamCart events that should start this workflow, or All Events.',
		});
	}
	const unknown = events.filter((key) => key !== ALL_EVENTS && !findEventByKey(key));
	if (unknown.length) {
		throw new NodeOperationError(context.getNode(), `Unknown event: ${unknown.join(', ')}`, {
			description: 'Open the node and choose the events again.',
		});
	}
	let products: string[];
	try {
		products = parseProductFilter(options.products);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Products takes SamCart product IDs, separated by commas, e.g. 350399, 350400.',
		});
	}
	return {
		events,
		products,
		testMode: options.testMode === 'ignore' ? 'ignore' : 'include',
		secretToken: typeof options.secretToken === 'string' ? options.secretToken : '',
		verify: options.verify === true,
		enrich: options.enrich === true,
		ignoreDuplicates: options.ignoreDuplicates === true,
	};
}

/** Everything activation can check: what would otherwise only fail when SamCart calls. */
function validateForActivation(context: IHookFunctions): TriggerConfig {
	const config = readConfig(context);
	const problem = tokenProblem(config.secretToken);
	if (problem) {
		throw new NodeOperationError(context.getNode(), problem, {
			description: 'Generate one with e.g. `openssl rand -hex 24` and paste it into Options > Secret Token.',
		});
	}
	if ((config.verify || config.enrich) && !context.getNode().credentials?.samCartApi) {
		throw new NodeOperationError(
			context.getNode(),
			'Verify With SamCart and Enrich need a SamCart API credential',
			{ description: 'Select a SamCart API credential on the trigger, or turn both options off.' },
		);
	}
	return config;
}

export class SamCartTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SamCart Trigger',
		name: 'samCartTrigger',
		icon: { light: 'file:samcart.svg', dark: 'file:samcart.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates an `options.binaryData` expression for every delivery to a version-1
		// webhook node, which under lazily acquired expression isolates costs an isolate per event (bench p3).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{($parameter["events"] || []).length + " event(s)"}}',
		description: 'Starts the workflow when SamCart sends an order, refund, subscription or lead event',
		defaults: { name: 'SamCart Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Only Verify With SamCart and Enrich call the API; activation refuses them without a credential.
		credentials: [{ name: 'samCartApi', required: false }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer at once, without waiting for the workflow. Refusals and ignored events are written by
				// webhook() itself; an accepted event's body is returned as `webhookResponse`, which n8n sends
				// (2.x: once the execution is registered, as for its own Webhook node). '' (not 'noData', not
				// unset = the literal "firstEntryJson") is what makes n8n answer with that body.
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			// SamCart has no API for webhooks: "exists" means this node already prepared this URL.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				validateForActivation(this);
				const data = this.getWorkflowStaticData('node');
				return data[STATIC_KEYS.url] === this.getNodeWebhookUrl('default');
			},
			// Registers nothing at SamCart (the user pastes the URL there); prepares the static data.
			async create(this: IHookFunctions): Promise<boolean> {
				validateForActivation(this);
				const data = this.getWorkflowStaticData('node');
				data[STATIC_KEYS.url] = this.getNodeWebhookUrl('default') ?? null;
				data[STATIC_KEYS.preparedAt] = new Date().toISOString();
				data[STATIC_KEYS.recent] = [];
				return true;
			},
			// Idempotent: clears what create() prepared; the rules in SamCart's Webhooks app stay as the user left them.
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				for (const key of Object.values(STATIC_KEYS)) delete data[key];
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const answer = (status: number, body: IDataObject): IWebhookResponseData => {
			res.status(status).json(body);
			return { noWebhookResponse: true };
		};
		const ignore = (reason: string, extra: IDataObject = {}) =>
			answer(200, { received: true, ignored: reason, ...extra });

		const config = readConfig(this);

		// 1. Authenticate before reading anything else: a caller without the token learns nothing.
		const query = (this.getQueryData() ?? {}) as IDataObject;
		if (!tokenMatches(config.secretToken, query.token)) {
			return answer(401, {
				error: 'unauthorized',
				message: 'The token in the URL is missing or wrong.',
			});
		}

		// 2. Body: raw bytes (JSON or form), else what n8n parsed.
		const req = this.getRequestObject();
		let rawBody = (req as unknown as { rawBody?: Buffer | string }).rawBody;
		if (!rawBody || rawBody.length === 0) rawBody = (await readUnreadBody(req)) ?? rawBody;
		const parsed = readBody({
			rawBody,
			parsedBody: rawBody && rawBody.length > 0 ? undefined : this.getBodyData(),
			contentType: req.headers?.['content-type'],
		});
		if (!parsed.ok) return answer(parsed.refusal.status, parsed.refusal.body);
		const payload = parsed.body;
		const eventType = String(payload.type);

		// 3. Which event, and is it wanted?
		const classification = classify(eventType, config.events);
		if (!classification.accept) {
			return ignore(classification.reason, classification.key ? { event: classification.key } : {});
		}
		const testMode = isTestMode(payload);
		if (testMode && config.testMode === 'ignore') return ignore('test_mode', { event: classification.key });
		if (!matchesProducts(payload, config.products)) {
			return ignore('product_not_selected', { event: classification.key });
		}

		// 4. Redelivery?
		const eventId = computeEventId(payload);
		// Static data only when asked for: n8n saves it to the database after every execution that touched it.
		const staticData = config.ignoreDuplicates ? this.getWorkflowStaticData('node') : {};
		if (config.ignoreDuplicates) {
			if (isDuplicate(staticData[STATIC_KEYS.recent], eventId)) {
				return ignore('duplicate', { event: classification.key, eventId });
			}
			// Without Verify, remember at once (no await in between, so a parallel copy in this process is caught).
			if (!config.verify) staticData[STATIC_KEYS.recent] = remember(staticData[STATIC_KEYS.recent], eventId);
		}

		// 5. Verify and enrich through the API.
		const summary = summarise(payload, classification.event);
		const item: IDataObject = {
			event: classification.key,
			eventLabel: classification.label,
			eventType,
			eventId,
			receivedAt: new Date().toISOString(),
			testMode,
			summary: summary as unknown as IDataObject,
		};
		const fetch = config.verify || config.enrich ? createFetcher(this) : undefined;
		if (config.verify && fetch) {
			const verdict = await verifyEvent(fetch, summary, classification.event);
			if (verdict.refusal) return answer(verdict.refusal.status, verdict.refusal.body);
			item.verified = verdict.checked;
			if (config.ignoreDuplicates) {
				staticData[STATIC_KEYS.recent] = remember(staticData[STATIC_KEYS.recent], eventId);
			}
		}
		// Webhook payloads may not say test_mode; the order SamCart's API returns does (already fetched by Verify).
		if (!testMode && config.testMode === 'ignore' && fetch && typeof summary.order_id === 'number') {
			const orderId = summary.order_id;
			const apiTestMode = await fetch(`/orders/${orderId}`, `Order ${orderId}`).then(
				(order) => order.test_mode === true,
				() => false,
			);
			if (apiTestMode) return ignore('test_mode', { event: classification.key, eventId });
		}
		if (config.enrich && fetch) {
			const enrichment = await enrichEvent(fetch, summary);
			item.order = enrichment.order;
			item.customer = enrichment.customer;
			item.subscription = enrichment.subscription;
			if (enrichment.enrichErrors.length) item.enrichErrors = enrichment.enrichErrors;
		}
		item.payload = payload;

		// n8n answers with this body (status 200) itself. Writing `res` here and returning noWebhookResponse
		// would answer before n8n has even created the execution: the caller sends the next event at once, and
		// under load executions pile up (bench p3: start -> stop p50 1730 ms vs 160 ms this way).
		return {
			webhookResponse: { received: true, event: classification.key, eventId },
			workflowData: [this.helpers.returnJsonArray([item])],
		};
	}
}
