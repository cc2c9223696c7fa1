import type { SamCartResource } from '../operation';
import { getFailedCharge } from './get.operation';
import { getManyFailedCharges } from './getMany.operation';

export const failedChargeResource: SamCartResource = {
	name: 'Failed Charge',
	value: 'failedCharge',
	description: 'Payment attempts the processor refused, with its reason',
	defaultOperation: 'getMany',
	operations: { get: getFailedCharge, getMany: getManyFailedCharges },
};
