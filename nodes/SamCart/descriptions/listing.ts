import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Return All / Limit, as every n8n Get Many offers them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** undefined when the user wants every record. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return context.getNodeParameter('limit', itemIndex, 50) as number;
}

/** Newest First: a bulk list read from its newest record back (SamCart pages oldest first). */
export const newestFirstToggle: INodeProperties = {
	displayName: 'Newest First',
	name: 'newestFirst',
	type: 'boolean',
	default: false,
	description:
		'Whether to read the list from its newest record back (SamCart pages from the oldest): with a Limit, the most recent records, newest first',
};

const simplify: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a simplified version of the response instead of the raw data: the most useful fields, amounts in cents and as decimals with their currency, times in ISO 8601',
};

/** Simplify is on by default for lists (many records, few fields wanted) and off for a single Get. */
export function simplifyToggle(defaultOn: boolean): INodeProperties {
	return { ...simplify, default: defaultOn };
}

/** The Options collection of an operation: settings most runs leave alone. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
