/**
 * Template 04 (HR): New Order → the delivered product, if it is a course/membership listed in Settings → Asana
 * onboarding task assigned to that product's instructor → instructor emailed, executed by the real n8n engine with
 * the template file as shipped. SamCart sends one delivery per product: every delivery of an order goes through the
 * real trigger (the simulator's `orderDeliveries`) and starts its own execution, as in production.
 */
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import { orderDeliveries } from '../../../dev/samcart-simulator/deliveries';
import type { Order } from '../../../dev/samcart-simulator/types';
import { availableLines, closeEngines, executeWorkflow, type N8nLine, type WorkflowJson } from '../harness';
import { withSettings } from './common';
import {
	loadTemplate,
	makeSamCartBusy,
	mockGmail,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
	triggerRunsFor,
	withCredentialsSelected,
} from './support';

jest.setTimeout(120_000);

const FILE = '04-hr-course-member-onboarding.json';
let sim: Simulator;

beforeAll(async () => {
	sim = await startTemplateSimulator(404);
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
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

const iso = (samCartTime: string) => `${samCartTime.replace(' ', 'T')}Z`;
const ids = (list: unknown) =>
	String(list)
		.split(',')
		.map((s) => Number(s.trim()));

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const shipped = loadTemplate(FILE);

	/** Every delivery of the order through the trigger, then each execution it started through the workflow. */
	const runOrder = async (template: WorkflowJson, order: Order) => {
		const runs = await triggerRunsFor(
			sim,
			template,
			orderDeliveries(sim.data, order.id).map((d) => d.payload),
		);
		for (const run of runs) {
			expect(run.items).toHaveLength(1);
			const r = await executeWorkflow(withCredentialsSelected(template), {
				line,
				credentials: templateCredentials(sim),
				triggerItems: run.items,
				startNode: 'SamCart Trigger',
			});
			expect(r.error).toBeUndefined();
			expect(r.finished).toBe(true);
		}
	};

	/** The instructor the template's Settings give a product: its entry in the map, else the default. */
	const instructorFor = (template: WorkflowJson, productId: number) => {
		const settings = settingsOf(template);
		const map = JSON.parse(String(settings.instructorsByProduct)) as Record<
			string,
			{ email: string; name: string }
		>;
		return (
			map[String(productId)] ?? {
				email: String(settings.defaultInstructorEmail),
				name: String(settings.defaultInstructorName),
			}
		);
	};

	const studentOf = (order: Order) => {
		const c = sim.data.customer(order.customer_id)!;
		return { name: `${c.first_name} ${c.last_name}`, email: c.email };
	};

	const expectOnboarding = (
		template: WorkflowJson,
		order: Order,
		courses: Order['cart_items'],
		tasks: AsanaTask[],
		mails: ReturnType<typeof mockGmail>,
	) => {
		const settings = settingsOf(template);
		const student = studentOf(order);
		expect(tasks).toHaveLength(courses.length);
		expect(mails).toHaveLength(courses.length);
		courses.forEach((item, i) => {
			const instructor = instructorFor(template, item.product_id);
			expect(tasks[i]).toEqual({
				name: `Onboard ${student.name}: ${item.product_name}`,
				workspace: settings.asanaWorkspaceId,
				assignee: instructor.email,
				due_on: expect.any(String),
				projects: [settings.asanaProjectId],
				notes:
					`New member of ${item.product_name} (SamCart product ${item.product_id}).\nName: ${student.name}\nEmail: ${student.email}\n` +
					`SamCart order: ${order.id} (${iso(order.order_date)})\n\nWelcome them, give them access and check in after their first lesson.`,
			});
			expect(possibleDueDates(Number(settings.onboardingDueDays))).toContain(tasks[i].due_on);
			expect(mails[i].to).toBe(instructor.email);
			expect(mails[i].from).toBe(`${settings.emailSenderName} <onboarding@creator.example>`);
			expect(mails[i].subject).toBe(`New student in ${item.product_name}: ${student.name}`);
			expect(mails[i].text).toContain(`Hi ${instructor.name},`);
			expect(mails[i].text).toContain(
				`${student.name} (${student.email}) just joined ${item.product_name} (SamCart order ${order.id})`,
			);
			expect(mails[i].text).toContain(
				`due ${tasks[i].due_on}: https://app.asana.com/0/0/${1209000000000000 + i + 1}`,
			);
		});
	};

	test('a course with a course bump: 2 deliveries → 2 tasks and 2 emails, each to the product’s mapped instructor', async () => {
		const order = sim.data.orders.find(
			(o) =>
				!o.test_mode &&
				o.cart_items.length === 2 &&
				Object.values(sim.data.orderMeta.get(o.id)!.item_roles).join() === 'primary,bump',
		)!;
		const [course, bump] = order.cart_items;
		const template = withSettings(shipped, {
			courseProductIds: `${course.product_id}, ${bump.product_id}`,
			instructorsByProduct: JSON.stringify({
				[course.product_id]: { email: 'ada@creator.example', name: 'Ada' },
				[bump.product_id]: { email: 'grace@creator.example', name: 'Grace' },
			}),
		});
		const tasks = mockAsana();
		const mails = mockGmail('onboarding@creator.example');
		await runOrder(template, order);
		expectOnboarding(template, order, [course, bump], tasks, mails);
		expect(tasks.map((t) => t.assignee)).toEqual(['ada@creator.example', 'grace@creator.example']);
	});

	test('a listed course and an unlisted product: one task and one email, to the default instructor when unmapped', async () => {
		const courseIds = ids(settingsOf(shipped).courseProductIds);
		const order = sim.data.orders.find(
			(o) =>
				!o.test_mode &&
				o.cart_items.some((i) => courseIds.includes(i.product_id)) &&
				o.cart_items.some((i) => !courseIds.includes(i.product_id)),
		)!;
		expect(order).toBeDefined();
		const courses = order.cart_items.filter((i) => courseIds.includes(i.product_id));
		// the course mapped to nobody, so the default instructor gets it
		const template = withSettings(shipped, { instructorsByProduct: '{}' });
		const tasks = mockAsana();
		const mails = mockGmail('onboarding@creator.example');
		await runOrder(template, order);
		expectOnboarding(template, order, courses, tasks, mails);
		expect(new Set(tasks.map((t) => t.assignee))).toEqual(
			new Set([settingsOf(shipped).defaultInstructorEmail]),
		);
	});

	test('Enrich failing (SamCart busy: 429 on every read): the task is still created from the delivery, marked not enriched', async () => {
		const order = sim.data.orders.find((o) => !o.test_mode && o.cart_items.length > 1)!;
		const [course] = order.cart_items;
		const template = withSettings(shipped, { courseProductIds: String(course.product_id) });
		makeSamCartBusy(sim);
		const items = await triggerItemsFor(sim, template, 'newOrder', { recordId: order.id });
		sim.clearFaults();
		expect(items[0]).toMatchObject({ order: null, customer: null });
		const reasons = items[0].enrichErrors as string[];
		expect(reasons.length).toBeGreaterThan(0);

		const tasks = mockAsana();
		const mails = mockGmail('onboarding@creator.example');
		const r = await executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: items,
			startNode: 'SamCart Trigger',
		});
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		const student = studentOf(order);
		const instructor = instructorFor(template, course.product_id);
		expect(tasks).toHaveLength(1);
		expect(tasks[0]).toMatchObject({
			name: `Onboard ${student.name}: ${course.product_name}`,
			assignee: instructor.email,
		});
		expect(tasks[0].notes).toBe(
			`New member of ${course.product_name} (SamCart product ${course.product_id}).\nName: ${student.name}\nEmail: ${student.email}\n` +
				`SamCart order: ${order.id} (${iso(order.order_date)})\n\nWelcome them, give them access and check in after their first lesson.` +
				`\n\nNot enriched: SamCart could not be asked about this order (${reasons.join('; ')}). These details come from the webhook alone.`,
		);
		expect(mails).toHaveLength(1);
		expect(mails[0].to).toBe(instructor.email);
		expect(mails[0].text).toContain(`${student.name} (${student.email}) just joined ${course.product_name}`);
	});

	test('an order without a listed product: no task, no email', async () => {
		const courseIds = ids(settingsOf(shipped).courseProductIds);
		const order = sim.data.orders.find(
			(o) =>
				!o.test_mode &&
				o.cart_items.length > 1 &&
				o.cart_items.every((i) => !courseIds.includes(i.product_id)),
		)!;
		const tasks = mockAsana();
		const mails = mockGmail();
		await runOrder(shipped, order);
		expect(tasks).toEqual([]);
		expect(mails).toEqual([]);
	});
});
