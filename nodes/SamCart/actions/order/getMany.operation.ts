import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { listRecords } from '../listRecords';
import { simplifyOrder } from '../../shared/records/order';

export const getManyOrders: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many orders',
		description: 'List orders, oldest first, with optional date and test-mode filters',
	},
	properties: [...returnAllOrLimit, simplifyToggle(true), filtersCollection(['created', 'testMode'])],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRecords.call(this, itemIndex, cache, { path: '/orders', simplifier: simplifyOrder });
	},
};
