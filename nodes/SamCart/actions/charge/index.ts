import type { SamCartResource } from '../operation';
import { getCharge } from './get.operation';
import { getManyCharges } from './getMany.operation';
import { getChargeRefund } from './getRefund.operation';
import { getChargeRefunds } from './getRefunds.operation';
import { refundCharge } from './refund.operation';

export const chargeResource: SamCartResource = {
	name: 'Charge',
	value: 'charge',
	description: 'Successful payments, and refunding them',
	defaultOperation: 'get',
	operations: {
		get: getCharge,
		getMany: getManyCharges,
		refund: refundCharge,
		getRefunds: getChargeRefunds,
		getRefund: getChargeRefund,
	},
};
