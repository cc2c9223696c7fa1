import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { simplifyToggle } from '../../descriptions/listing';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifyOrder } from '../../shared/records/order';

export const getOrder: SamCartOperation = {
	option: { name: 'Get', value: 'get', action: 'Get an order', description: 'Get an order by its ID' },
	properties: [recordLocator(RECORDS.order), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.order, itemIndex);
		const order = await cache.read<IDataObject>(`GET /orders/${id}`, async () =>
			samCartRequest.call(this, { method: 'GET', path: `/orders/${id}`, itemIndex, subject: `Order ${id}` }),
		);
		return maybeSimplify<IDataObject>(
			order,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyOrder,
		);
	},
};
