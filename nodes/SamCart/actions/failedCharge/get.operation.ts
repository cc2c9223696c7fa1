import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getRecordId } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { addFailureCategoryToggle, categorizer } from './parameters';
import { simplifyFailedCharge } from '../../shared/records/failedCharge';

export const getFailedCharge: SamCartOperation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a failed charge',
		description: 'Get a failed charge by its ID, with the reason it failed',
	},
	properties: [
		{
			displayName: 'Failed Charge ID',
			name: 'failedChargeId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 40001',
			description: 'The ID of the SamCart failed charge (a whole number)',
		},
		addFailureCategoryToggle,
		simplifyToggle(false),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getRecordId(this, 'failedChargeId', 'Failed charge', itemIndex);
		const failed = await cache.read<IDataObject>(`GET /failed-charges/${id}`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path: `/failed-charges/${id}`,
				itemIndex,
				subject: `Failed charge ${id}`,
			}),
		);
		const enrich = categorizer(this, itemIndex);
		return maybeSimplify<IDataObject>(
			enrich ? enrich(failed) : failed,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyFailedCharge,
		);
	},
};
