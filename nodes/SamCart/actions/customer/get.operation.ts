import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifyCustomer } from '../../shared/records/customer';

export const getCustomer: SamCartOperation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a customer',
		description: 'Get a customer by their ID, with tags, lifetime value and addresses',
	},
	properties: [recordLocator(RECORDS.customer), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.customer, itemIndex);
		const customer = await cache.read<IDataObject>(`GET /customers/${id}`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path: `/customers/${id}`,
				itemIndex,
				subject: `Customer ${id}`,
			}),
		);
		return maybeSimplify<IDataObject>(
			customer,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyCustomer,
		);
	},
};
