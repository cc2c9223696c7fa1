import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime, orNull } from '../simplify';

export function simplifyRefund(refund: IDataObject): IDataObject {
	const currency = currencyOf(refund);
	return {
		id: refund.id,
		...orNull(refund, 'charge_id', 'cart_item_id'),
		created_at: isoTime(refund.created_at),
		currency,
		...amount('refund_amount', refund.refund_amount, currency),
		...orNull(refund, 'charge_refund_status'),
		test_mode: refund.test_mode,
	};
}
