import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { simplifyToggle } from '../../descriptions/listing';
import { maybeSimplify } from '../../shared/simplify';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { readCharge } from './read';
import { simplifyCharge } from '../../shared/records/charge';

export const getCharge: SamCartOperation = {
	option: { name: 'Get', value: 'get', action: 'Get a charge', description: 'Get a charge by its ID' },
	properties: [recordLocator(RECORDS.charge), simplifyToggle(false)],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const id = getLocatedId(this, RECORDS.charge, itemIndex);
		const charge = await readCharge.call(this, id, itemIndex, cache);
		return maybeSimplify<IDataObject>(
			charge,
			this.getNodeParameter('simplify', itemIndex, false) as boolean,
			simplifyCharge,
		);
	},
};
