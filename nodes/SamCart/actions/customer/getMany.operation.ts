import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { simplifyCustomer } from '../../shared/records/customer';

export const getManyCustomers: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many customers',
		description:
			'List customers, oldest first, optionally only those with given emails or created in a window',
	},
	properties: [...returnAllOrLimit, simplifyToggle(true), filtersCollection(['created', 'email'])],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRecords.call(this, itemIndex, cache, {
			path: '/customers',
			simplifier: simplifyCustomer,
		});
	},
};
