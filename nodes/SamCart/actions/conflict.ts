import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isConflict, samCartErrorText, samCartRequest } from '../transport';
import type { SamCartRequest } from '../transport';
import type { RecordKind } from '../descriptions/locators';
import { asNodeError } from './errors';

/** SamCart's own words about a failed call, else our message. */
export function conflictText(error: unknown): string {
	const response = (error as { errorResponse?: IDataObject }).errorResponse;
	return samCartErrorText(response?.body) ?? String((error as Error).message);
}

/** The boolean option that makes a rerun safe (SamCart's 409 becomes an output item), and the hint naming it. */
export interface ConflictOption {
	property: INodeProperties;
	/** How to fix that 409: turn the option on. */
	hint: string;
}

export function conflictOption(
	displayName: string,
	name: string,
	when: string,
	record: RecordKind,
): ConflictOption {
	return {
		property: {
			displayName,
			name,
			type: 'boolean',
			default: false,
			description: `Whether to output an item with \`already_in_state: true\` instead of failing when ${when}, so that running the workflow again is safe`,
		},
		hint: `Turn on "${displayName}" under Options if this step may run again for the same ${record.label.toLowerCase()}.`,
	};
}

/**
 * Sends a write (never retried by the transport once it may have reached SamCart). SamCart's 409 fails with the
 * request's own explanation and the option's hint, or, when the item turned the option on (under Options), becomes
 * the item `onConflict` builds from SamCart's words.
 */
export async function writeUnlessConflict(
	this: IExecuteFunctions,
	request: SamCartRequest & { itemIndex: number },
	option: ConflictOption,
	onConflict: (samCartSaid: string) => IDataObject,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', request.itemIndex, {}) as IDataObject;
	try {
		return await samCartRequest.call(this, { ...request, conflictHint: option.hint });
	} catch (error) {
		if (options[option.property.name] === true && isConflict(error))
			return { ...onConflict(conflictText(error)), already_in_state: true };
		throw asNodeError(this, error, request.itemIndex);
	}
}
