/**
 * Template 08 (retention): a voluntary or scheduled cancellation → HubSpot contact + winback task on it, Slack alert,
 * save-offer email, once per cancellation (a scheduled cancellation and the cancellation it turns into are one
 * winback); a delinquent one (SamCart sends Subscription Canceled also after four failed payments) → the
 * payment-recovery email, or nothing, never a winback; cancellation stopped → the open winback task completed.
 * Executed by the real n8n engine with the template file as shipped. The deliveries are the simulator's own
 * (dev/samcart-simulator/deliveries.ts), its REST state moved along with them (applyDelivery), and each goes through
 * the real trigger (Enrich on) before the workflow runs. HubSpot is a small stateful stand-in (tasks are created,
 * searched and completed), so what one execution did is what the next one finds.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import {
	applyDelivery,
	dunningDeliveries,
	scheduledCancellation,
	voluntaryCancellation,
	type ScheduledDelivery,
} from '../../../dev/samcart-simulator/deliveries';
import { buildWebhookPayload } from '../../../dev/samcart-simulator/webhooks';
import type { Subscription } from '../../../dev/samcart-simulator/types';
import { availableLines, closeEngines, executeWorkflow, type N8nLine, type WorkflowJson } from '../harness';
import { money, withSettings } from './common';
import {
	loadTemplate,
	makeSamCartBusy,
	mockGmail,
	mockSlack,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerRunsFor,
	withCredentialsSelected,
	type SentMail,
} from './support';

jest.setTimeout(120_000);

const FILE = '08-retention-cancellation-winback.json';
const AUTH = { reqheaders: { authorization: 'Bearer pat-template-test' } };
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(808);
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

interface Task {
	id: string;
	subject: string;
	status: string;
	body: string;
	contactIds: string[];
}

/**
 * HubSpot as far as the template uses it: contacts created or updated by email (v1), tasks created as engagements
 * (v1), found with the CRM search (v3: EQ / NEQ on subject and status) and completed with a PATCH (v3).
 */
function mockHubSpot() {
	const contacts = new Map<string, number>();
	const tasks: Task[] = [];
	const searches: Array<{ filterGroups: Array<{ filters: unknown[] }> }> = [];
	const property = (t: Task, name: string) =>
		name === 'hs_task_subject' ? t.subject : name === 'hs_task_status' ? t.status : undefined;
	nock('https://api.hubapi.com', AUTH)
		.persist()
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\//)
		.reply(200, (uri) => {
			const email = decodeURIComponent(uri.split('/').pop()!);
			const isNew = !contacts.has(email);
			if (isNew) contacts.set(email, 7100 + contacts.size);
			return { vid: contacts.get(email), isNew };
		})
		.post('/engagements/v1/engagements')
		.reply(200, (_uri, body) => {
			const b = body as {
				metadata: { subject: string; status: string; body: string };
				associations?: { contactIds?: unknown[] };
			};
			const id = String(424242 + tasks.length);
			tasks.push({
				id,
				subject: b.metadata.subject,
				status: b.metadata.status,
				body: b.metadata.body,
				contactIds: (b.associations?.contactIds ?? []).map(String),
			});
			return { engagement: { id: Number(id), type: 'TASK' } };
		})
		.post('/crm/v3/objects/tasks/search')
		.reply(200, (_uri, body) => {
			const search = body as (typeof searches)[number];
			searches.push(search);
			const filters = search.filterGroups[0].filters as Array<{
				propertyName: string;
				operator: 'EQ' | 'NEQ';
				value: string;
			}>;
			const found = tasks.filter((t) =>
				filters.every((f) =>
					f.operator === 'EQ'
						? property(t, f.propertyName) === f.value
						: property(t, f.propertyName) !== f.value,
				),
			);
			return {
				total: found.length,
				results: found.map((t) => ({
					id: t.id,
					properties: { hs_task_subject: t.subject, hs_task_status: t.status },
				})),
			};
		})
		.patch(/^\/crm\/v3\/objects\/tasks\/\d+$/)
		.reply((uri, body) => {
			const task = tasks.find((t) => t.id === uri.split('/').pop());
			if (!task) return [404, { status: 'error', message: 'resource not found' }];
			task.status = (body as { properties: { hs_task_status: string } }).properties.hs_task_status;
			return [200, { id: task.id, properties: { hs_task_status: task.status } }];
		});
	return { contacts, tasks, searches };
}

/** An active live subscription no other test used, with a next rebill (what every delivery helper needs). */
const used = new Set<number>();
function freshSubscription(): Subscription {
	const sub = sim.data.subscriptions.find(
		(s) =>
			!s.test_mode && s.status === 'active' && !s.cancel_schedule && s.next_rebilling_date && !used.has(s.id),
	);
	if (!sub) throw new Error('no unused active subscription left');
	used.add(sub.id);
	return sub;
}

const saveOffers = (mails: SentMail[]) => mails.filter((m) => m.subject.startsWith('Before you go'));

/** The currency the subscription is sold in: its order's cart item's (a subscription record names none). */
const storeCurrency = (sub: Subscription) =>
	sim.data.orders.find((o) => o.id === sub.order_id)!.cart_items.find((item) => item.product_id === sub.product_id)!.currency;

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);
	const run = async (workflow: WorkflowJson, items: IDataObject[]) =>
		executeWorkflow(withCredentialsSelected(workflow), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: items,
			startNode: 'SamCart Trigger',
		});
	/**
	 * SamCart makes the change, then sends the delivery: the trigger (Enrich on) reads the new state. Returns the run
	 * of the workflow, or undefined when the trigger started nothing (an event the template does not listen to).
	 */
	const deliver = async (d: ScheduledDelivery, workflow: WorkflowJson = template) => {
		applyDelivery(sim.data, d);
		const [answer] = await triggerRunsFor(sim, workflow, [d.payload]);
		if (!answer.items.length) return undefined;
		const r = await run(workflow, answer.items);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		return r;
	};

	const expectWinback = (
		hub: ReturnType<typeof mockHubSpot>,
		slack: Array<{ channel: string; text: string }>,
		mails: SentMail[],
		sub: Subscription,
		label: string,
	) => {
		const customer = sim.data.customer(sub.customer_id)!;
		const name = `${customer.first_name} ${customer.last_name}`;
		const price = money(sub.recurring_price.total, storeCurrency(sub));
		const schedule = sub.cancel_schedule ? `, cancels on ${sub.cancel_schedule.cancel_date}` : '';
		expect(hub.tasks).toEqual([
			{
				id: '424242',
				subject: `SamCart winback: subscription #${sub.id}`,
				status: 'NOT_STARTED',
				body: `${label}: ${name} (${customer.email}), ${sub.product_name} at ${price} per period. Status: ${sub.status}${schedule}. Offer sent: ${settings.saveOfferCoupon}.`,
				contactIds: [String(hub.contacts.get(customer.email))],
			},
		]);
		expect(slack).toEqual([
			{
				channel: settings.salesSlackChannel,
				text: `:rotating_light: ${label}: ${name} (${customer.email}) on ${sub.product_name}, ${price} per period (subscription #${sub.id}). Winback task 424242 created in HubSpot.`,
			},
		]);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({
			to: customer.email,
			from: `${settings.emailSenderName} <success@creator.example>`,
			subject: `Before you go: ${settings.saveOfferText} on ${sub.product_name}`,
		});
		expect(mails[0].text).toContain(
			`use code ${settings.saveOfferCoupon} for ${settings.saveOfferText}: ${settings.saveOfferUrl}`,
		);
	};

	test('voluntary cancellation: winback task on the contact, sales alerted, save offer emailed', async () => {
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		const [canceled] = voluntaryCancellation(sim.data, sub.id);
		const r = await deliver(canceled);
		expect(r?.runData['SamCart Trigger'][0].summary).toMatchObject({ cancellation: 'voluntary' });
		expect(sub.status).toBe('canceled');
		expectWinback(hub, slack, mails, sub, 'New Subscription Cancellation');
		expect(r?.executed).not.toContain('Find Winback Task');
	});

	test('scheduled cancellation: winback task, alert and save offer, with the date it cancels on', async () => {
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		await deliver(scheduledCancellation(sim.data, sub.id)[0]);
		expect(sub.cancel_schedule).toBeDefined();
		expectWinback(hub, slack, mails, sub, 'New Scheduled Subscription Cancellation');
	});

	test('a delinquent subscription (four failed payments, then Subscription Canceled) gets no winback: the payment-recovery email', async () => {
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		const customer = sim.data.customer(sub.customer_id)!;
		const cycle = dunningDeliveries(sim.data, sub.id);
		expect(cycle.map((d) => d.eventKey)).toEqual([
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionDelinquent',
			'subscriptionCanceled',
		]);
		const runs = [];
		for (const d of cycle) runs.push(await deliver(d));
		// only Subscription Canceled is one of the template's events
		expect(runs.map((r) => r !== undefined)).toEqual([false, false, false, false, false, true]);
		const r = runs[5]!;
		expect(sub.status).toBe('delinquent');
		expect(r.runData['SamCart Trigger'][0].summary).toMatchObject({ cancellation: 'delinquent' });

		expect(saveOffers(mails)).toEqual([]);
		expect(hub.tasks).toEqual([]);
		expect(slack).toEqual([]);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({
			to: customer.email,
			from: `${settings.emailSenderName} <success@creator.example>`,
			subject: `Your payment for ${sub.product_name} did not go through`,
		});
		expect(mails[0].text).toContain(`Update your payment details to restart it: ${settings.updateCardUrl}`);
		expect(mails[0].text).not.toContain(String(settings.saveOfferCoupon));
	});

	test('delinquentCancellations "ignore": a delinquent cancellation sends nothing at all', async () => {
		const workflow = withSettings(template, { delinquentCancellations: 'ignore' });
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		const cycle = dunningDeliveries(sim.data, sub.id);
		for (const d of cycle.slice(0, -1)) applyDelivery(sim.data, d);
		const r = await deliver(cycle.at(-1)!, workflow);
		expect(r?.runData['SamCart Trigger'][0].summary).toMatchObject({ cancellation: 'delinquent' });
		expect(mails).toEqual([]);
		expect(hub.tasks).toEqual([]);
		expect(hub.searches).toEqual([]);
		expect(slack).toEqual([]);
	});

	test('a scheduled cancellation, then the cancellation itself when the period ends: one winback, not two', async () => {
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		const customer = sim.data.customer(sub.customer_id)!;
		const [scheduled] = scheduledCancellation(sim.data, sub.id);
		await deliver(scheduled);
		const cancelDate = Date.parse(`${sub.cancel_schedule!.cancel_date.replace(' ', 'T')}Z`);
		const second = await deliver(voluntaryCancellation(sim.data, sub.id, { at: cancelDate })[0]);
		expect(sub.status).toBe('canceled');

		expect(hub.tasks.map((t) => [t.subject, t.status])).toEqual([
			[`SamCart winback: subscription #${sub.id}`, 'NOT_STARTED'],
		]);
		expect(saveOffers(mails).map((m) => m.to)).toEqual([customer.email]);
		expect(mails).toHaveLength(1);
		expect(slack).toHaveLength(1);
		expect(slack[0].text).toContain('New Scheduled Subscription Cancellation');
		expect(second?.executed).not.toContain('Create Winback Task');
		expect(second?.executed).not.toContain('Send Save Offer');
	});

	test('cancellation stopped closes the open winback task; a later cancellation is a new winback', async () => {
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		await deliver(scheduledCancellation(sim.data, sub.id)[0]);
		// the customer stays: SamCart removes the schedule and sends Scheduled Subscription Cancellation Stopped
		delete sub.cancel_schedule;
		sim.data.touch();
		const [stopped] = await triggerRunsFor(sim, template, [
			buildWebhookPayload(sim.data, 'subscriptionCancelScheduleStopped', { recordId: sub.id }),
		]);
		const r = await run(template, stopped.items);
		expect(r.error).toBeUndefined();
		expect(hub.searches.at(-1)?.filterGroups[0].filters).toEqual([
			{ propertyName: 'hs_task_subject', operator: 'EQ', value: `SamCart winback: subscription #${sub.id}` },
			{ propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' },
		]);
		expect(hub.tasks.map((t) => t.status)).toEqual(['COMPLETED']);
		expect(saveOffers(mails)).toHaveLength(1);

		await deliver(voluntaryCancellation(sim.data, sub.id)[0]);
		expect(hub.tasks.map((t) => t.status)).toEqual(['COMPLETED', 'NOT_STARTED']);
		expect(saveOffers(mails)).toHaveLength(2);
		expect(slack).toHaveLength(2);
	});

	test('cancellation stopped with no open winback task: nothing is changed', async () => {
		const hub = mockHubSpot();
		const sub = freshSubscription();
		const [stopped] = await triggerRunsFor(sim, template, [
			buildWebhookPayload(sim.data, 'subscriptionCancelScheduleStopped', { recordId: sub.id }),
		]);
		const r = await run(template, stopped.items);
		expect(r.error).toBeUndefined();
		expect(r.executed).toContain('Find Winback Task');
		expect(r.executed).not.toContain('Mark Task Completed');
		expect(hub.tasks).toEqual([]);
	});

	test('SamCart cannot be read when the cancellation arrives (Enrich fails): the winback still goes out, from the delivery’s own fields, marked as not enriched', async () => {
		const hub = mockHubSpot();
		const slack = mockSlack();
		const mails = mockGmail('success@creator.example');
		const sub = freshSubscription();
		const customer = sim.data.customer(sub.customer_id)!;
		const [canceled] = voluntaryCancellation(sim.data, sub.id);
		applyDelivery(sim.data, canceled);
		makeSamCartBusy(sim);
		const [answer] = await triggerRunsFor(sim, template, [canceled.payload]);
		sim.clearFaults();
		expect(answer.items).toHaveLength(1);
		const item = answer.items[0];
		expect(item).toMatchObject({ customer: null, subscription: null });
		expect(item.enrichErrors).toEqual(expect.arrayContaining([expect.any(String)]));

		const r = await run(template, answer.items);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		const name = `${customer.first_name} ${customer.last_name}`;
		// the delivery names no currency, and SamCart could not be asked: the amount stays in cents, never a guessed "$"
		const price = `${sub.recurring_price.total} cents`;
		expect(hub.tasks).toHaveLength(1);
		expect(hub.tasks[0].body).toBe(
			`New Subscription Cancellation: ${name} (${customer.email}), ${sub.product_name} at ${price} per period. Status: canceled. Offer sent: ${settings.saveOfferCoupon}. Not enriched: SamCart could not be read, these details are the webhook's own.`,
		);
		expect(slack).toHaveLength(1);
		expect(saveOffers(mails).map((m) => [m.to, m.subject])).toEqual([
			[customer.email, `Before you go: ${settings.saveOfferText} on ${sub.product_name}`],
		]);
		expect(saveOffers(mails)[0].text).toMatch(new RegExp(`^Hi ${customer.first_name},`));
	});
});
