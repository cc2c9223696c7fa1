/** Charge IDs in order of time (first charges and rebills together), and the refunds of some of them. */
import { ID_BASE, LATE_REFUNDS_MS } from '../store';
import { DAY_MS, formatTimestamp } from '../time';
import type { Refund } from '../types';
import { sortAssign } from './context';
import type { Generation, Timed } from './context';

export function numberCharges({ ds, chargeDrafts }: Generation): void {
	chargeDrafts.sort((a, b) => a.ms - b.ms);
	let rebillId: number = ID_BASE.rebill;
	chargeDrafts.forEach((d, i) => {
		d.charge.id = ID_BASE.charge + i;
		const order = ds.order(d.charge.order_id)!;
		d.charge.customer_id = order.customer_id;
		for (const item of d.items) item.charge_id = d.charge.id;
		if (d.rebill) {
			d.charge.subscription_rebill_id = rebillId++;
			ds.rebillOwner.set(d.charge.id, d.subscription!.id);
		}
	});
	ds.lastRebillId = rebillId - 1;
	ds.charges = chargeDrafts.map((d) => d.charge);
}

/** About 6.5% of the charges older than two days are refunded: in full, in part, or in two quarters. */
export function addRefunds({ rng, ds, now, chargeDrafts }: Generation): void {
	const ts = formatTimestamp;
	const refundDrafts: Array<Timed<Refund>> = [];
	for (const d of chargeDrafts) {
		const c = d.charge;
		if (c.total <= 100 || d.ms > now - 2 * DAY_MS) continue;
		const roll = rng.next();
		if (roll >= 0.065) continue;
		const parts: number[] =
			roll < 0.04
				? [c.total]
				: roll < 0.06
					? [rng.int(1, Math.floor((c.total - 1) / 100)) * 100 || 1]
					: [Math.floor(c.total / 4), Math.floor(c.total / 4)];
		let refunded = 0;
		let at = d.ms;
		const itemId =
			d.items[0]?.id ??
			ds.order(c.order_id)!.cart_items.find((it) => it.subscription_id === d.subscription?.id)?.id ??
			0;
		for (const amount of parts) {
			at = Math.min(now - LATE_REFUNDS_MS, at + rng.int(3600, 20 * 86400) * 1000);
			refunded += amount;
			const status = refunded >= c.total ? 'refunded' : 'partially_refunded';
			refundDrafts.push({
				ms: at,
				record: {
					id: 0,
					charge_id: c.id,
					cart_item_id: itemId,
					created_at: ts(at),
					test_mode: c.test_mode,
					charge_refund_status: status,
					currency: ds.currency,
					refund_amount: amount,
				},
			});
			c.charge_refund_status = status;
		}
		for (const item of d.items) item.status = c.charge_refund_status!;
	}
	ds.refunds = sortAssign(refundDrafts, ID_BASE.refund);
}
