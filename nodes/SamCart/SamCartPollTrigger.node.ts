import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { readPollConfig } from './poll/config';
import { readCursors, saveCursors } from './poll/cursor';
import type { EventCursor } from './poll/cursor';
import { pollTriggerProperties } from './poll/description';
import { NO_BUDGET } from './poll/pages';
import type { Budget } from './poll/pages';
import { itemsOfRecords, pollEvent, sampleItems } from './poll/poll';
import type { SamCartContext } from './transport';

/** n8n 2.x says how long a poll may take before it abandons the tick; 1.x does not. */
function budgetOf(context: IPollFunctions): Budget {
	const ask = (context as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	const ms = typeof ask === 'function' ? ask.call(context) : undefined;
	return typeof ms === 'number' && Number.isFinite(ms)
		? { ...NO_BUDGET, deadline: Date.now() + ms }
		: NO_BUDGET;
}

export class SamCartPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SamCart Poll Trigger',
		name: 'samCartPollTrigger',
		icon: { light: 'file:samcart.svg', dark: 'file:samcart.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'polls SamCart’s API',
		description:
			'Polls SamCart for new orders, charges, refunds, failed charges, subscriptions, customers and cancellations; catches up after n8n was down',
		defaults: { name: 'SamCart Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'samCartApi', required: true }],
		properties: pollTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const config = readPollConfig(this);
		// The transport takes any n8n context with credentials and the HTTP helper; a poll's has both.
		const context = this as unknown as SamCartContext;
		const polledAt = new Date().toISOString();
		const items: IDataObject[] = [];

		if (this.getMode() === 'manual') {
			for (const event of config.events) items.push(...(await sampleItems(context, event, config, polledAt)));
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		}

		const staticData = this.getWorkflowStaticData('node');
		const stored = readCursors(staticData);
		const budget = budgetOf(this);
		const cursors: Record<string, EventCursor> = {};
		for (const event of config.events) {
			// A failure throws here, before any cursor is saved: the next poll starts from the same ones.
			const polled = await pollEvent(context, event, stored[event.key], config, { budget });
			cursors[event.key] = polled.cursor;
			items.push(...itemsOfRecords(event, config, polled.records, polledAt));
		}
		saveCursors(staticData, cursors);
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
