import type { INodeProperties } from 'n8n-workflow';

import type { ReadExtras } from '../read';
import { failureCategory } from './failureCategory';

export const addFailureCategoryToggle: INodeProperties = {
	displayName: 'Add Failure Category',
	name: 'addFailureCategory',
	type: 'boolean',
	default: true,
	description:
		"Whether to add failure_category (expired_card, insufficient_funds, card_declined, incorrect_cvc, processing_error or other), read from the processor's error message, to each record",
};

/** The toggle, and each record with `failure_category` added when the user asked for it (the default). */
export const failureCategoryExtras: ReadExtras = {
	before: [addFailureCategoryToggle],
	prepare(records, itemIndex) {
		if (!(this.getNodeParameter('addFailureCategory', itemIndex, true) as boolean)) return records;
		return records.map((record) => ({ ...record, failure_category: failureCategory(record.error) }));
	},
};
