/** Public record shapes, field for field as samcart-api.md §3.2 lists them. Money is integer cents. */

export type Timestamp = string; // UTC `YYYY-MM-DD HH:MM:SS`

export interface Price {
	subtotal: number;
	taxes: number;
	shipping: number;
	total: number;
}

export interface Coupon {
	id: number;
	charge_instance: 'one_time' | 'recurring';
	code: string;
	type: 'flat_rate' | 'percentage';
	discount_amount: number | null;
	discount_percentage: number | null;
}

export type CartItemPricingType =
	| 'one_time'
	| 'recurring_subscription'
	| 'limited_subscription'
	| 'pwyw_onetime'
	| 'pwyw_recurring_subscription'
	| 'pwyw_limited_subscription';

export type CartItemStatus =
	| 'pending'
	| 'charged'
	| 'declined'
	| 'refunded'
	| 'fulfilled'
	| 'reversed'
	| 'partially_refunded';

export type ProcessorName = 'Stripe' | 'Braintree' | 'Authorize.net' | 'PayPal';

export interface CartItem {
	id: number;
	product_id: number;
	subscription_id: number | null;
	sku: string;
	internal_product_name: string;
	product_name: string;
	charge_id: number | null;
	pricing_type: CartItemPricingType;
	processor_transaction_id: string | null;
	currency: string;
	quantity: number;
	status: CartItemStatus;
	initial_price: Price;
	recurring_price: Price | null;
	coupon: Coupon | null;
}

/**
 * REST `custom_fields` is typed "object" (§3.2) with slugs visible in it (HELP). UNCONFIRMED shape; our reading:
 * an object keyed by slug, each value `{ name, value }`.
 */
export type OrderCustomFields = Record<string, { name: string; value: string }>;

export interface Order {
	id: number;
	customer_id: number;
	affiliate_id: number | null;
	test_mode: boolean;
	order_date: Timestamp;
	cart_items: CartItem[];
	subtotal: number;
	discount: number;
	taxes: number;
	shipping: number;
	total: number;
	card_used: string | null;
	processor_name: ProcessorName;
	custom_fields: OrderCustomFields;
}

export type RefundStatus = 'refunded' | 'partially_refunded';

export interface Charge {
	id: number;
	customer_id: number;
	affiliate_id: number | null;
	order_id: number;
	subscription_rebill_id: number | null;
	test_mode: boolean;
	processor_name: ProcessorName;
	processor_transaction_id: string | null;
	currency: string;
	card_used: string | null;
	charge_refund_status: RefundStatus | null;
	order_date: Timestamp;
	created_at: Timestamp;
	total: number;
}

export interface FailedCharge {
	id: number;
	customer_id: number | null;
	affiliate_id: number | null;
	order_id: number | null;
	subscription_rebill_id: number | null;
	test_mode: boolean;
	processor_name: ProcessorName;
	processor_transaction_id: string | null;
	currency: string;
	card_used: string | null;
	created_at: Timestamp;
	total: number;
	error: string;
}

export interface Address {
	type: 'shipping' | 'billing';
	street: string;
	postal_code: string;
	city: string;
	state: string | null;
	region: string | null;
	country: string;
}

export interface Customer {
	id: number;
	first_name: string;
	last_name: string;
	email: string;
	phone: string;
	customer_tags: Array<{ name: string }>;
	lifetime_value: number;
	updated_at: Timestamp;
	created_at: Timestamp;
	addresses: Address[];
}

/** Product `pricing_type` (schema enum) differs from the `/products?pricing_type=` filter enum (§3 #24). */
export type ProductPricingType = 'one_time' | 'limited' | 'recurring' | 'pwyw';
export type ProductPricingFilter =
	| 'one_time'
	| 'limited_subscription'
	| 'recurring_subscription'
	| 'pwyw_one_time'
	| 'pwyw_recurring_subscription'
	| 'pwyw_limited_subscription';

export interface Product {
	id: number;
	sku: string;
	internal_product_name: string;
	product_name: string;
	description: string;
	currency: string;
	price: number;
	product_category: 'physical' | 'digital';
	pricing_type: ProductPricingType;
	status: 'live' | 'test' | 'archived';
	taxes: boolean;
	upsell_funnel: string | null;
	order_bumps: Array<{ product_id: number; product_name: string }>;
	bundled_products: Array<{ product_id: number; product_name: string }>;
	slug: string;
	custom_domain: string | null;
	product_tags: Array<{ name: string }>;
	created_at: Timestamp;
	updated_at: Timestamp;
	archived_date: Timestamp | null;
}

export interface Refund {
	id: number;
	charge_id: number;
	cart_item_id: number;
	created_at: Timestamp;
	test_mode: boolean;
	charge_refund_status: RefundStatus;
	currency: string;
	refund_amount: number;
}

export type SubscriptionStatus =
	| 'active'
	| 'canceled'
	| 'delinquent'
	| 'completed'
	| 'paused'
	| 'invalid_processor'
	| 'sca_required'
	| 'deleted';

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
	'active',
	'canceled',
	'delinquent',
	'completed',
	'paused',
	'invalid_processor',
	'sca_required',
	'deleted',
];

export interface Subscription {
	id: number;
	customer_id: number;
	affiliate_id: number | null;
	order_id: number;
	product_id: number;
	sku: string;
	status: SubscriptionStatus;
	type: 'limited_subscription' | 'recurring_subscription';
	product_name: string;
	internal_product_name: string;
	initial_price: Price;
	recurring_price: Price;
	coupon: Coupon | null;
	processor_name: ProcessorName;
	test_mode: boolean;
	card_used: string | null;
	created_at: Timestamp;
	start_date: Timestamp;
	end_date: Timestamp | null;
	next_rebilling_date: Timestamp | null;
	total_failed_charges: number;
	/** Present only while a cancellation is scheduled (UNCONFIRMED field, read by one client; §3.2). */
	cancel_schedule?: { status: 'scheduled'; cancel_date: Timestamp };
}

export type PlanFrequency = 'days' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

export interface SubscriptionPlan {
	id: number;
	product_id: number;
	plan_status: 'active' | 'archived';
	plan_archived_date: Timestamp | null;
	plan_duration: number | null;
	plan_frequency: PlanFrequency;
	plan_price: number;
	trial_period: number;
	rebill_days: number | null;
	stripe_compatible: boolean;
	stripe_plan_id: string | null;
	on_stripe_sandbox: boolean;
	recurring_shipping: boolean;
}

export interface SubscriptionHistory {
	id: number;
	subscription_id: number;
	new_status: SubscriptionStatus;
	source: string;
	type: string;
	change_date: Timestamp;
}

/**
 * How a cart item got into its order. SamCart's cart items carry no such field (§3.2); Product Purchased fires for
 * the primary product, an order bump, an upsell or a payment option (§6.2), so deliveries name the item's role.
 */
export type CartItemRole = 'primary' | 'bump' | 'upsell' | 'add_to_order';

/** Data the REST API does not expose but the simulator needs (filters, webhooks, funnel lists). */
export interface OrderMeta {
	ip_address: string;
	funnel_id: number | null;
	upsell_id: number | null;
	affiliate_token: string | null;
	coupon_code: string | null;
	/** Cart item id → its role. */
	item_roles: Record<number, CartItemRole>;
}

export interface SubscriptionMeta {
	canceled_at: Timestamp | null;
}

export interface Funnel {
	id: number;
	name: string;
	product_id: number;
	upsells: Array<{ id: number; product_id: number }>;
}

export interface CustomFieldDefinition {
	name: string;
	slug: string;
}
