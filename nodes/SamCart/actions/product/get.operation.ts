import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifyProduct } from '../../shared/records/product';

export const getProduct: SamCartOperation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a product',
		description: 'Get a product by its ID, with its price, pricing type, status and tags',
	},
	properties: [recordLocator(RECORDS.product), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.product, itemIndex);
		const product = await cache.read<IDataObject>(`GET /products/${id}`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path: `/products/${id}`,
				itemIndex,
				subject: `Product ${id}`,
			}),
		);
		return maybeSimplify<IDataObject>(
			product,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyProduct,
		);
	},
};
