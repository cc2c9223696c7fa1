import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime } from '../simplify';

export function simplifyRefund(refund: IDataObject): IDataObject {
	const currency = currencyOf(refund);
	return {
		id: refund.id,
		charge_id: refund.charge_id ?? null,
		cart_item_id: refund.cart_item_id ?? null,
		created_at: isoTime(refund.created_at),
		currency,
		...amount('refund_amount', refund.refund_amount, currency),
		charge_refund_status: refund.charge_refund_status ?? null,
		test_mode: refund.test_mode,
	};
}
