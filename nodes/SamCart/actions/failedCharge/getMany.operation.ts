import type { IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection } from '../../descriptions/filters';
import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { listRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { addFailureCategoryToggle, categorizer } from './parameters';
import { simplifyFailedCharge } from '../../shared/records/failedCharge';

export const getManyFailedCharges: SamCartOperation = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many failed charges',
		description: 'List failed charges, oldest first, with the reason each failed',
	},
	properties: [
		...returnAllOrLimit,
		addFailureCategoryToggle,
		simplifyToggle(true),
		filtersCollection(['created', 'testMode']),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		return await listRecords.call(this, itemIndex, cache, {
			path: '/failed-charges',
			simplifier: simplifyFailedCharge,
			enrich: categorizer(this, itemIndex),
		});
	},
};
