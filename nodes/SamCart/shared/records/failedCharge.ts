import type { IDataObject } from 'n8n-workflow';

import { orNull } from '../simplify';
import { paymentHead } from './charge';

/** A failed charge: who, which order, when, how much, and why (the processor's words and, if added, the category). */
export function simplifyFailedCharge(failed: IDataObject): IDataObject {
	return {
		...paymentHead(failed, 'customer_id', 'order_id', 'subscription_rebill_id'),
		...orNull(failed, 'error'),
		...(failed.failure_category !== undefined ? { failure_category: failed.failure_category } : {}),
		...orNull(failed, 'processor_name'),
		test_mode: failed.test_mode,
	};
}
