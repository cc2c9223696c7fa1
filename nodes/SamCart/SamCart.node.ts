import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { describeResource } from './actions/operation';
import { RESOURCES } from './actions/resources';
import { route } from './actions/router';
import { toolDescriptionProperties } from './actions/toolDescriptions';
import {
	searchCharges,
	searchCustomers,
	searchOrders,
	searchProducts,
	searchSubscriptions,
} from './methods/listSearch';

export class SamCart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SamCart',
		name: 'samCart',
		icon: { light: 'file:samcart.svg', dark: 'file:samcart.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and act on SamCart orders, charges, customers, products, subscriptions and refunds',
		defaults: { name: 'SamCart' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'samCartApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES.map(({ name, value, description }) => ({ name, value, description })).sort(
					(a, b) => a.name.localeCompare(b.name),
				),
				default: 'order',
			},
			...RESOURCES.flatMap(describeResource),
			...toolDescriptionProperties(RESOURCES),
		],
	};

	methods = {
		listSearch: { searchCharges, searchCustomers, searchOrders, searchProducts, searchSubscriptions },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
