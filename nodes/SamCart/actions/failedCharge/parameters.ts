import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { failureCategory } from './failureCategory';

export const addFailureCategoryToggle: INodeProperties = {
	displayName: 'Add Failure Category',
	name: 'addFailureCategory',
	type: 'boolean',
	default: true,
	description:
		"Whether to add failure_category (expired_card, insufficient_funds, card_declined, incorrect_cvc, processing_error or other), read from the processor's error message, to each record",
};

/** The record with `failure_category` added when the user asked for it (the default). */
export function categorizer(
	context: IExecuteFunctions,
	itemIndex: number,
): ((record: IDataObject) => IDataObject) | undefined {
	if (!(context.getNodeParameter('addFailureCategory', itemIndex, true) as boolean)) return undefined;
	return (record) => ({ ...record, failure_category: failureCategory(record.error) });
}
