/** The polling trigger's parameters, read and checked once per poll. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { toSamCartDateFilter } from '../shared/time';
import { parseProductFilter } from '../trigger/config';
import { findPollEvent } from './events';
import type { PollEvent } from './events';

export type TestModeChoice = 'include' | 'ignore' | 'only';

export interface PollConfig {
	events: PollEvent[];
	/** Start From, as SamCart's created_at / canceled_at filters take it; none = start at "now". */
	startFrom?: string;
	testMode: TestModeChoice;
	products: string[];
	/** Subscription Status: SamCart's `status` filter of the subscription lists. */
	subscriptionStatus?: string;
}

export function readPollConfig(context: IPollFunctions): PollConfig {
	const node = context.getNode();
	const keys = context.getNodeParameter('events', []) as string[];
	const events = keys.map((key) => {
		const event = findPollEvent(key);
		if (!event) throw new NodeOperationError(node, `"${key}" is not an event this trigger can poll`);
		return event;
	});
	if (!events.length) {
		throw new NodeOperationError(node, 'Select at least one event', {
			description: 'Choose the SamCart events this trigger polls for under Events.',
		});
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	let products: string[];
	try {
		products = parseProductFilter(options.products);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			description: 'Products takes SamCart product IDs separated by commas, e.g. 350399, 350400.',
		});
	}
	let startFrom: string | undefined;
	if (options.startFrom !== undefined && options.startFrom !== null && options.startFrom !== '') {
		try {
			startFrom = toSamCartDateFilter(options.startFrom as string, context.getTimezone());
		} catch (error) {
			throw new NodeOperationError(node, `Start From: ${(error as Error).message}`);
		}
	}
	const testMode = (options.testMode as TestModeChoice | undefined) ?? 'include';
	const status = typeof options.subscriptionStatus === 'string' ? options.subscriptionStatus : '';
	return {
		events,
		startFrom,
		testMode,
		products,
		subscriptionStatus: status || undefined,
	};
}
