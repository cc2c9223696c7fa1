import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, getRecordId, recordIdField, recordLocator } from '../../descriptions/locators';
import { maybeSimplify } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';

import { simplifyRefund } from '../../shared/records/refund';

export const getChargeRefund: SamCartOperation = {
	option: {
		name: 'Get Refund',
		value: 'getRefund',
		action: 'Get a refund of a charge',
		description: 'Get one refund of a charge by its ID',
	},
	properties: [recordLocator(RECORDS.charge), recordIdField(RECORDS.refund), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const chargeId = getLocatedId(this, RECORDS.charge, itemIndex);
		const refundId = getRecordId(this, 'refundId', 'Refund', itemIndex);
		const path = `/charges/${chargeId}/refunds/${refundId}`;
		const refund = await cache.read<IDataObject>(`GET ${path}`, async () =>
			samCartRequest.call(this, {
				method: 'GET',
				path,
				itemIndex,
				subject: `Refund ${refundId} of charge ${chargeId}`,
			}),
		);
		return maybeSimplify<IDataObject>(
			refund,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyRefund,
		);
	},
};
