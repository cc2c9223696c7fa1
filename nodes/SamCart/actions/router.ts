import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { RESOURCES } from './resources';
import { RunCache } from './runCache';

/** The error as thrown when it already names its item (our NodeApiError / NodeOperationError), else wrapped. */
function withItemIndex(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	const known = (error as { context?: { itemIndex?: unknown } }).context;
	if (typeof known?.itemIndex === 'number') return error;
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

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
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result as IDataObject[]), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: { error: error.message, ...(error.description ? { description: error.description } : {}) },
					error,
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw withItemIndex(this, error as Error, itemIndex);
		}
	}
	return [output];
}
