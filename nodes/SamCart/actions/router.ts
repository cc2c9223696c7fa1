import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './errors';
import { RESOURCES } from './resources';
import { RunCache } from './runCache';

/** Runs each input item through its resource's operation, keeping item links and honouring Continue On Fail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const cache = new RunCache();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resourceName = this.getNodeParameter('resource', itemIndex) as string;
			const operationName = this.getNodeParameter('operation', itemIndex) as string;
			const operation = RESOURCES.find((resource) => resource.value === resourceName)?.operations[
				operationName
			];
			if (!operation) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operationName}" is not known for "${resourceName}"`,
					{ itemIndex },
				);
			}
			const result = await operation.execute.call(this, itemIndex, cache);
			const linked = this.helpers.constructExecutionMetaData(
				this.helpers.returnJsonArray(result as IDataObject[]),
				{ itemData: { item: itemIndex } },
			);
			// One by one: push(...linked) passes every item as an argument and overflows the call stack past
			// ~120 000 items, which a Return All of a large store reaches.
			for (const item of linked) output.push(item);
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: { error: error.message, ...(error.description ? { description: error.description } : {}) },
					error,
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return [output];
}
