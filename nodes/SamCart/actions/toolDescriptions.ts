import type { INodeProperties } from 'n8n-workflow';

import type { SamCartResource } from './operation';

/**
 * What an AI agent (the AI Agent's tools, the MCP Server Trigger's clients) reads about each SamCart operation when
 * the node is used as a tool: what it returns and which parameters matter. n8n's own description for a tool would be
 * the operation's action ("Get many orders in SamCart"), which tells a model neither.
 */
const CENTS = 'amounts in integer cents (`*_cents`) with their currency';
const DATES =
	'createdAfter / createdBefore (ISO 8601 date or date-time, UTC; a date alone is the start / end of that day)';
const TEST_MODE = 'testMode (live, test or both)';
const SUBSCRIPTION_FILTERS = `status (active, canceled, completed, deleted, delinquent, invalid_processor, paused, sca_required), type (recurring_subscription, limited_subscription), ${DATES}, rebillingAfter / rebillingBefore, canceledAfter / canceledBefore, ${TEST_MODE}`;

/** "Returns ..." for a list: its order, and what bounds how many records come back (and how many requests). */
const list = (returns: string, filters?: string, order = 'oldest first') =>
	`Returns ${returns}, ${order}, one item per record. ${
		filters ? `Filters: ${filters}. ` : ''
	}Limit (default 50) caps the number of records; Return All reads every page, one request per 100 records.`;

/** "Returns ..." for a bulk list that can also be read from its newest record back (Newest First). */
const many = (returns: string, filters?: string) =>
	list(returns, filters, 'oldest first, or with newestFirst true newest first (the most recent records)');

/** "Returns ..." for a sub-list SamCart answers in one request (no pages). */
const related = (parent: string, returns: string, filters?: string) =>
	`Needs the ${parent} ID (${parent}Id). Returns ${returns}, one item per record, in one request. ${
		filters ? `Filters: ${filters}. ` : ''
	}Limit (default 50) caps the number of records.`;

const WRITE = 'Changes data in SamCart: it is sent once and never retried after it may have reached SamCart.';

export const TOOL_DESCRIPTIONS: Record<string, Record<string, string>> = {
	order: {
		get: `Get one SamCart order by its ID (orderId). Returns the order: customer_id, order_date, status, ${CENTS} (total, discount, each product line with product_id and product_name), subscription IDs and affiliate.`,
		getMany: `List SamCart orders. ${many(`orders with customer_id, order_date, products bought (product_id, product_name, status), ${CENTS} (total, discount)`, `${DATES} of when the order was placed, ${TEST_MODE}`)}`,
		getCharges: `List the charges (payments) of one order: its first payment, add-ons and subscription rebills. ${related('order', `charges with created_at, ${CENTS} (total), refund_status and subscription_rebill_id`, `${DATES}, ${TEST_MODE}`)}`,
		getCustomer:
			'Get the customer who placed an order (orderId). Returns the customer: id, name, email, phone, tags, created_at.',
		getSubscriptions: `List the subscriptions an order started (orderId). ${related('order', `subscriptions with product, status, type, ${CENTS} (initial and recurring price) and next_rebilling_date`, SUBSCRIPTION_FILTERS)}`,
		updateCustomField: `Set one custom field (customFieldSlug) of an order (orderId) to customFieldValue. Returns the updated field. ${WRITE}`,
		addProduct: `Add a product (productId) to an existing order (orderId) and charge the customer's saved payment method for it. Returns SamCart's answer with the new charge. ${WRITE}`,
		batchAddProducts: `Add up to 25 products (productIds) to up to 5,000 orders (orderIds) in one background batch, charging each customer. Returns a batch ID to read with Get Batch Status. ${WRITE}`,
		getBatchStatus:
			'Get the progress of a Batch Add Products request (batchId). Returns its status and, per order, whether the products were added and charged.',
	},
	customer: {
		get: `Get one SamCart customer by ID (customerId). Returns name, email, phone, tags, lifetime_value (integer cents), created_at, updated_at and, with Simplify off, its addresses.`,
		getAddresses:
			'List the billing and shipping addresses of a customer (customerId). Returns one item per address: type (billing or shipping), street, city, state or region, postal_code and country.',
		getCharges: `List every charge made to a customer, orders and subscription rebills alike. ${related('customer', `charges with order_id, created_at, ${CENTS} (total) and refund_status`, `${DATES}, ${TEST_MODE}`)}`,
		getMany: `List SamCart customers. ${many('customers with name, first_name, last_name, email, phone, tags, created_at and updated_at', `email (exact addresses, up to 25, comma-separated), ${DATES} of when the customer was created`)}`,
		getOrders: `List the orders a customer placed. ${related('customer', `orders with order_date, products and ${CENTS} (total, discount)`, `${DATES}, ${TEST_MODE}`)}`,
		getSubscriptions: `List the subscriptions of a customer. ${related('customer', `subscriptions with product, status, type, ${CENTS} (initial and recurring price) and next_rebilling_date`, SUBSCRIPTION_FILTERS)}`,
	},
	product: {
		get: `Get one SamCart product by ID (productId). Returns product_name, sku, status, product_category, pricing_type, ${CENTS} (price), tags and created_at (with Simplify off also slug, order bumps and bundled products).`,
		getMany: `List SamCart products. ${many(`products with name, status, category, pricing type and ${CENTS} (price)`, `status (live, test, archived), productCategory (digital, physical), pricingType, ${DATES}`)}`,
		getOrders: `List the orders that include a product (productId). ${list(`orders with customer_id, order_date, products and ${CENTS}`, `${DATES}, ${TEST_MODE}`)}`,
	},
	subscription: {
		cancel: `Cancel a subscription (subscriptionId) now; it must be active, delinquent or paused. Returns the canceled subscription. Options: silentCancel, treatNotActiveAsSuccess. ${WRITE}`,
		get: `Get one SamCart subscription by ID (subscriptionId). Returns customer_id, product, status, type, ${CENTS} (initial and recurring price), next_rebilling_date, scheduled_cancel_date and, with the includePlan option, its billing plan.`,
		getCharges: `List the charges of a subscription: its first payment and every rebill. ${related('subscription', `charges with created_at, ${CENTS} (total) and refund_status`, `${DATES}, ${TEST_MODE}`)}`,
		getCustomer:
			'Get the customer who owns a subscription (subscriptionId). Returns the customer: id, name, email, phone, tags, created_at.',
		getHistory: `List the status changes of a subscription. ${related('subscription', 'changes with new_status, change_date and source (where the change came from)', DATES)}`,
		getMany: `List SamCart subscriptions. ${many(`subscriptions with customer_id, product, status, type, ${CENTS} (initial and recurring price), next_rebilling_date and scheduled_cancel_date`, SUBSCRIPTION_FILTERS)}`,
		getPlan: `Get the billing plan of a subscription (subscriptionId). Returns frequency, rebill days, duration, trial period, ${CENTS} (plan price) and the Stripe plan ID.`,
		scheduleCancel: `Schedule a subscription (subscriptionId) to cancel at the end of its billing period or on scheduleDate (cancelWhen picks which). Returns the subscription with its scheduled_cancel_date. ${WRITE}`,
		updateNextRebillingDate: `Move the next charge of an active or delinquent subscription (subscriptionId) to nextRebillingDate, a future ISO 8601 date-time. Returns the subscription with its new next_rebilling_date. ${WRITE}`,
	},
	charge: {
		get: `Get one SamCart charge (a payment) by ID (chargeId). Returns order_id, customer_id, subscription_rebill_id, created_at, ${CENTS} (total), refund_status, processor and card last 4.`,
		getMany: `List SamCart charges (payments that went through: first payments and subscription rebills). ${many(`charges with order_id, customer_id, subscription_rebill_id, created_at, ${CENTS} (total, tax and shipping included) and refund_status (refunded, partially_refunded or null)`, `${DATES} of when the charge was made, ${TEST_MODE}`)}`,
		refund: `Refund a charge (chargeId): refundType full (whatever is not yet refunded) or partial with amount, a decimal in the charge's currency (12.50 for $12.50, sent as exact cents). A partial refund over what is left is refused before anything is sent. Returns the refund. ${WRITE}`,
		getRefunds: `List the refunds made on one charge. ${related('charge', `refunds with created_at and ${CENTS} (refund_amount)`)}`,
		getRefund: `Get one refund (refundId) of a charge (chargeId). Returns created_at, cart_item_id, ${CENTS} (refund_amount) and the charge's refund status.`,
	},
	refund: {
		get: `Get one SamCart refund by ID (refundId). Returns charge_id, cart_item_id, created_at, ${CENTS} (refund_amount) and the charge's refund status.`,
		getMany: `List SamCart refunds. ${many(`refunds with charge_id, cart_item_id, created_at, ${CENTS} (refund_amount) and charge_refund_status`)} SamCart offers no date filter for refunds: for a recent period read them with newestFirst true and keep those of the period by created_at.`,
	},
	failedCharge: {
		get: `Get one failed charge (a declined payment) by ID (failedChargeId). Returns customer_id, order_id, subscription_rebill_id, created_at, ${CENTS} (total), the processor's error message and failure_category.`,
		getMany: `List SamCart failed charges (declined payments). ${many(`failures with customer_id, order_id, subscription_rebill_id, created_at, ${CENTS} (total), the processor's error message and failure_category (expired_card, insufficient_funds, card_declined, incorrect_cvc, processing_error, other)`, `${DATES} of when the payment failed, ${TEST_MODE}`)}`,
	},
	funnel: {
		getOrders: `List the orders placed through a funnel (funnelId). ${list(`orders with customer_id, order_date, products and ${CENTS}`, `${DATES}, ${TEST_MODE}`)}`,
	},
	upsell: {
		getOrders: `List the orders that include an upsell (upsellId). ${list(`orders with customer_id, order_date, products and ${CENTS}`, `${DATES}, ${TEST_MODE}`)}`,
	},
};

/**
 * One "Description" parameter per operation, shown only in the tool variant (`@tool`) under its resource and
 * operation, holding that operation's text as its default. n8n uses a node's own `toolDescription` (and then adds no
 * "Set Automatically" choice of its own), so this is the description an agent gets; the user can still rewrite it.
 */
export function toolDescriptionProperties(resources: SamCartResource[]): INodeProperties[] {
	return resources.flatMap((resource) =>
		Object.keys(resource.operations).map((operation) => ({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string' as const,
			typeOptions: { rows: 4 },
			default: TOOL_DESCRIPTIONS[resource.value]?.[operation] ?? '',
			description:
				'What the AI model reads about this tool: what it returns and which parameters matter. A specific description lets the model pick the right tool and fill its parameters.',
			displayOptions: {
				show: { '@tool': [true], resource: [resource.value], operation: [operation] },
			},
		})),
	);
}
