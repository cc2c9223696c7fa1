import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toSamCartDateFilter } from '../shared/time';

/**
 * Filters of SamCart's list endpoints. Each Get Many picks the ones its endpoint accepts; `readFilters` turns
 * what the user set into SamCart's query string.
 */
const dateRange = (what: string, field: string): INodeProperties[] => [
	{
		displayName: `${what} After`,
		name: `${field}After`,
		type: 'dateTime',
		default: '',
		description: `Only records ${what.toLowerCase()} at or after this time. A date without a time means the start of that day (UTC).`,
	},
	{
		displayName: `${what} Before`,
		name: `${field}Before`,
		type: 'dateTime',
		default: '',
		description: `Only records ${what.toLowerCase()} at or before this time. A date without a time means the end of that day (UTC).`,
	},
];

export const FILTERS = {
	created: dateRange('Created', 'created'),
	rebilling: dateRange('Rebilling', 'rebilling'),
	canceled: dateRange('Canceled', 'canceled'),
	testMode: {
		displayName: 'Test Mode',
		name: 'testMode',
		type: 'options',
		default: 'both',
		description: 'Whether to include live records, test-mode records or both',
		options: [
			{ name: 'Live and Test', value: 'both' },
			{ name: 'Live Only', value: 'live' },
			{ name: 'Test Only', value: 'test' },
		],
	},
	subscriptionStatus: {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: '',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Any', value: '' },
			{ name: 'Canceled', value: 'canceled' },
			{ name: 'Completed', value: 'completed' },
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Delinquent', value: 'delinquent' },
			{ name: 'Invalid Processor', value: 'invalid_processor' },
			{ name: 'Paused', value: 'paused' },
			{ name: 'SCA Required', value: 'sca_required' },
		],
	},
	subscriptionType: {
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: '',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Limited Subscription', value: 'limited_subscription' },
			{ name: 'Recurring Subscription', value: 'recurring_subscription' },
		],
	},
	email: {
		displayName: 'Emails',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane@example.com, sam@example.com',
		description:
			'Only customers with one of these emails (exact match, any case; up to 25, separated by commas)',
	},
	productStatus: {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: '',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Archived', value: 'archived' },
			{ name: 'Live', value: 'live' },
			{ name: 'Test', value: 'test' },
		],
	},
	productCategory: {
		displayName: 'Product Category',
		name: 'productCategory',
		type: 'options',
		default: '',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Digital', value: 'digital' },
			{ name: 'Physical', value: 'physical' },
		],
	},
	pricingType: {
		displayName: 'Pricing Type',
		name: 'pricingType',
		type: 'options',
		default: '',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Limited Subscription', value: 'limited_subscription' },
			{ name: 'One-Time', value: 'one_time' },
			{ name: 'Pay What You Want, Limited Subscription', value: 'pwyw_limited_subscription' },
			{ name: 'Pay What You Want, One-Time', value: 'pwyw_one_time' },
			{ name: 'Pay What You Want, Recurring Subscription', value: 'pwyw_recurring_subscription' },
			{ name: 'Recurring Subscription', value: 'recurring_subscription' },
		],
	},
} satisfies Record<string, INodeProperties | INodeProperties[]>;

export type FilterName = keyof typeof FILTERS;

/** What every subscription list accepts (bulk, and below an order or a customer). */
export const SUBSCRIPTION_LIST_FILTERS: FilterName[] = [
	'created',
	'rebilling',
	'canceled',
	'subscriptionStatus',
	'subscriptionType',
	'testMode',
];

/** The Filters collection of a list operation, holding the named filters in the order given. */
export function filtersCollection(names: FilterName[]): INodeProperties {
	const options = names.flatMap((name) => FILTERS[name]) as INodeProperties[];
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

const MAX_EMAILS = 25;

/** SamCart's query string for the Filters the user set; a bad value is a NodeOperationError naming the filter. */
export function readFilters(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const timeZone = context.getTimezone();
	const qs: IDataObject = {};
	const invalid = (filter: string, message: string) =>
		new NodeOperationError(context.getNode(), `The ${filter} filter is not valid: ${message}`, { itemIndex });

	for (const [field, query] of [
		['created', 'created_at'],
		['rebilling', 'rebilling_at'],
		['canceled', 'canceled_at'],
	]) {
		for (const [suffix, bound] of [
			['After', 'min'],
			['Before', 'max'],
		]) {
			const value = filters[`${field}${suffix}`];
			if (value === undefined || value === null || value === '') continue;
			try {
				qs[`${query}_${bound}`] = toSamCartDateFilter(value as string, timeZone);
			} catch (error) {
				throw invalid(`${field} ${suffix.toLowerCase()}`, (error as Error).message);
			}
		}
	}
	if (filters.testMode === 'live') qs.test_mode = false;
	if (filters.testMode === 'test') qs.test_mode = true;
	if (filters.status) qs.status = filters.status;
	if (filters.type) qs.type = filters.type;
	if (filters.productCategory) qs.product_category = filters.productCategory;
	if (filters.pricingType) qs.pricing_type = filters.pricingType;
	if (typeof filters.email === 'string' && filters.email.trim()) {
		const emails = filters.email
			.split(/[,;\s]+/)
			.map((email) => email.trim())
			.filter(Boolean);
		if (emails.length > MAX_EMAILS)
			throw invalid('Emails', `SamCart accepts at most ${MAX_EMAILS} emails, got ${emails.length}`);
		qs.email = emails.join(',');
	}
	return qs;
}
