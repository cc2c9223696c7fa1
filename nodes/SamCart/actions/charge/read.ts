import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { samCartRequest } from '../../transport';
import type { RunCache } from '../runCache';

/** GET /charges/{id}, once per execution: Get and Refund (which needs the charge's currency) share it. */
export async function readCharge(
	this: IExecuteFunctions,
	id: number,
	itemIndex: number,
	cache: RunCache,
): Promise<IDataObject> {
	return await cache.read<IDataObject>(`GET /charges/${id}`, async () =>
		samCartRequest.call(this, { method: 'GET', path: `/charges/${id}`, itemIndex, subject: `Charge ${id}` }),
	);
}
