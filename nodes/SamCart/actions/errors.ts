import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

/**
 * A caught error, ready to throw again: the transport's NodeApiError and our NodeOperationError as they are (they
 * already say what happened and how to fix it), given the item index if they lack one; anything else wrapped.
 */
export function asNodeError(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && typeof error.context?.itemIndex !== 'number') {
			error.context = { ...error.context, itemIndex };
		}
		return error;
	}
	return new NodeOperationError(
		context.getNode(),
		error as Error,
		itemIndex === undefined ? {} : { itemIndex },
	);
}
