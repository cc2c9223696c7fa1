import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime } from '../simplify';

/** A charge in ten fields: who, which order, when, how much, refund state. */
export function simplifyCharge(charge: IDataObject): IDataObject {
	const currency = currencyOf(charge);
	return {
		id: charge.id,
		order_id: charge.order_id ?? null,
		customer_id: charge.customer_id ?? null,
		subscription_rebill_id: charge.subscription_rebill_id ?? null,
		created_at: isoTime(charge.created_at),
		currency,
		...amount('total', charge.total, currency),
		refund_status: charge.charge_refund_status ?? null,
		processor_name: charge.processor_name ?? null,
		test_mode: charge.test_mode,
	};
}
