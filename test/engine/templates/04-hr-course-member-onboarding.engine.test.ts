/**
 * Template 04 (HR): New Order → only the course/membership products listed in Settings → Asana onboarding task
 * assigned to the instructor → instructor emailed, executed by the real n8n engine with the template file as shipped.
 */
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	loadTemplate,
	mockGmail,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	withCredentialsSelected,
} from './support';

jest.setTimeout(120_000);

const FILE = '04-hr-course-member-onboarding.json';
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(404);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

interface AsanaTask {
	name: string;
	workspace: string;
	assignee: string;
	due_on: string;
	notes: string;
	projects: string[];
}

function mockAsana() {
	const created: AsanaTask[] = [];
	nock('https://app.asana.com', { reqheaders: { authorization: 'Bearer asana-template-test' } })
		.persist()
		.post('/api/1.0/tasks')
		.reply(201, (_uri, body) => {
			const task = (body as { data: AsanaTask }).data;
			created.push(task);
			const gid = String(1209000000000000 + created.length);
			return {
				data: {
					gid,
					name: task.name,
					due_on: task.due_on,
					permalink_url: `https://app.asana.com/0/0/${gid}`,
				},
			};
		});
	return created;
}

/** The dates "today + n days" can be in any zone the instance may run in (the template reads $now). */
function possibleDueDates(days: number): string[] {
	const out = new Set<string>();
	for (const offsetHours of [-12, 0, 14]) {
		const d = new Date(Date.now() + offsetHours * 3_600_000 + days * 86_400_000);
		out.add(d.toISOString().slice(0, 10));
	}
	return [...out];
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);
	const courseIds = String(settings.courseProductIds)
		.split(',')
		.map((s) => Number(s.trim()));

	const run = async (orderId: number) =>
		executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: await triggerItemsFor(sim, template, 'newOrder', { recordId: orderId }),
			startNode: 'SamCart Trigger',
		});

	test('an order with a listed course product: one Asana task for the instructor, one email to the instructor', async () => {
		// an order mixing a listed product with an unlisted one, so the filter really chooses
		const order = sim.data.orders.find(
			(o) =>
				!o.test_mode &&
				o.cart_items.some((i) => courseIds.includes(i.product_id)) &&
				o.cart_items.some((i) => !courseIds.includes(i.product_id)),
		)!;
		expect(order).toBeDefined();
		const customer = sim.data.customer(order.customer_id)!;
		const name = `${customer.first_name} ${customer.last_name}`;
		const courses = order.cart_items.filter((i) => courseIds.includes(i.product_id));
		const tasks = mockAsana();
		const mails = mockGmail('onboarding@creator.example');

		const r = await run(order.id);
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(tasks).toHaveLength(courses.length);
		tasks.forEach((task, i) => {
			const item = courses[i];
			expect(task).toEqual({
				name: `Onboard ${name}: ${item.product_name}`,
				workspace: settings.asanaWorkspaceId,
				assignee: settings.instructorEmail,
				due_on: expect.any(String),
				projects: [settings.asanaProjectId],
				notes:
					`New member of ${item.product_name} (SamCart product ${item.product_id}).\nName: ${name}\nEmail: ${customer.email}\n` +
					`SamCart order: ${order.id} (${order.order_date.replace(' ', 'T')}Z)\n\nWelcome them, give them access and check in after their first lesson.`,
			});
			expect(possibleDueDates(Number(settings.onboardingDueDays))).toContain(task.due_on);
		});
		expect(mails).toHaveLength(courses.length);
		mails.forEach((mail, i) => {
			expect(mail.to).toBe(settings.instructorEmail);
			expect(mail.from).toBe(`${settings.emailSenderName} <onboarding@creator.example>`);
			expect(mail.subject).toBe(`New student in ${courses[i].product_name}: ${name}`);
			expect(mail.text).toContain(
				`${name} (${customer.email}) just joined ${courses[i].product_name} (SamCart order ${order.id})`,
			);
			expect(mail.text).toContain(
				`due ${tasks[i].due_on}: https://app.asana.com/0/0/${1209000000000000 + i + 1}`,
			);
		});
	});

	test('an order without a listed product: no task, no email', async () => {
		const order = sim.data.orders.find(
			(o) => !o.test_mode && o.cart_items.every((i) => !courseIds.includes(i.product_id)),
		)!;
		const tasks = mockAsana();
		const mails = mockGmail();
		const r = await run(order.id);
		expect(r.error).toBeUndefined();
		expect(r.runData['One Item per Product']).toHaveLength(order.cart_items.length);
		expect(r.runData['Course or Membership?'] ?? []).toEqual([]);
		expect(tasks).toEqual([]);
		expect(mails).toEqual([]);
	});
});
