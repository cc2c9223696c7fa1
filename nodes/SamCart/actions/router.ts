import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './errors';
import { isWrite } from './operation';
import type { SamCartOperation } from './operation';
import { RESOURCES } from './resources';
import { RunCache } from './runCache';

function operationOf(context: IExecuteFunctions, itemIndex: number): SamCartOperation {
	const resourceName = context.getNodeParameter('resource', itemIndex) as string;
	const operationName = context.getNodeParameter('operation', itemIndex) as string;
	const operation = RESOURCES.find((resource) => resource.value === resourceName)?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" is not known for "${resourceName}"`,
			{ itemIndex },
		);
	}
	return operation;
}

/**
 * n8n's Retry On Fail runs the whole node again after an error in any item (or an error item first in the output),
 * so a write SamCart already carried out for an earlier item would be carried out again: a second refund or charge.
 */
function refuseRetriedWrite(context: IExecuteFunctions, operation: SamCartOperation, itemIndex: number) {
	if (!isWrite(operation) || context.getNode().retryOnFail !== true) return;
	throw new NodeOperationError(
		context.getNode(),
		`Retry On Fail is on: "${operation.option.action}" could be sent to SamCart more than once`,
		{
			itemIndex,
			description:
				"n8n's Retry On Fail runs the whole node again after an error in any item, so what SamCart already did for earlier items would be done again (a second refund or charge). Nothing was sent. Turn Retry On Fail off in this node's Settings: the node already retries what is safe (reads after a network or server error, and any call SamCart turned away with 429 Too Many Requests) and never sends a change twice.",
		},
	);
}

/** Runs each input item through its resource's operation, keeping item links and honouring Continue On Fail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const cache = new RunCache();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = operationOf(this, itemIndex);
			// Per item, not once for the node: under Continue On Fail each item then says it was not sent, where a
			// node-level error would make n8n pass the input items on as if they had succeeded.
			refuseRetriedWrite(this, operation, itemIndex);
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
