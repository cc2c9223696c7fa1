import type { SamCartResource } from './operation';
import { chargeResource } from './charge';
import { customerResource } from './customer';
import { failedChargeResource } from './failedCharge';
import { funnelResource } from './funnel';
import { orderResource } from './order';
import { productResource } from './product';
import { refundResource } from './refund';
import { subscriptionResource } from './subscription';
import { upsellResource } from './upsell';

/** Every resource of the SamCart node. A new resource is one import and one entry here. */
export const RESOURCES: SamCartResource[] = [
	orderResource,
	customerResource,
	productResource,
	subscriptionResource,
	chargeResource,
	refundResource,
	failedChargeResource,
	funnelResource,
	upsellResource,
];
