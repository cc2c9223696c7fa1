import type { IExecuteFunctions } from 'n8n-workflow';

import { samCartRequestList } from '../../transport';

/**
 * Cents refunded so far on a charge, from GET /charges/{id}/refunds. Read afresh each time, not from the run's cache:
 * a refund made for an earlier item of this execution counts. Undefined when a refund has no amount in cents.
 */
export async function refundedCents(
	this: IExecuteFunctions,
	id: number,
	itemIndex: number,
): Promise<number | undefined> {
	const refunds = await samCartRequestList.call(this, {
		method: 'GET',
		path: `/charges/${id}/refunds`,
		itemIndex,
		subject: `Charge ${id}`,
	});
	let sum = 0;
	for (const refund of refunds) {
		if (!Number.isSafeInteger(refund.refund_amount)) return undefined;
		sum += refund.refund_amount as number;
	}
	return sum;
}
