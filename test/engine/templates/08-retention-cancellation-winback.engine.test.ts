/**
 * Template 08 (retention): cancellation / scheduled cancellation → HubSpot contact + winback task on it, Slack alert,
 * save-offer email; cancellation stopped → the open winback task found and marked completed. Executed by the real
 * n8n engine with the template file as shipped; expectations come from the simulator's subscription records.
 */
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import type { Subscription } from '../../../dev/samcart-simulator/types';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	dollars,
	loadTemplate,
	mockGmail,
	mockSlack,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	withCredentialsSelected,
} from './support';

jest.setTimeout(120_000);

const FILE = '08-retention-cancellation-winback.json';
const AUTH = { reqheaders: { authorization: 'Bearer pat-template-test' } };
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(808);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);
	const run = async (event: string, sub: Subscription) =>
		executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: await triggerItemsFor(sim, template, event, { recordId: sub.id }),
			startNode: 'SamCart Trigger',
		});

	const cases: Array<[string, string, (s: Subscription) => boolean]> = [
		['subscriptionCanceled', 'New Subscription Cancellation', (s) => s.status === 'canceled'],
		[
			'subscriptionCancelScheduled',
			'New Scheduled Subscription Cancellation',
			(s) => Boolean(s.cancel_schedule),
		],
	];

	test.each(cases)(
		'%s: winback task on the contact, sales alerted, save offer emailed',
		async (event, label, which) => {
			const sub = sim.data.subscriptions.find((s) => !s.test_mode && which(s))!;
			expect(sub).toBeDefined();
			const customer = sim.data.customer(sub.customer_id)!;
			const name = `${customer.first_name} ${customer.last_name}`;
			const vid = 7100 + sub.id;
			const contacts: string[] = [];
			let engagement: Record<string, unknown> | undefined;
			nock('https://api.hubapi.com', AUTH)
				.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\//)
				.reply(
					200,
					(uri) => (contacts.push(decodeURIComponent(uri.split('/').pop()!)), { vid, isNew: false }),
				)
				.post('/engagements/v1/engagements')
				.reply(
					200,
					(_uri, body) => (
						(engagement = body as Record<string, unknown>),
						{ engagement: { id: 424242, type: 'TASK' } }
					),
				);
			const slack = mockSlack();
			const mails = mockGmail('success@creator.example');

			const r = await run(event, sub);
			expect(r.error).toBeUndefined();
			expect(r.finished).toBe(true);
			expect(contacts).toEqual([customer.email]);
			const price = dollars(sub.recurring_price.total);
			const schedule = sub.cancel_schedule ? `, cancels on ${sub.cancel_schedule.cancel_date}` : '';
			expect(engagement).toMatchObject({
				engagement: { type: 'TASK' },
				metadata: {
					subject: `SamCart winback: subscription #${sub.id}`,
					status: 'NOT_STARTED',
					body: `${label}: ${name} (${customer.email}), ${sub.product_name} at ${price} per period. Status: ${sub.status}${schedule}. Offer sent: ${settings.saveOfferCoupon}.`,
				},
				associations: { contactIds: [String(vid)] },
			});
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
			expect(r.executed).not.toContain('Find Winback Task');
		},
	);

	test('cancellation stopped: the open winback task of that subscription is found and marked completed', async () => {
		const sub = sim.data.subscriptions.find((s) => !s.test_mode && s.status === 'active')!;
		let search: { filterGroups: Array<{ filters: unknown[] }> } | undefined;
		const patched: Array<{ id: string; body: unknown }> = [];
		nock('https://api.hubapi.com', AUTH)
			.post('/crm/v3/objects/tasks/search')
			.reply(200, (_uri, body) => {
				search = body as typeof search;
				return {
					total: 1,
					results: [
						{
							id: '9001',
							properties: {
								hs_task_subject: `SamCart winback: subscription #${sub.id}`,
								hs_task_status: 'NOT_STARTED',
							},
						},
					],
				};
			})
			.patch(/^\/crm\/v3\/objects\/tasks\/\d+$/)
			.reply(
				200,
				(uri, body) => (patched.push({ id: uri.split('/').pop()!, body }), { id: uri.split('/').pop() }),
			);
		const slack = mockSlack();
		const mails = mockGmail();

		const r = await run('subscriptionCancelScheduleStopped', sub);
		expect(r.error).toBeUndefined();
		expect(search?.filterGroups[0].filters).toEqual([
			{ propertyName: 'hs_task_subject', operator: 'EQ', value: `SamCart winback: subscription #${sub.id}` },
			{ propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' },
		]);
		expect(patched).toEqual([{ id: '9001', body: { properties: { hs_task_status: 'COMPLETED' } } }]);
		expect(slack).toEqual([]);
		expect(mails).toEqual([]);
	});

	test('cancellation stopped with no open winback task: nothing is changed', async () => {
		const sub = sim.data.subscriptions.find((s) => !s.test_mode && s.status === 'active')!;
		const patch = nock('https://api.hubapi.com', AUTH)
			.post('/crm/v3/objects/tasks/search')
			.reply(200, { total: 0, results: [] })
			.patch(/.*/)
			.reply(200, {});
		const r = await run('subscriptionCancelScheduleStopped', sub);
		expect(r.error).toBeUndefined();
		expect(r.executed).toContain('Find Winback Task');
		expect(r.executed).not.toContain('Mark Task Completed');
		expect(patch.pendingMocks()).toEqual([expect.stringContaining('PATCH')]);
	});
});
