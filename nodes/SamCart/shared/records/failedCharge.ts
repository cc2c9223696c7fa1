import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime } from '../simplify';

/** A failed charge: who, which order, when, how much, and why (the processor's words and, if added, the category). */
export function simplifyFailedCharge(failed: IDataObject): IDataObject {
	const currency = currencyOf(failed);
	return {
		id: failed.id,
		customer_id: failed.customer_id ?? null,
		order_id: failed.order_id ?? null,
		subscription_rebill_id: failed.subscription_rebill_id ?? null,
		created_at: isoTime(failed.created_at),
		currency,
		...amount('total', failed.total, currency),
		error: failed.error ?? null,
		...(failed.failure_category !== undefined ? { failure_category: failed.failure_category } : {}),
		processor_name: failed.processor_name ?? null,
		test_mode: failed.test_mode,
	};
}
