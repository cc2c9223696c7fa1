import type { IDataObject } from 'n8n-workflow';

import type { RecordKind } from '../descriptions/locators';
import { simplifyCharge } from '../shared/records/charge';
import { simplifyCustomer } from '../shared/records/customer';
import { simplifyFailedCharge } from '../shared/records/failedCharge';
import { simplifyOrder } from '../shared/records/order';
import { simplifyProduct } from '../shared/records/product';
import { simplifyRefund } from '../shared/records/refund';
import { simplifyPlan, simplifySubscription } from '../shared/records/subscription';

/** One kind of SamCart record, as every operation, locator and list search names, reaches and formats it. */
export interface SamCartRecord extends RecordKind {
	/** Its collection below the base URL: `/orders`, `/failed-charges`. */
	path: string;
	/**
	 * What Simplify makes of one of them; none: the record is output as SamCart sent it. `currency` is the one found
	 * through `currencyFrom` for a record that names none itself.
	 */
	simplify?: (record: IDataObject, currency?: string | null) => IDataObject;
	/**
	 * Where Simplify finds the currency of one that names none: the record it belongs to (a key of this table) by the
	 * field that holds its ID. A subscription's (and its plan's) is its product's.
	 */
	currencyFrom?: { record: string; idField: string };
}

/**
 * THE records table. A record with a list search (`searchMethod`) is chosen through a resource locator (From List,
 * By ID, By URL of its page under `dashboard`); the others by a typed ID (`placeholder`, and where to find it).
 */
export const RECORDS = {
	order: {
		label: 'Order',
		path: '/orders',
		idParameter: 'orderId',
		searchMethod: 'searchOrders',
		dashboard: 'orders',
		simplify: simplifyOrder,
	},
	customer: {
		label: 'Customer',
		path: '/customers',
		idParameter: 'customerId',
		searchMethod: 'searchCustomers',
		dashboard: 'customers',
		simplify: simplifyCustomer,
	},
	product: {
		label: 'Product',
		path: '/products',
		idParameter: 'productId',
		searchMethod: 'searchProducts',
		dashboard: 'products',
		simplify: simplifyProduct,
	},
	subscription: {
		label: 'Subscription',
		path: '/subscriptions',
		idParameter: 'subscriptionId',
		searchMethod: 'searchSubscriptions',
		dashboard: 'subscriptions',
		simplify: simplifySubscription,
		currencyFrom: { record: 'product', idField: 'product_id' },
	},
	charge: {
		label: 'Charge',
		path: '/charges',
		idParameter: 'chargeId',
		searchMethod: 'searchCharges',
		dashboard: 'charges',
		simplify: simplifyCharge,
	},
	refund: {
		label: 'Refund',
		path: '/refunds',
		idParameter: 'refundId',
		placeholder: '60001',
		simplify: simplifyRefund,
	},
	failedCharge: {
		label: 'Failed Charge',
		path: '/failed-charges',
		idParameter: 'failedChargeId',
		placeholder: '40001',
		simplify: simplifyFailedCharge,
	},
	// SamCart has no list of funnels or upsells: their IDs are typed in, read from the dashboard's address.
	funnel: {
		label: 'Funnel',
		path: '/funnels',
		idParameter: 'funnelId',
		placeholder: '3001',
		idHint: 'shown in its address in SamCart',
	},
	upsell: {
		label: 'Upsell',
		path: '/upsells',
		idParameter: 'upsellId',
		placeholder: '7001',
		idHint: 'shown in its address in SamCart',
	},
} satisfies Record<string, SamCartRecord>;

/** A subscription's billing plan: no collection of its own, read only through its subscription. */
export const PLAN = {
	label: 'Plan',
	simplify: simplifyPlan,
	currencyFrom: { record: 'product', idField: 'product_id' },
} satisfies Omit<SamCartRecord, 'path' | 'idParameter'>;

export type RecordName = keyof typeof RECORDS;

/** The records a resource locator chooses (they have a list search). */
export type LocatableName = {
	[name in RecordName]: (typeof RECORDS)[name] extends { searchMethod: string } ? name : never;
}[RecordName];

const DASHBOARD = 'https://app.samcart.com/app';

/** The address of a record's page in SamCart's dashboard. */
export const dashboardUrl = (record: SamCartRecord, id: unknown): string =>
	`${DASHBOARD}/${record.dashboard ?? record.path.slice(1)}/${String(id)}`;
