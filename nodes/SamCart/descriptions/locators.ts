import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What a parameter needs to know of a kind of record (the records table, actions/records.ts, has them all). */
export interface RecordKind {
	/** The record's name in the node's words: "Order", "Failed Charge". */
	label: string;
	/** The parameter that names one record: `orderId`. */
	idParameter: string;
	/** The list search behind a resource locator's "From List"; without one, the ID is typed in. */
	searchMethod?: string;
	/** Where its pages are in SamCart's dashboard (`app/<dashboard>/<id>`), for the locator's By URL. */
	dashboard?: string;
	/** An example ID, for a typed ID. */
	placeholder?: string;
	/** Where the user finds a typed ID. */
	idHint?: string;
}

/** A record chosen through a resource locator. */
export type LocatableKind = RecordKind & { searchMethod: string; dashboard: string };

const isLocatable = (record: RecordKind): record is LocatableKind =>
	record.searchMethod !== undefined && record.dashboard !== undefined;

/** The record's name inside a sentence: "Failed charge 12 was not found". */
export const inSentence = (record: RecordKind): string =>
	record.label.charAt(0) + record.label.slice(1).toLowerCase();

const ID_PATTERN = '^\\s*[1-9]\\d*\\s*$';

/**
 * The address of one record's page: `/<path>/<id>` must END it (a slash, query or fragment may follow), so that
 * another record's address, or a path that goes on from this one, never yields an ID.
 */
const urlPatternOf = (path: string) =>
	`^https?://[^\\s/?#]+(?:/[^\\s/?#]+)*/${path}/([1-9]\\d*)/?(?:[?#]\\S*)?$`;

/**
 * A resource locator for a SamCart record: From list (searchable), By ID (a positive integer) or By URL (a SamCart
 * dashboard address such as https://app.samcart.com/app/orders/12345, ending with that kind of record and its ID).
 */
export function recordLocator(
	record: LocatableKind,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	const { label, searchMethod, dashboard: path } = record;
	const urlPattern = urlPatternOf(path);
	return {
		displayName: label,
		name: record.idParameter,
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

/** A refused value as the user can recognise it: text as given, anything else as JSON (an array shows as `[7]`). */
function shown(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A positive whole number, or a text of digits only; anything else (an address, a path, an array: what an expression
 * may produce) is a NodeOperationError naming the parameter and the item, so that no other record is reached.
 */
function toRecordId(context: IExecuteFunctions, value: unknown, what: string, itemIndex: number): number {
	const id =
		typeof value === 'number'
			? value
			: typeof value === 'string' && new RegExp(ID_PATTERN).test(value)
				? Number(value)
				: Number.NaN;
	if (Number.isSafeInteger(id) && id > 0) return id;
	throw new NodeOperationError(context.getNode(), `${what} ID "${shown(value)}" is not valid`, {
		itemIndex,
		description: `A SamCart ${what.toLowerCase()} ID is a whole number such as 12345: a number, or a text of digits only (not an address, a path or a list). Nothing was sent to SamCart.`,
	});
}

/** Reads a plain ID parameter (no resource locator) and validates it. */
export function getRecordId(
	context: IExecuteFunctions,
	parameter: string,
	what: string,
	itemIndex: number,
): number {
	return toRecordId(context, context.getNodeParameter(parameter, itemIndex, ''), what, itemIndex);
}

function isLocatorValue(value: unknown): value is { mode: unknown; value: unknown } {
	return typeof value === 'object' && value !== null && 'mode' in value && 'value' in value;
}

/**
 * Reads the resource locator of `record` and validates it: By URL only the address of that kind of record, From
 * List and By ID the ID itself. Read without extractValue, so the mode is known and every refusal is ours.
 */
export function getLocatedId(context: IExecuteFunctions, record: LocatableKind, itemIndex: number): number {
	const { label, dashboard: path } = record;
	const located = context.getNodeParameter(record.idParameter, itemIndex, '') as unknown;
	if (!isLocatorValue(located) || located.mode !== 'url') {
		return toRecordId(context, isLocatorValue(located) ? located.value : located, label, itemIndex);
	}
	const address = typeof located.value === 'string' ? located.value.trim() : undefined;
	const match = address === undefined ? null : new RegExp(urlPatternOf(path)).exec(address);
	if (match) return toRecordId(context, match[1], label, itemIndex);
	const what = label.toLowerCase();
	throw new NodeOperationError(
		context.getNode(),
		`${label} URL "${shown(located.value)}" is not the address of a ${what}`,
		{
			itemIndex,
			description: `Give the address of a ${what} page in SamCart, such as https://app.samcart.com/app/${path}/12345, or choose By ID. Nothing was sent to SamCart.`,
		},
	);
}

/** A typed ID parameter, for a record SamCart offers no list of (so no list search). */
export function recordIdField(record: RecordKind): INodeProperties {
	const what = record.label.toLowerCase();
	return {
		displayName: `${record.label} ID`,
		name: record.idParameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${record.placeholder ?? '12345'}`,
		description: `The ID of the SamCart ${what} (a whole number${record.idHint ? `, ${record.idHint}` : ''})`,
	};
}

/** The parameter that names one record of this kind: its resource locator, or its typed ID. */
export const recordIdParameter = (record: RecordKind): INodeProperties =>
	isLocatable(record) ? recordLocator(record) : recordIdField(record);

/** The validated ID of the record the item names, through its locator or its typed ID. */
export const readRecordId = (context: IExecuteFunctions, record: RecordKind, itemIndex: number): number =>
	isLocatable(record)
		? getLocatedId(context, record, itemIndex)
		: getRecordId(context, record.idParameter, inSentence(record), itemIndex);
