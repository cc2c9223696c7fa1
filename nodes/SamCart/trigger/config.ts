/** The trigger's parameters, read and checked once per activation and per delivery. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { TriggerConfig } from './decide';
import { ALL_EVENTS, findEventByKey } from './events';
import { tokenProblem } from './identity';

const HOUR_MS = 3_600_000;

/** "12, 34;56" or [12, "34"] → ["12", "34", "56"]; throws a plain Error naming a value that is not an id. */
export function parseProductFilter(value: unknown): string[] {
	const parts: unknown[] = Array.isArray(value) ? value.flat(2) : [value];
	const ids: string[] = [];
	for (const part of parts) {
		if (part === undefined || part === null) continue;
		for (const piece of String(part).split(/[\s,;]+/)) {
			if (piece === '') continue;
			if (!/^\d+$/.test(piece) || Number(piece) <= 0 || !Number.isSafeInteger(Number(piece))) {
				throw new Error(`"${piece}" is not a SamCart product ID (a positive whole number)`);
			}
			ids.push(String(Number(piece)));
		}
	}
	return [...new Set(ids)];
}

export function readConfig(context: IHookFunctions | IWebhookFunctions): TriggerConfig {
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
	const hours = options.oncePerOrderHours === undefined ? 24 : Number(options.oncePerOrderHours);
	if (options.oncePerOrder === true && !(hours > 0 && hours <= 24 * 365)) {
		throw new NodeOperationError(
			context.getNode(),
			`Once Per Order Window "${String(options.oncePerOrderHours)}" is not valid`,
			{
				description:
					'Give the number of hours (more than 0, at most 8760) during which later deliveries of an order are ignored.',
			},
		);
	}
	return {
		events,
		products,
		testMode: options.testMode === 'ignore' ? 'ignore' : 'include',
		secretToken: typeof options.secretToken === 'string' ? options.secretToken : '',
		verify: options.verify === true,
		enrich: options.enrich === true,
		ignoreDuplicates: options.ignoreDuplicates === true,
		oncePerOrderMs: options.oncePerOrder === true ? Math.round(hours * HOUR_MS) : 0,
	};
}

/** Everything activation can check: what would otherwise only fail when SamCart calls. */
export function validateForActivation(context: IHookFunctions): TriggerConfig {
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
