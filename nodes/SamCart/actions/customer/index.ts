import type { SamCartResource } from '../operation';
import { getCustomer } from './get.operation';
import { getCustomerAddresses } from './getAddresses.operation';
import { getCustomerCharges } from './getCharges.operation';
import { getManyCustomers } from './getMany.operation';
import { getCustomerOrders } from './getOrders.operation';
import { getCustomerSubscriptions } from './getSubscriptions.operation';

export const customerResource: SamCartResource = {
	name: 'Customer',
	value: 'customer',
	description: 'People who bought through SamCart, with their addresses, orders, charges and subscriptions',
	defaultOperation: 'get',
	operations: {
		get: getCustomer,
		getAddresses: getCustomerAddresses,
		getCharges: getCustomerCharges,
		getMany: getManyCustomers,
		getOrders: getCustomerOrders,
		getSubscriptions: getCustomerSubscriptions,
	},
};
