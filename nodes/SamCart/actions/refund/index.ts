import type { SamCartResource } from '../operation';
import { getRefund } from './get.operation';
import { getManyRefunds } from './getMany.operation';

export const refundResource: SamCartResource = {
	name: 'Refund',
	value: 'refund',
	description: 'Refunds made on charges (to make one, use Charge > Refund)',
	defaultOperation: 'getMany',
	operations: { get: getRefund, getMany: getManyRefunds },
};
