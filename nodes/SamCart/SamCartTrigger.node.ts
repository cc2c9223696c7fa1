import { randomUUID } from 'crypto';
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
	isTestMode,
	matchesProducts,
	parseProductFilter,
	summarise,
	tokenMatches,
	tokenProblem,
} from './trigger/webhook';
import { DeliveryMemory, RECENT_KEY } from './trigger/memory';

/** What the node keeps in the workflow's static data ('node'); trigger/memory.ts says what it keeps in the process. */
const STATIC_KEYS = { url: 'webhookUrl', preparedAt: 'preparedAt', activation: 'activationId', recent: RECENT_KEY } as const;

/** The process memory of one trigger node: its workflow and node, then the activation create() prepared. */
function memoryScope(context: IHookFunctions | IWebhookFunctions, activation: unknown): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${String(activation ?? '')}`;
}

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
				data[STATIC_KEYS.activation] = randomUUID();
				// Kept when there is one: n8n also calls create() when the URL changed (e.g. a restart on another
				// port or WEBHOOK_URL), and SamCart may redeliver across that. Deactivation (delete) clears it.
				data[STATIC_KEYS.recent] = Array.isArray(data[STATIC_KEYS.recent]) ? data[STATIC_KEYS.recent] : [];
				DeliveryMemory.forgetNode(memoryScope(this, ''));
				return true;
			},
			// Idempotent: clears what create() prepared; the rules in SamCart's Webhooks app stay as the user left them.
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				for (const key of Object.values(STATIC_KEYS)) delete data[key];
				DeliveryMemory.forgetNode(memoryScope(this, ''));
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

		// 4. Redelivery? Not for test runs: n8n keeps no static data for them, and a resent test event should run.
		const eventId = computeEventId(payload);
		let memory: DeliveryMemory | undefined;
		if (config.ignoreDuplicates && this.getMode() !== 'manual') {
			const staticData = this.getWorkflowStaticData('node');
			memory = new DeliveryMemory(memoryScope(this, staticData[STATIC_KEYS.activation]), staticData);
			// Claimed before any await (Verify), so a copy arriving meanwhile is a duplicate.
			if (!memory.claim(eventId)) return ignore('duplicate', { event: classification.key, eventId });
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
			if (verdict.refusal) {
				memory?.release(eventId);
				return answer(verdict.refusal.status, verdict.refusal.body);
			}
			item.verified = verdict.checked;
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

		const accepted = { received: true, event: classification.key, eventId };
		const workflowData = [this.helpers.returnJsonArray([item])];
		// n8n 2.x saves the static data of an event it answers itself only after it has built the execution, which
		// resets the data's change flag: the memory would be lost. Answering here makes n8n save it first (1.x
		// always did), at the cost of answering before the execution is registered (bench p3).
		if (memory) {
			res.status(200).json(accepted);
			return { noWebhookResponse: true, workflowData };
		}
		// Otherwise n8n answers with this body (status 200) itself. Writing `res` here would answer before n8n has
		// even created the execution: the caller sends the next event at once, and under load executions pile up
		// (bench p3: start -> stop p50 1730 ms vs 160 ms this way).
		return { webhookResponse: accepted, workflowData };
	}
}
