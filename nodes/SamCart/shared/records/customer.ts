import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime, orNull } from '../simplify';

/** The customer's full name, from whichever parts SamCart has. */
export function customerName(customer: IDataObject): string {
	return [customer.first_name, customer.last_name]
		.filter((part) => typeof part === 'string' && part.trim())
		.map((part) => String(part).trim())
		.join(' ');
}

export function simplifyCustomer(customer: IDataObject): IDataObject {
	// SamCart reports lifetime value in cents without a currency: it stays null rather than guessed.
	const currency = currencyOf(customer);
	const tags = Array.isArray(customer.customer_tags) ? (customer.customer_tags as IDataObject[]) : [];
	return {
		id: customer.id,
		name: customerName(customer),
		...orNull(customer, 'first_name', 'last_name', 'email', 'phone'),
		tags: tags.map((tag) => tag.name),
		currency,
		...amount('lifetime_value', customer.lifetime_value, currency),
		created_at: isoTime(customer.created_at),
		updated_at: isoTime(customer.updated_at),
	};
}
