import type { SamCartResource } from '../operation';
import { getProduct } from './get.operation';
import { getManyProducts } from './getMany.operation';
import { getProductOrders } from './getOrders.operation';

export const productResource: SamCartResource = {
	name: 'Product',
	value: 'product',
	description: 'Products sold through SamCart checkouts, and the orders that include them',
	defaultOperation: 'get',
	operations: { get: getProduct, getMany: getManyProducts, getOrders: getProductOrders },
};
