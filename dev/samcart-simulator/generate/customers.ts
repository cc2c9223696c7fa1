/** Customers: leads who never bought, buyers made as their first order comes, and their IDs and addresses. */
import { ID_BASE } from '../store';
import { formatTimestamp } from '../time';
import type { CustomerDraft, Generation } from './context';

/** A new customer first seen at `ms`, with the next person of the faker pool. */
export function makeCustomer(g: Generation, ms: number): CustomerDraft {
	const { rng, pool, customerDrafts } = g;
	const ts = formatTimestamp;
	const person = pool.people[customerDrafts.length];
	const draft: CustomerDraft = {
		customer: {
			id: 0,
			first_name: person.first_name,
			last_name: person.last_name,
			email: person.email,
			phone: person.phone,
			customer_tags: rng.chance(0.3)
				? [{ name: rng.pick(['vip', 'newsletter', 'wholesale', 'affiliate', 'beta']) }]
				: [],
			lifetime_value: 0,
			updated_at: '',
			created_at: ts(ms),
			addresses: [],
		},
		person,
		processor: rng.weighted({ Stripe: 70, PayPal: 12, Braintree: 10, 'Authorize.net': 8 }),
		last4: String(rng.int(0, 9999)).padStart(4, '0'),
		ms,
		lastActivity: ms,
		physical: false,
	};
	customerDrafts.push(draft);
	return draft;
}

/** People who signed up (a lead, a prospect) and never bought, spread over the span. */
export function addLeads(g: Generation, count: number): void {
	const { rng, now, windowStart } = g;
	for (let i = 0; i < count; i++)
		makeCustomer(g, windowStart + Math.floor((rng.next() * (now - windowStart - 60_000)) / 1000) * 1000);
}

/** Customer IDs in order of creation, addresses, last activity; then every record that names a customer. */
export function numberCustomers(g: Generation): void {
	const { ds, customerDrafts, orderCustomer, subscriptionDrafts, failedCustomer } = g;
	const ts = formatTimestamp;
	customerDrafts.sort((a, b) => a.ms - b.ms);
	customerDrafts.forEach((cd, i) => {
		cd.customer.id = ID_BASE.customer + i;
		const p = cd.person;
		const address = {
			street: p.street,
			postal_code: p.postal_code,
			city: p.city,
			state: p.state,
			region: p.region,
			country: p.country,
		};
		cd.customer.addresses = [{ type: 'billing', ...address }];
		if (cd.physical) cd.customer.addresses.push({ type: 'shipping', ...address });
		cd.customer.updated_at = ts(cd.lastActivity);
	});
	ds.customers = customerDrafts.map((cd) => cd.customer);
	for (const [order, cd] of orderCustomer) order.customer_id = cd.customer.id;
	for (const s of subscriptionDrafts) s.sub.customer_id = s.customer.customer.id;
	for (const [fc, cd] of failedCustomer) fc.customer_id = cd.customer.id;
}
