import { readMany } from '../read';
import { RECORDS } from '../records';

export const getManyProducts = readMany(
	RECORDS.product,
	{
		name: 'Get Many',
		action: 'Get many products',
		description: 'List products, filtered by status, category, pricing type or creation date',
	},
	{ filters: ['created', 'productStatus', 'productCategory', 'pricingType'] },
);
