/**
 * Template 10 (sales): abandoned checkout recovery, executed by the real n8n engine with the template file as shipped:
 * - Prospect Created → first email with the product and a link back to its checkout page → Wait → reminder, each
 *   only if SamCart shows no order of that product by that email since the checkout (customer by email → orders);
 * - one sequence per email + product (n8n's Remove Duplicates across executions);
 * - test-mode prospects, excluded products and prospects without an email end in a Skip node with the reason.
 * The prospects are the simulator's leads (customers without orders) and the product SamCart's delivery names; a
 * purchase is an order added to the simulator's data when the first email goes out, so the check before the reminder
 * sees it. The Wait is set to 0 hours (in-process): the order of events, not the clock, decides what is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { buildWebhookPayload } from '../../../dev/samcart-simulator';
import type { Customer, Order, Product } from '../../../dev/samcart-simulator/types';
import { availableLines, type N8nLine, type WorkflowJson } from '../harness';
import {
	importedAs,
	loadTemplate,
	mockGmail,
	runDelivery,
	settingsOf,
	useProcessedData,
	useTemplateSimulator,
	type SentMail,
} from './support';

jest.setTimeout(120_000);

const FILE = '10-sales-abandoned-checkout-recovery.json';
const SENDER = 'sales@creator.example';
const env = useTemplateSimulator(1010);

const samCartTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/**
 * A lead no other test used: one of the simulator's customers who never ordered, or, once those are used, a new one
 * like them (another address of the same person) added to its data.
 */
const leadsUsed = new Set<number>();
function nextLead(): Customer {
	const ds = env.sim.data;
	const leads = ds.customers.filter((c) => !ds.indexes.ordersByCustomer.has(c.id));
	let lead = leads.find((c) => !leadsUsed.has(c.id));
	if (!lead) {
		const model = leads[0];
		const id = Math.max(...ds.customers.map((c) => c.id)) + 1;
		lead = { ...structuredClone(model), id, email: model.email.replace('@', `+${id}@`) };
		ds.customers.push(lead);
		ds.touch();
	}
	leadsUsed.add(lead.id);
	return lead;
}

/** SamCart records an order of the product by this customer, now: a checkout completed after the abandoned one. */
function recordPurchase(customer: Customer, productId: number): Order {
	const ds = env.sim.data;
	const model = ds.orders.find((o) => o.cart_items.some((i) => i.product_id === productId));
	if (!model) throw new Error(`no order of product ${productId} to model a purchase on`);
	const item = model.cart_items.find((i) => i.product_id === productId)!;
	const order: Order = {
		...structuredClone(model),
		id: Math.max(...ds.orders.map((o) => o.id)) + 1,
		customer_id: customer.id,
		test_mode: false,
		order_date: samCartTime(Date.now()),
		cart_items: [
			{
				...structuredClone(item),
				id: Math.max(...ds.orders.flatMap((o) => o.cart_items.map((i) => i.id))) + 1,
				subscription_id: null,
			},
		],
	};
	ds.orders.push(order);
	ds.touch();
	return order;
}

interface Prospect {
	customer: Customer;
	product: Product;
	payload: IDataObject;
}

/** A Prospect Created delivery for a lead, as SamCart sends it (the product is the one the simulator names). */
function prospect(change: (payload: IDataObject) => void = () => undefined): Prospect {
	const customer = nextLead();
	const payload = buildWebhookPayload(env.sim.data, 'prospectCreated', {
		recordId: customer.id,
	}) as IDataObject;
	change(payload);
	const product = env.sim.data.product(Number((payload.product as IDataObject).id))!;
	return { customer, product, payload };
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const shipped = loadTemplate(FILE);
	const settings = settingsOf(shipped);
	beforeAll(async () => {
		await useProcessedData(line);
	});

	/** The template as imported, the reminder delay at 0 h, with its own id (its own memory of sequences). */
	const workflowFor = (name: string, values: Record<string, string | number | boolean> = {}) =>
		importedAs(shipped, `template-10-${name}-line-${line}`, { reminderDelayHours: 0, ...values });

	/** The delivery through the template's SamCart Trigger, then the execution it starts (from `entry`). */
	const deliver = async (workflow: WorkflowJson, payload: IDataObject, entry?: string) =>
		await runDelivery(env.sim, workflow, payload, line, entry);

	const checkoutUrl = (workflow: WorkflowJson, product: Product) =>
		String(settingsOf(workflow).checkoutUrlPattern)
			.replaceAll('{slug}', product.slug)
			.replaceAll('{product_id}', String(product.id));

	const customerLookups = (email: string, since: number) =>
		env.sim
			.requests({ method: 'GET', path: /\/customers$/ })
			.filter((r) => r.seq > since && r.query.email === email);
	const lastSeq = () => env.sim.requests().reduce((m, r) => Math.max(m, r.seq), 0);

	const expectSequenceMail = (mail: SentMail, p: Prospect, subject: string, workflow: WorkflowJson) => {
		expect(mail).toMatchObject({
			to: p.customer.email,
			from: `${settings.emailSenderName} <${SENDER}>`,
			replyTo: settings.replyTo,
			subject,
		});
		expect(mail.text).toContain(`Hi ${p.customer.first_name},`);
		expect(mail.text).toContain(`\n${checkoutUrl(workflow, p.product)}\n`);
	};

	test.each([['SamCart Trigger'], ['From Event Hub']])(
		'a prospect who never buys gets the first email and the reminder, each after a purchase check (entry: %s)',
		async (entry) => {
			const workflow = workflowFor(`never-buys-${entry.replace(/ /g, '-')}`);
			const p = prospect();
			const mails = mockGmail(SENDER);
			const since = lastSeq();
			const r = await deliver(workflow, p.payload, entry);
			expect(mails).toHaveLength(2);
			expectSequenceMail(mails[0], p, `You left ${p.product.product_name} in your cart`, workflow);
			expectSequenceMail(mails[1], p, `Still thinking about ${p.product.product_name}?`, workflow);
			expect(mails[0].text).toContain(
				`You started checking out ${p.product.product_name} but did not finish.`,
			);
			// the link is the product's own checkout page: its slug, read from SamCart
			expect(mails[0].text).toContain(`/products/${p.product.slug}`);
			// SamCart was asked before each email: the customer by email, twice
			expect(customerLookups(p.customer.email, since)).toHaveLength(2);
			expect(r.executed.indexOf('Find Customer')).toBeLessThan(r.executed.indexOf('Email: Your Checkout'));
			expect(r.executed.indexOf('Find Customer (Reminder)')).toBeLessThan(
				r.executed.indexOf('Email: Reminder'),
			);
			expect(r.executed.filter((n) => n.startsWith('Skip:'))).toEqual([]);
		},
	);

	test('a prospect who buys within the delay gets the first email and not the reminder', async () => {
		const workflow = workflowFor('buys-in-delay');
		const p = prospect();
		let order: Order | undefined;
		// the prospect reads the first email and completes the checkout before the reminder is due
		const mails = mockGmail(SENDER, (_mail, index) => {
			if (index === 0) order = recordPurchase(p.customer, p.product.id);
		});
		const r = await deliver(workflow, p.payload);
		expect(mails.map((m) => m.subject)).toEqual([`You left ${p.product.product_name} in your cart`]);
		expect(order).toBeDefined();
		expect(r.runData['Skip: Bought Before Reminder']).toEqual([
			{
				skipped: true,
				reason: `bought since the checkout (order ${order!.id}): no more emails`,
				email: p.customer.email,
				product_id: String(p.product.id),
			},
		]);
		expect(r.executed).not.toContain('Email: Reminder');
	});

	test('a prospect who bought before the first email gets nothing', async () => {
		const workflow = workflowFor('bought-before');
		const p = prospect();
		const order = recordPurchase(p.customer, p.product.id);
		const mails = mockGmail(SENDER);
		const r = await deliver(workflow, p.payload);
		expect(mails).toEqual([]);
		expect(r.runData['Skip: Bought Before First Email']).toEqual([
			expect.objectContaining({ reason: `bought since the checkout (order ${order.id}): no more emails` }),
		]);
	});

	test('a second Prospect Created for the same email + product starts nothing; another product starts its own', async () => {
		const workflow = workflowFor('one-sequence');
		const p = prospect();
		const mails = mockGmail(SENDER);
		await deliver(workflow, p.payload);
		expect(mails).toHaveLength(2);

		const again = await deliver(workflow, p.payload);
		expect(mails).toHaveLength(2);
		expect(again.runData['Skip: Sequence Running']).toEqual([
			{
				skipped: true,
				reason: `a sequence for ${p.customer.email.toLowerCase()} / ${p.product.id} has already started`,
				email: p.customer.email,
				product_id: String(p.product.id),
			},
		]);
		expect(again.executed).not.toContain('Get Product');

		const other = env.sim.data.products.find((x) => x.status === 'live' && x.id !== p.product.id)!;
		const otherPayload = structuredClone(p.payload);
		otherPayload.product = { id: other.id, name: other.product_name, price: '10.00' };
		await deliver(workflow, otherPayload);
		expect(mails.slice(2).map((m) => [m.to, m.subject])).toEqual([
			[p.customer.email, `You left ${other.product_name} in your cart`],
			[p.customer.email, `Still thinking about ${other.product_name}?`],
		]);
	});

	test('a prospect without an email: a clear skip with the reason, no email and no error', async () => {
		const workflow = workflowFor('no-email');
		const p = prospect((payload) => {
			const customer = payload.customer as IDataObject;
			delete customer.email;
			delete customer.customer_id;
		});
		const mails = mockGmail(SENDER);
		const since = lastSeq();
		const r = await deliver(workflow, p.payload);
		expect(mails).toEqual([]);
		expect(r.runData['Skip: Not Started']).toEqual([
			{
				skipped: true,
				reason: 'the prospect has no email address',
				email: '',
				product_id: String(p.product.id),
			},
		]);
		expect(env.sim.requests({ path: /\/customers$/ }).filter((q) => q.seq > since)).toEqual([]);
	});

	test('a product SamCart cannot read (404): skipped with the reason, no email', async () => {
		const p = prospect();
		env.sim.addFault({
			method: 'GET',
			path: `/products/${p.product.id}`,
			action: { type: 'status', status: 404 },
		});
		const mails = mockGmail(SENDER);
		const r = await deliver(workflowFor('product-404'), p.payload);
		expect(mails).toEqual([]);
		const [skip] = r.runData['Skip: Product Unreadable'] as IDataObject[];
		expect(skip).toMatchObject({ skipped: true, email: p.customer.email, product_id: String(p.product.id) });
		expect(String(skip.reason)).toMatch(
			new RegExp(`^product ${p.product.id} could not be read from SamCart: .*(404|not found)`, 'i'),
		);
	});

	test('a test-mode prospect is skipped by default, and gets the sequence with includeTestMode', async () => {
		const p = prospect((payload) => {
			payload.test_mode = true;
		});
		const mails = mockGmail(SENDER);
		const r = await deliver(workflowFor('test-mode-off'), p.payload);
		expect(mails).toEqual([]);
		expect(r.runData['Skip: Not Started']).toEqual([
			expect.objectContaining({ reason: 'a test-mode prospect (includeTestMode is off)' }),
		]);
		await deliver(workflowFor('test-mode-on', { includeTestMode: true }), p.payload);
		expect(mails.map((m) => m.to)).toEqual([p.customer.email, p.customer.email]);
	});

	test('a product in excludedProductIds is skipped with the reason', async () => {
		const p = prospect();
		const workflow = workflowFor('excluded', { excludedProductIds: `999999, ${p.product.id}` });
		const mails = mockGmail(SENDER);
		const r = await deliver(workflow, p.payload);
		expect(mails).toEqual([]);
		expect(r.runData['Skip: Not Started']).toEqual([
			expect.objectContaining({ reason: `product ${p.product.id} is left out (excludedProductIds)` }),
		]);
	});
});
