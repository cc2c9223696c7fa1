/** Records as SamCart sends them, shared by the action tests. */

/** An order of one product (3, "Course", 49.00 USD) by customer 7. */
export const ORDER = {
	id: 42,
	customer_id: 7,
	order_date: '2025-03-08 10:18:35',
	cart_items: [
		{
			product_id: 3,
			product_name: 'Course',
			currency: 'USD',
			status: 'charged',
			initial_price: { total: 4900 },
		},
	],
	total: 4900,
	discount: 0,
	test_mode: false,
};
