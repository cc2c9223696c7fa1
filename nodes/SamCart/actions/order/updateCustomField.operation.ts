import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';

export const updateOrderCustomField: SamCartOperation = {
	option: {
		name: 'Update Custom Field',
		action: 'Update a custom field of an order',
		description: 'Set the value of one custom field on an order',
	},
	request: { method: 'PUT', path: '/orders/{orderId}' },
	properties: [
		recordLocator(RECORDS.order),
		{
			displayName: 'Custom Field Slug',
			name: 'customFieldSlug',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. custom_zL6FLFM3',
			description:
				"The field's slug: the key of the field under custom_fields when you get the order (not its label)",
		},
		{
			displayName: 'Value',
			name: 'customFieldValue',
			type: 'string',
			default: '',
			description: 'The new value of the field',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = getLocatedId(this, RECORDS.order, itemIndex);
		const slug = String(this.getNodeParameter('customFieldSlug', itemIndex, '') ?? '').trim();
		if (!slug) {
			throw new NodeOperationError(this.getNode(), 'Custom Field Slug is empty', {
				itemIndex,
				description:
					'Give the slug of the field, e.g. custom_zL6FLFM3. Get the order to see its custom_fields and their slugs.',
			});
		}
		const value = this.getNodeParameter('customFieldValue', itemIndex, '') as unknown;
		const body: IDataObject = {
			custom_field_slug: slug,
			custom_field_data: typeof value === 'string' ? value : String(value ?? ''),
		};
		const answer = await samCartRequest.call(this, {
			method: 'PUT',
			path: `/orders/${id}`,
			body,
			itemIndex,
			subject: `Order ${id}`,
		});
		// SamCart documents no response for this call: when it sends nothing, say what was done.
		if (answer && typeof answer === 'object' && Object.keys(answer).length) return answer;
		return { order_id: id, ...body, updated: true };
	},
};
