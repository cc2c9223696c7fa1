import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';

export const getBatchStatus: SamCartOperation = {
	option: {
		name: 'Get Batch Status',
		action: 'Get the status of a batch add',
		description: 'Get the progress and results of a Batch Add Products request',
	},
	request: { method: 'GET', path: '/orders/batch-add-to-order/{batchId}' },
	properties: [
		{
			displayName: 'Batch ID',
			name: 'batchId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 0b6a1c5e-2f4d-4d3a-9a51-7c8e2b1d0f33',
			description: 'The batch_id that Batch Add Products returned',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const batchId = String(this.getNodeParameter('batchId', itemIndex, '') ?? '').trim();
		if (!/^[A-Za-z0-9_-]{1,100}$/.test(batchId)) {
			throw new NodeOperationError(this.getNode(), `Batch ID "${batchId}" is not valid`, {
				itemIndex,
				description:
					'Use the batch_id that Batch Add Products returned, e.g. 0b6a1c5e-2f4d-4d3a-9a51-7c8e2b1d0f33.',
			});
		}
		// Not cached: a status changes while the batch runs, and a workflow may poll it in a loop.
		return await samCartRequest.call(this, {
			method: 'GET',
			path: `/orders/batch-add-to-order/${batchId}`,
			itemIndex,
			subject: `Batch ${batchId}`,
		});
	},
};
