import type { INodeProperties } from 'n8n-workflow';

/** SamCart has no list search for refunds, so a refund is named by its ID. */
export const refundIdParameter: INodeProperties = {
	displayName: 'Refund ID',
	name: 'refundId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 60001',
	description: 'The ID of the SamCart refund (a whole number)',
};
