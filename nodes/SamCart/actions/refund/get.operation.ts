import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getRecordId, recordIdField } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import type { RunCache } from '../runCache';
import { RECORDS } from '../records';
import { simplifyRefund } from '../../shared/records/refund';

export const getRefund: SamCartOperation = {
	option: { name: 'Get', value: 'get', action: 'Get a refund', description: 'Get a refund by its ID' },
	properties: [recordIdField(RECORDS.refund), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getRecordId(this, 'refundId', 'Refund', itemIndex);
		const refund = await cache.read<IDataObject>(`GET /refunds/${id}`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path: `/refunds/${id}`,
				itemIndex,
				subject: `Refund ${id}`,
			}),
		);
		return maybeSimplify<IDataObject>(
			refund,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyRefund,
		);
	},
};
