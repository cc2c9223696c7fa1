import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime } from '../simplify';

export function simplifyProduct(product: IDataObject): IDataObject {
	const currency = currencyOf(product);
	const tags = Array.isArray(product.product_tags) ? (product.product_tags as IDataObject[]) : [];
	return {
		id: product.id,
		product_name: product.product_name ?? null,
		internal_product_name: product.internal_product_name ?? null,
		sku: product.sku ?? null,
		status: product.status ?? null,
		pricing_type: product.pricing_type ?? null,
		product_category: product.product_category ?? null,
		currency,
		...amount('price', product.price, currency),
		tags: tags.map((tag) => tag.name),
		created_at: isoTime(product.created_at),
	};
}
