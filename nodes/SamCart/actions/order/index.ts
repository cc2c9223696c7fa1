import type { SamCartResource } from '../operation';
import { addProductToOrder } from './addProduct.operation';
import { batchAddProductsToOrders } from './batchAddProducts.operation';
import { getOrder } from './get.operation';
import { getBatchStatus } from './getBatchStatus.operation';
import { getOrderCharges } from './getCharges.operation';
import { getOrderCustomer } from './getCustomer.operation';
import { getManyOrders } from './getMany.operation';
import { getOrderSubscriptions } from './getSubscriptions.operation';
import { updateOrderCustomField } from './updateCustomField.operation';

export const orderResource: SamCartResource = {
	name: 'Order',
	value: 'order',
	description: 'Orders placed through SamCart checkouts',
	defaultOperation: 'get',
	operations: {
		get: getOrder,
		getMany: getManyOrders,
		getCharges: getOrderCharges,
		getCustomer: getOrderCustomer,
		getSubscriptions: getOrderSubscriptions,
		updateCustomField: updateOrderCustomField,
		addProduct: addProductToOrder,
		batchAddProducts: batchAddProductsToOrders,
		getBatchStatus,
	},
};
