import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Records that have a resource locator, with the list search behind "From list" and their dashboard path. */
export const LOCATABLE = {
	order: { label: 'Order', searchMethod: 'searchOrders', path: 'orders' },
	customer: { label: 'Customer', searchMethod: 'searchCustomers', path: 'customers' },
	product: { label: 'Product', searchMethod: 'searchProducts', path: 'products' },
	subscription: { label: 'Subscription', searchMethod: 'searchSubscriptions', path: 'subscriptions' },
	charge: { label: 'Charge', searchMethod: 'searchCharges', path: 'charges' },
} as const;

export type Locatable = keyof typeof LOCATABLE;

const ID_PATTERN = '^\\s*[1-9]\\d*\\s*$';

/**
 * A resource locator for a SamCart record: From list (searchable), By ID (a positive integer) or By URL (a SamCart
 * dashboard address such as https://app.samcart.com/app/orders/12345, of which the last number is the ID).
 */
export function recordLocator(record: Locatable, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const { label, searchMethod, path } = LOCATABLE[record];
	const urlPattern = `^https?://[^\\s]*/${path}/(\\d+)`;
	return {
		displayName: label,
		name: `${record}Id`,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The SamCart ${label.toLowerCase()} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${label.toLowerCase()}...`,
				typeOptions: { searchListMethod: searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: ID_PATTERN,
							errorMessage: `A ${label.toLowerCase()} ID is a whole number such as 12345`,
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. https://app.samcart.com/app/${path}/12345`,
				extractValue: { type: 'regex', regex: urlPattern },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: urlPattern,
							errorMessage: `Paste the address of a ${label.toLowerCase()} page in SamCart`,
						},
					},
				],
			},
		],
		...overrides,
	};
}

/** A positive integer ID, or a NodeOperationError naming the parameter and the item. */
export function toRecordId(
	context: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): number {
	const text = String(value ?? '').trim();
	const fromUrl = /\/(\d+)\/?(?:[?#].*)?$/.exec(text);
	const candidate = /^\d+$/.test(text) ? text : fromUrl?.[1];
	const id = candidate === undefined ? Number.NaN : Number(candidate);
	if (!Number.isSafeInteger(id) || id <= 0) {
		throw new NodeOperationError(context.getNode(), `${what} ID "${text}" is not valid`, {
			itemIndex,
			description: `A SamCart ${what.toLowerCase()} ID is a whole number such as 12345. Pick one from the list, type its ID or paste its URL.`,
		});
	}
	return id;
}

/** Reads a resource locator parameter (or a plain ID parameter) and validates it. */
export function getRecordId(
	context: IExecuteFunctions,
	parameter: string,
	what: string,
	itemIndex: number,
): number {
	const value = context.getNodeParameter(parameter, itemIndex, '', { extractValue: true });
	return toRecordId(context, value, what, itemIndex);
}
