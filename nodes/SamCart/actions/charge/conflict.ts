import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { samCartErrorText } from '../../transport/errors';

/** ' SamCart said: "…".' from the body SamCart sent with a failed call, or "". */
export function samCartSaid(error: NodeApiError): string {
	const said = samCartErrorText((error.errorResponse as IDataObject | undefined)?.body);
	return said ? ` SamCart said: "${said}".` : '';
}

/** Throws a caught error on: our NodeApiError as it is (n8n hands back the same object), anything else wrapped. */
export function rethrow(context: IExecuteFunctions, error: unknown, itemIndex: number): never {
	if (error instanceof NodeApiError)
		throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
	throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** Whether a failed call was SamCart's 409 (Conflict). */
export function isConflict(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && String(error.httpCode) === '409';
}
