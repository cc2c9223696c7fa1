/**
 * Template 11 (sales): onboarding by plan, executed by the real n8n engine with the template file as shipped:
 * Subscription Started → the subscription's plan read from SamCart → billing cadence → the route of the Settings
 * table (or the default route) → HubSpot contact tagged with plan, cadence and sequence → a deal in the route's
 * pipeline and stage; New Order of a one-time product takes the `one-time` route. Every delivery goes through the
 * real SamCart Trigger (Enrich on); the expected plan, cadence and route are computed from the simulator's data and
 * the template's own Settings.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { buildWebhookPayload } from '../../../dev/samcart-simulator';
import { orderDeliveries } from '../../../dev/samcart-simulator/deliveries';
import type { Order, Subscription, SubscriptionPlan } from '../../../dev/samcart-simulator/types';
import { availableLines, type N8nLine } from '../harness';
import { importedAs, loadTemplate, runDelivery, settingsOf, useTemplateSimulator } from './support';

jest.setTimeout(120_000);

const FILE = '11-sales-onboarding-by-plan.json';
const env = useTemplateSimulator(1111);

const AUTH = { reqheaders: { authorization: 'Bearer pat-template-test' } };

interface HubSpotCalls {
	contacts: Array<{ email: string; properties: Record<string, unknown> }>;
	deals: Array<{ properties: Record<string, unknown>; associatedVids: unknown[] }>;
}

/** HubSpot's contact upsert (by email) and deal creation behind nock. */
function mockHubSpot(): HubSpotCalls {
	const calls: HubSpotCalls = { contacts: [], deals: [] };
	const byName = (list: Array<{ property?: string; name?: string; value: unknown }>) =>
		Object.fromEntries(list.map((p) => [p.property ?? p.name, p.value]));
	nock('https://api.hubapi.com', AUTH)
		.persist()
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\/.+/)
		.reply(200, (uri, body) => {
			const props = (body as { properties: Array<{ property: string; value: unknown }> }).properties;
			calls.contacts.push({ email: decodeURIComponent(uri.split('/').pop()!), properties: byName(props) });
			return { vid: 8100 + calls.contacts.length, isNew: true };
		})
		.post('/deals/v1/deal')
		.reply(200, (_uri, body) => {
			const b = body as {
				properties: Array<{ name: string; value: unknown }>;
				associations: { associatedVids?: unknown[] };
			};
			calls.deals.push({
				properties: byName(b.properties),
				associatedVids: b.associations.associatedVids ?? [],
			});
			return { dealId: 9100 + calls.deals.length, properties: {} };
		});
	return calls;
}

/** SamCart's plan_frequency as the billing cadence the template names (independent of the template's expression). */
const CADENCE: Record<string, string> = {
	monthly: 'monthly',
	yearly: 'annual',
	quarterly: 'quarterly',
	weekly: 'weekly',
};
const cadenceOf = (plan: SubscriptionPlan) =>
	CADENCE[plan.plan_frequency] ?? `every ${plan.rebill_days} days`;

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const shipped = loadTemplate(FILE);
	const settings = settingsOf(shipped);
	const routes = JSON.parse(String(settings.routesByCadence)) as Record<
		string,
		{ sequence: string; pipeline: string; stage: string }
	>;
	const defaultRoute = {
		sequence: String(settings.defaultSequence),
		pipeline: String(settings.defaultPipeline),
		stage: String(settings.defaultDealStage),
	};
	const workflow = importedAs(shipped, `template-11-line-${line}`);

	/** The delivery through the template's SamCart Trigger, then the execution it starts (from `entry`). */
	const deliver = async (payload: object, entry?: string) =>
		await runDelivery(env.sim, workflow, payload, line, entry);

	const used = new Set<number>();
	/** A live subscription no other test used, whose product's plan has this frequency. */
	const subscriptionWith = (
		frequency: SubscriptionPlan['plan_frequency'],
		testMode = false,
	): Subscription => {
		const sub = env.sim.data.subscriptions.find(
			(s) =>
				s.test_mode === testMode &&
				!used.has(s.id) &&
				env.sim.data.planByProduct.get(s.product_id)?.plan_frequency === frequency,
		);
		if (!sub) throw new Error(`no ${frequency} subscription in the simulator data`);
		used.add(sub.id);
		return sub;
	};
	const started = (sub: Subscription) =>
		buildWebhookPayload(env.sim.data, 'subscriptionStarted', { recordId: sub.id });

	/** What HubSpot must get for this customer, plan tag, cadence and route. */
	const expectOnboarded = (
		calls: HubSpotCalls,
		customerId: number,
		plan: string,
		cadence: string,
		route: { sequence: string; pipeline: string; stage: string },
	) => {
		const customer = env.sim.data.customer(customerId)!;
		expect(calls.contacts).toEqual([
			{
				email: customer.email,
				properties: {
					firstname: customer.first_name,
					lastname: customer.last_name,
					[String(settings.hubspotPlanProperty)]: plan,
					[String(settings.hubspotCadenceProperty)]: cadence,
					[String(settings.hubspotSequenceProperty)]: route.sequence,
				},
			},
		]);
		expect(calls.deals).toHaveLength(1);
		expect(calls.deals[0].associatedVids).toEqual([8101]);
		expect(calls.deals[0].properties).toMatchObject({ dealstage: route.stage, pipeline: route.pipeline });
		expect(String(calls.deals[0].properties.dealname)).toMatch(new RegExp(` \\(${cadence}\\)$`));
		expect(String(calls.deals[0].properties.description)).toContain(`Onboarding sequence: ${route.sequence}`);
	};

	test.each([
		['monthly', 'monthly', 'SamCart Trigger'],
		['yearly', 'annual', 'SamCart Trigger'],
		['yearly', 'annual', 'From Event Hub'],
	] as const)(
		'Subscription Started of a %s plan: cadence %s, its route, the contact tagged with the plan (entry: %s)',
		async (frequency, cadence, entry) => {
			const sub = subscriptionWith(frequency);
			const plan = env.sim.data.planByProduct.get(sub.product_id)!;
			expect(cadenceOf(plan)).toBe(cadence);
			const calls = mockHubSpot();
			const r = await deliver(started(sub), entry);
			expectOnboarded(calls, sub.customer_id, String(plan.id), cadence, routes[cadence]);
			const description = String(calls.deals[0].properties.description);
			expect(description).toContain(`trial ${plan.trial_period} days`);
			expect(description).toContain(`Stripe plan ${plan.stripe_plan_id ?? 'none'}`);
			expect(r.runData.Route[0]).toMatchObject({ route: cadence });
		},
	);

	test.each([['quarterly'], ['weekly'], ['days']] as const)(
		'a %s plan is not in the table: the default route, tagged with its own cadence',
		async (frequency) => {
			const sub = subscriptionWith(frequency);
			const plan = env.sim.data.planByProduct.get(sub.product_id)!;
			expect(Object.keys(routes)).not.toContain(cadenceOf(plan));
			const calls = mockHubSpot();
			const r = await deliver(started(sub));
			expectOnboarded(calls, sub.customer_id, String(plan.id), cadenceOf(plan), defaultRoute);
			expect(r.runData.Route[0]).toMatchObject({ route: 'default' });
		},
	);

	test('New Order of a one-time product: the one-time route; the order’s subscription product is left to Subscription Started', async () => {
		const order = env.sim.data.orders.find(
			(o: Order) =>
				!o.test_mode &&
				o.cart_items.length > 1 &&
				o.cart_items[0].subscription_id === null &&
				o.cart_items[0].pricing_type === 'one_time' &&
				o.cart_items.some((i) => i.subscription_id !== null),
		)!;
		expect(order).toBeDefined();
		const deliveries = orderDeliveries(env.sim.data, order.id);
		const calls = mockHubSpot();
		await deliver(deliveries[0].payload);
		expectOnboarded(calls, order.customer_id, 'one-time', 'one-time', routes['one-time']);

		const subscriptionItem = order.cart_items.findIndex((i) => i.subscription_id !== null);
		const skipped = await deliver(deliveries[subscriptionItem].payload);
		expect(calls.contacts).toHaveLength(1);
		expect(skipped.runData['Skip: Not Onboarded']).toEqual([
			{
				skipped: true,
				reason: `product ${order.cart_items[subscriptionItem].product_id} is a subscription: it is onboarded when its Subscription Started arrives`,
				email: env.sim.data.customer(order.customer_id)!.email,
				product_id: String(order.cart_items[subscriptionItem].product_id),
			},
		]);
	});

	test('a subscription whose plan cannot be read (404): a clear skip with the reason, nothing in HubSpot, no error', async () => {
		const sub = subscriptionWith('monthly');
		env.sim.addFault({
			method: 'GET',
			path: `/subscriptions/${sub.id}/plan`,
			action: { type: 'status', status: 404 },
		});
		const calls = mockHubSpot();
		const r = await deliver(started(sub));
		expect(calls).toEqual({ contacts: [], deals: [] });
		const [skip] = r.runData['Skip: Plan Unreadable'] as IDataObject[];
		expect(skip).toMatchObject({
			skipped: true,
			email: env.sim.data.customer(sub.customer_id)!.email,
			product_id: String(sub.product_id),
		});
		expect(String(skip.reason)).toMatch(
			new RegExp(
				`^the plan of subscription ${sub.id} could not be read from SamCart: .*(404|not found)`,
				'i',
			),
		);
	});

	test('a test-mode subscription is skipped by default', async () => {
		const sub = subscriptionWith('monthly', true);
		const calls = mockHubSpot();
		const r = await deliver(buildWebhookPayload(env.sim.data, 'subscriptionStarted', { recordId: sub.id }));
		expect(calls.contacts).toEqual([]);
		expect(r.runData['Skip: Not Onboarded']).toEqual([
			expect.objectContaining({ reason: 'a test-mode purchase (includeTestMode is off)' }),
		]);
	});
});
