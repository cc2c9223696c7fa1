import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime, orNull } from '../simplify';

/**
 * What a charge and a failed charge both start with: its ID, the IDs it points to (in the order given), when, the
 * currency and the total.
 */
export function paymentHead(payment: IDataObject, ...ids: string[]): IDataObject {
	const currency = currencyOf(payment);
	return {
		id: payment.id,
		...orNull(payment, ...ids),
		created_at: isoTime(payment.created_at),
		currency,
		...amount('total', payment.total, currency),
	};
}

/** A charge in ten fields: who, which order, when, how much, refund state. */
export function simplifyCharge(charge: IDataObject): IDataObject {
	return {
		...paymentHead(charge, 'order_id', 'customer_id', 'subscription_rebill_id'),
		refund_status: charge.charge_refund_status ?? null,
		...orNull(charge, 'processor_name'),
		test_mode: charge.test_mode,
	};
}
