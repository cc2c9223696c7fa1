import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import { simplifyCustomer } from '../../shared/records/customer';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';

export const getOrderCustomer: SamCartOperation = {
	option: {
		name: 'Get Customer',
		value: 'getCustomer',
		action: 'Get the customer of an order',
		description: 'Get the customer who placed an order',
	},
	properties: [recordLocator(RECORDS.order), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.order, itemIndex);
		const customer = await cache.read<IDataObject>(`GET /orders/${id}/customer`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path: `/orders/${id}/customer`,
				itemIndex,
				subject: `Order ${id}`,
			}),
		);
		return maybeSimplify<IDataObject>(
			customer,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyCustomer,
		);
	},
};
