import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getRecordId } from '../../descriptions/locators';
import { listRecords } from '../listRecords';
import type { RunCache } from '../runCache';
import { simplifyOrder } from '../../shared/records/order';

export interface RelatedOrdersOf {
	/** "Funnel", "Upsell": the parent record, as the user reads it. */
	label: string;
	/** The ID parameter's name, e.g. `funnelId`. */
	parameter: string;
	/** Path segment below the base URL, e.g. `funnels`. */
	path: string;
	placeholder: string;
}

/**
 * The parameters of a paginated "orders of X" list (SamCart §3 #10, #11, #26): the parent's ID, Return All / Limit,
 * Simplify and the created / test-mode filters. SamCart has no list of funnels or upsells, so the ID is typed in.
 */
export function relatedOrdersProperties(of: RelatedOrdersOf): INodeProperties[] {
	return [
		{
			displayName: `${of.label} ID`,
			name: of.parameter,
			type: 'string',
			required: true,
			default: '',
			placeholder: `e.g. ${of.placeholder}`,
			description: `The ID of the SamCart ${of.label.toLowerCase()} (a whole number, shown in its address in SamCart)`,
		},
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	];
}

export async function listRelatedOrders(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: RunCache,
	of: RelatedOrdersOf,
) {
	const id = getRecordId(this, of.parameter, of.label, itemIndex);
	return await listRecords.call(this, itemIndex, cache, {
		path: `/${of.path}/${id}/orders`,
		subject: `${of.label} ${id}`,
		simplifier: simplifyOrder,
	});
}
