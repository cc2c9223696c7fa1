import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isConflict, samCartErrorText, samCartRequest } from '../transport';
import type { SamCartRequest } from '../transport';
import { asNodeError } from './errors';

/** SamCart's own words about a failed call, else our message. */
export function conflictText(error: unknown): string {
	const response = (error as { errorResponse?: IDataObject }).errorResponse;
	return samCartErrorText(response?.body) ?? String((error as Error).message);
}

/** The boolean option that makes a rerun safe: SamCart's 409 becomes an output item instead of a failure. */
export function treatConflictAsSuccess(displayName: string, name: string, when: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'boolean',
		default: false,
		description: `Whether to output an item with \`already_in_state: true\` instead of failing when ${when}, so that running the workflow again is safe`,
	};
}

/**
 * Sends a write (never retried by the transport once it may have reached SamCart). SamCart's 409 fails with the
 * request's own explanation, or, when the user chose so, becomes the item `onConflict` builds from SamCart's words.
 */
export async function writeUnlessConflict(
	this: IExecuteFunctions,
	request: SamCartRequest,
	tolerateConflict: boolean,
	onConflict: (samCartSaid: string) => IDataObject,
): Promise<IDataObject> {
	try {
		return await samCartRequest.call(this, request);
	} catch (error) {
		if (tolerateConflict && isConflict(error))
			return { ...onConflict(conflictText(error)), already_in_state: true };
		throw asNodeError(this, error, request.itemIndex);
	}
}
