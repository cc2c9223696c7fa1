import { randomUUID } from 'crypto';
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readConfig, validateForActivation } from './trigger/config';
import { triggerProperties } from './trigger/description';
import { ACTIVATION_KEY, DeliveryMemory, ORDERS_KEY, RECENT_KEY } from './trigger/memory';
import { receive } from './trigger/receive';

/** What the node keeps in the workflow's static data ('node'); trigger/memory.ts says what it keeps in the process. */
const STATIC_KEYS = {
	url: 'webhookUrl',
	preparedAt: 'preparedAt',
	activation: ACTIVATION_KEY,
	recent: RECENT_KEY,
	orders: ORDERS_KEY,
} as const;

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
				DeliveryMemory.forgetNode(this);
				return true;
			},
			// Idempotent: clears what create() prepared; the rules in SamCart's Webhooks app stay as the user left them.
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				for (const key of Object.values(STATIC_KEYS)) delete data[key];
				DeliveryMemory.forgetNode(this);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const received = await receive(this, readConfig(this));
		const res = this.getResponseObject();
		const answer = (status: number, body: IDataObject): IWebhookResponseData => {
			res.status(status).json(body);
			return { noWebhookResponse: true };
		};
		if (received.kind === 'refuse') return answer(received.refusal.status, received.refusal.body);
		if (received.kind === 'ignore') {
			const { reason: ignored, event, eventId } = received;
			return answer(200, {
				received: true,
				ignored,
				...(event ? { event } : {}),
				...(eventId ? { eventId } : {}),
			});
		}
		const { item, remembered } = received;
		const accepted = { received: true, event: received.event, eventId: item.eventId };
		const workflowData = [this.helpers.returnJsonArray([item])];
		// n8n 2.x saves the static data of an event it answers itself only after it has built the execution, which
		// resets the data's change flag: the memory would be lost. Answering here makes n8n save it first (1.x
		// always did), at the cost of answering before the execution is registered (bench p3).
		if (remembered) {
			res.status(200).json(accepted);
			return { noWebhookResponse: true, workflowData };
		}
		// Otherwise n8n answers with this body (status 200) itself. Writing `res` here would answer before n8n has
		// even created the execution: the caller sends the next event at once, and under load executions pile up
		// (bench p3: start -> stop p50 1730 ms vs 160 ms this way).
		return { webhookResponse: accepted, workflowData };
	}
}
