import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { simplifyCharge } from '../../shared/records/charge';

export const getManyCharges: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many charges',
		description: 'List charges, oldest first, with optional date and test-mode filters',
	},
	properties: [...returnAllOrLimit, simplifyToggle(true), filtersCollection(['created', 'testMode'])],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRecords.call(this, itemIndex, cache, { path: '/charges', simplifier: simplifyCharge });
	},
};
