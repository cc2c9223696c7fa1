import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { simplifyProduct } from '../../shared/records/product';

export const getManyProducts: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many products',
		description: 'List products, filtered by status, category, pricing type or creation date',
	},
	properties: [
		...returnAllOrLimit,
		simplifyToggle(true),
		filtersCollection(['created', 'productStatus', 'productCategory', 'pricingType']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRecords.call(this, itemIndex, cache, {
			path: '/products',
			simplifier: simplifyProduct,
		});
	},
};
