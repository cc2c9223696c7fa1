import type { IExecuteFunctions } from 'n8n-workflow';

import { returnAllOrLimit, simplifyToggle } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { listRelatedRecords } from '../listRecords';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { simplifyRefund } from '../../shared/records/refund';

export const getChargeRefunds: SamCartOperation = {
	option: {
		name: 'Get Refunds',
		value: 'getRefunds',
		action: 'Get refunds of a charge',
		description: 'List the refunds made on a charge',
	},
	properties: [recordLocator(RECORDS.charge), ...returnAllOrLimit, simplifyToggle(true)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.charge, itemIndex);
		return await listRelatedRecords.call(this, itemIndex, cache, {
			path: `/charges/${id}/refunds`,
			subject: `Charge ${id}`,
			simplifier: simplifyRefund,
		});
	},
};
