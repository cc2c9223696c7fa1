import type { IDataObject } from 'n8n-workflow';

import { amount, currencyOf, isoTime, orNull } from '../simplify';

export function simplifyProduct(product: IDataObject): IDataObject {
	const currency = currencyOf(product);
	const tags = Array.isArray(product.product_tags) ? (product.product_tags as IDataObject[]) : [];
	return {
		id: product.id,
		...orNull(
			product,
			'product_name',
			'internal_product_name',
			'sku',
			'status',
			'pricing_type',
			'product_category',
		),
		currency,
		...amount('price', product.price, currency),
		tags: tags.map((tag) => tag.name),
		created_at: isoTime(product.created_at),
	};
}
