/**
 * Template 03 (support): failed-payment recovery. Executed by the real n8n engine with the template file as shipped:
 * - one recovery email per subscription per dunning cycle (the failures between two successful charges), whether
 *   the webhook (Subscription Charge Failed), the daily sweep of the last 24 h, or both saw the failure and its
 *   retries; chosen by the category of the newest failure;
 * - the follow-up after `followUpAfterDays` only when no successful charge came since the failure (the status stays
 *   `active` during dunning), once per cycle;
 * - checkout declines (failed charges without an order) only with `includeCheckoutDeclines`;
 * - SamCart unreadable when the webhook arrives: the delivery's own customer fields, marked as not enriched.
 * The failures are the simulator's dunning deliveries (dev/samcart-simulator/deliveries.ts) and failed charges added
 * at known times, each test in its own stretch of time after the generated data, so every window holds only what the
 * test put there. A webhook run is stamped with when SamCart sent the delivery and a sweep with when it fired:
 * nothing depends on the wall clock. n8n's memory of processed items (Remove Duplicates) is the CLI's own
 * deduplication helper over an in-memory table; each test's workflow has its own id, so its own memory.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import { PROCESSOR_ERRORS } from '../../../dev/samcart-simulator/dataset';
import {
	applyDelivery,
	dunningDeliveries,
	type ScheduledDelivery,
} from '../../../dev/samcart-simulator/deliveries';
import { recordRebill } from '../../../dev/samcart-simulator/writes';
import type { FailedCharge, Subscription } from '../../../dev/samcart-simulator/types';
import { availableLines, closeEngines, executeWorkflow, type N8nLine, type WorkflowJson } from '../harness';
import { withSettings } from './common';
import {
	dollars,
	loadTemplate,
	makeSamCartBusy,
	mockGmail,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerRunsFor,
	useProcessedData,
	withCredentialsSelected,
	type SentMail,
} from './support';

jest.setTimeout(120_000);

const FILE = '03-support-failed-payment-recovery.json';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Which recovery email each processor message must get (the template's Switch outputs, by their subjects). */
const SUBJECT_FOR_ERROR: Record<string, string> = {
	[PROCESSOR_ERRORS.expired]: 'Your card has expired: please update it',
	[PROCESSOR_ERRORS.insufficient]: 'Your payment did not go through',
	[PROCESSOR_ERRORS.declined]: 'Your bank declined your payment',
	[PROCESSOR_ERRORS.cvc]: 'We could not process your payment',
	[PROCESSOR_ERRORS.processing]: 'We could not process your payment',
};
const RECOVERY_SUBJECTS = new Set(Object.values(SUBJECT_FOR_ERROR));
const isFollowUp = (m: SentMail) => m.subject.endsWith(': your subscription is still on hold');

let sim: Simulator;
const samCartTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
	sim = await startTemplateSimulator(303);
});
afterEach(() => {
	nock.cleanAll();
	sim.clearFaults();
});
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

/** Each test's own stretch of time, 60 days long, after everything the generated data holds. */
let slots = 0;
const nextSlot = () => Math.ceil(sim.data.now / DAY) * DAY + (60 + 60 * slots++) * DAY + 9 * HOUR;

/** Adds a failed charge to the simulator's data, as SamCart would have recorded it. */
function addFailedCharge(fields: Partial<FailedCharge> & { created: number; error: string }): FailedCharge {
	const ds = sim.data;
	const { created, ...rest } = fields;
	const record: FailedCharge = {
		id: Math.max(...ds.failedCharges.map((f) => f.id)) + 1,
		customer_id: null,
		affiliate_id: null,
		order_id: null,
		subscription_rebill_id: null,
		test_mode: false,
		processor_name: 'Stripe',
		processor_transaction_id: null,
		currency: 'USD',
		card_used: null,
		total: 4900,
		...rest,
		created_at: samCartTime(created),
	};
	ds.failedCharges.push(record);
	ds.failedCharges.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
	ds.touch();
	return record;
}

/** A failed rebill of `sub` at `created` (what SamCart records when a renewal payment fails). */
const failRebill = (sub: Subscription, created: number, error: string, testMode = false) =>
	addFailedCharge({
		created,
		error,
		order_id: sub.order_id,
		customer_id: sub.customer_id,
		total: sub.recurring_price.total,
		test_mode: testMode,
	});

/**
 * A live subscription no other test used, with `status`, that is the only one of its order at its price (so a failed
 * charge names it unambiguously).
 */
const used = new Set<number>();
function freshSubscription(status: Subscription['status'] = 'active'): Subscription {
	const sub = sim.data.subscriptions.find(
		(s) =>
			!s.test_mode &&
			s.status === status &&
			!s.cancel_schedule &&
			(status !== 'active' || s.next_rebilling_date) &&
			!used.has(s.id) &&
			sim.data.subscriptions.filter(
				(o) => o.order_id === s.order_id && o.recurring_price.total === s.recurring_price.total,
			).length === 1,
	);
	if (!sub) throw new Error(`no unused ${status} subscription left`);
	used.add(sub.id);
	return sub;
}

const emailOf = (sub: Subscription) => sim.data.customer(sub.customer_id)!.email;
const lastSeq = () => sim.requests().reduce((m, r) => Math.max(m, r.seq), 0);

/** The failed-charge windows a run asked the API for (each once, whatever its pages), as [min, max] epoch ms, newest first. */
function windowsAsked(since: number): Array<[number, number]> {
	const windows = sim
		.requests({ path: /\/failed-charges$/ })
		.filter((r) => r.seq > since)
		.map(
			(r) => `${Date.parse(String(r.query.created_at_min))} ${Date.parse(String(r.query.created_at_max))}`,
		);
	return [...new Set(windows)]
		.map((w) => w.split(' ').map(Number) as [number, number])
		.sort((a, b) => b[0] - a[0]);
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);
	beforeAll(async () => {
		await useProcessedData(line);
	});

	/** The template as imported, its credentials picked, with its own id (so its own memory of processed items). */
	const workflowFor = (
		name: string,
		values: Record<string, string | number | boolean> = {},
	): WorkflowJson => ({
		...withCredentialsSelected(Object.keys(values).length ? withSettings(template, values) : template),
		id: `template-03-${name}-line-${line}`,
	});

	/** A webhook run: the trigger's items for the delivery, stamped with when SamCart sent it. */
	const runWebhook = async (workflow: WorkflowJson, items: IDataObject[], sentAt: number) => {
		const r = await executeWorkflow(workflow, {
			line,
			credentials: templateCredentials(sim),
			triggerItems: items.map((item) => ({ ...item, receivedAt: iso(sentAt) })),
			startNode: 'SamCart Trigger',
		});
		expect(r.error).toBeUndefined();
		return r;
	};

	/** SamCart records the failure, then sends Subscription Charge Failed; the trigger (Enrich on) starts the run. */
	const deliver = async (workflow: WorkflowJson, d: ScheduledDelivery) => {
		applyDelivery(sim.data, d);
		const [answer] = await triggerRunsFor(sim, workflow, [d.payload]);
		expect(answer.items).toHaveLength(1);
		return await runWebhook(workflow, answer.items, d.at + 5_000);
	};

	/** The Daily Sweep firing at `at`. */
	const sweep = async (workflow: WorkflowJson, at: number) => {
		const r = await executeWorkflow(workflow, {
			line,
			credentials: templateCredentials(sim),
			startNode: 'Daily Sweep',
			pinData: { 'Daily Sweep': [{ timestamp: iso(at) }] },
		});
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		return r;
	};

	const expectMail = (mail: SentMail, to: string, subject: string) => {
		expect(mail).toMatchObject({
			to,
			subject,
			from: `${settings.emailSenderName} <billing@creator.example>`,
			replyTo: settings.replyTo,
		});
		expect(mail.text).toContain(String(settings.updateCardUrl));
		expect(mail.text).toContain(`Questions? Write to ${settings.supportEmail}.`);
	};

	test('one failed payment and two retries, each seen by the webhook and by the next morning’s sweep: one recovery email', async () => {
		const workflow = workflowFor('one-per-cycle');
		const mails = mockGmail();
		const sub = freshSubscription();
		const cycle = dunningDeliveries(sim.data, sub.id, { recoversAfter: 3, at: nextSlot() });
		expect(cycle.map((d) => d.eventKey)).toEqual([
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionChargeFailed',
			'subscriptionRecovered',
		]);
		for (const failure of cycle.slice(0, 3)) {
			await deliver(workflow, failure);
			await sweep(workflow, failure.at + 20 * HOUR);
		}
		expect(sub.total_failed_charges).toBeGreaterThanOrEqual(3);
		expect(mails.map((m) => [m.to, m.subject])).toEqual([
			[emailOf(sub), SUBJECT_FOR_ERROR[PROCESSOR_ERRORS.insufficient]],
		]);
		expectMail(mails[0], emailOf(sub), SUBJECT_FOR_ERROR[PROCESSOR_ERRORS.insufficient]);
		expect(mails[0].text).toContain(
			`Your payment of ${dollars(sub.recurring_price.total)} USD was refused for insufficient funds`,
		);
		// what n8n remembers for this workflow: one key, the cycle's recovery email
		const memory = await useProcessedData(line);
		expect(memory.get(`${workflow.id}|`)?.value).toEqual({ mode: 'entries', data: [expect.any(String)] });

		// the retry succeeds: the cycle is over; the next failure of this subscription starts a new one
		applyDelivery(sim.data, cycle[3]);
		await sweep(workflow, cycle[3].at + 20 * HOUR);
		expect(mails).toHaveLength(1);
		const [next] = dunningDeliveries(sim.data, sub.id, { at: cycle[3].at + 20 * DAY });
		await deliver(workflow, next);
		expect(mails.map((m) => m.to)).toEqual([emailOf(sub), emailOf(sub)]);
		expect(memory.get(`${workflow.id}|`)?.value.data).toHaveLength(2);
	});

	test('the follow-up goes out only when no successful charge came since the failure (the status stays active during dunning), once per cycle', async () => {
		const workflow = workflowFor('follow-up', { followUpAfterDays: 4 });
		const mails = mockGmail();
		const start = nextSlot();
		const unpaid = freshSubscription();
		const recovered = freshSubscription();
		const unpaidCycle = dunningDeliveries(sim.data, unpaid.id, { at: start });
		const recoveredCycle = dunningDeliveries(sim.data, recovered.id, { recoversAfter: 1, at: start + HOUR });
		// what has happened 4 days and 2 hours after the first failures: two failures of one, a recovery of the other
		for (const d of [...unpaidCycle.slice(0, 2), ...recoveredCycle]) applyDelivery(sim.data, d);
		expect(recoveredCycle.map((d) => d.eventKey)).toEqual([
			'subscriptionChargeFailed',
			'subscriptionRecovered',
		]);
		expect([unpaid.status, recovered.status]).toEqual(['active', 'active']);

		const firedAt = start + 4 * DAY + 2 * HOUR;
		const since = lastSeq();
		await sweep(workflow, firedAt);
		const [recent, followUpWindow] = windowsAsked(since);
		expect(recent).toEqual([Math.floor(firedAt / 1000) * 1000 - DAY, Math.floor(firedAt / 1000) * 1000]);
		expect(followUpWindow).toEqual([recent[0] - 4 * DAY, recent[1] - 4 * DAY]);

		const product = unpaid.product_name;
		expect(mails.map((m) => [m.to, m.subject])).toEqual([
			[emailOf(unpaid), `${product}: your subscription is still on hold`],
		]);
		expectMail(mails[0], emailOf(unpaid), `${product}: your subscription is still on hold`);
		expect(mails[0].text).toContain(
			`4 days ago a payment of ${dollars(unpaid.recurring_price.total)} USD for ${product} failed, and no payment has gone through since.`,
		);

		// three days later the retry of the same cycle is 4 days old: no second follow-up
		applyDelivery(sim.data, unpaidCycle[2]);
		await sweep(workflow, start + 7 * DAY + 2 * HOUR);
		expect(mails.filter(isFollowUp)).toHaveLength(1);
	});

	test('webhook (Subscription Charge Failed): one email, chosen by that subscription’s latest failure', async () => {
		const workflow = workflowFor('webhook');
		const mails = mockGmail();
		const sub = freshSubscription();
		const sentAt = nextSlot();
		failRebill(sub, sentAt - 20 * HOUR, PROCESSOR_ERRORS.insufficient);
		const latest = failRebill(sub, sentAt - HOUR, PROCESSOR_ERRORS.expired);
		const [answer] = await triggerRunsFor(sim, workflow, [
			dunningDeliveries(sim.data, sub.id, { at: sentAt })[0].payload,
		]);
		const since = lastSeq();
		const r = await runWebhook(workflow, answer.items, sentAt);
		const [window] = windowsAsked(since);
		expect(window).toEqual([sentAt - DAY, sentAt]);
		expect(mails).toHaveLength(1);
		expectMail(mails[0], emailOf(sub), SUBJECT_FOR_ERROR[PROCESSOR_ERRORS.expired]);
		expect(mails[0].text).toContain(`Update your payment details here: ${settings.updateCardUrl}`);
		expect(mails[0].text).toContain(
			`Your payment of ${dollars(latest.total)} USD did not go through because the card on file has expired`,
		);
		expect(r.runData['Webhook Failure'][0]).toMatchObject({ enriched: true, email: emailOf(sub) });
		expect(r.executed).not.toContain('Failed Charges 7 Days Ago');
		expect(r.executed).not.toContain('Email: Follow-up');
	});

	test('daily sweep: one email per subscription by its newest failure’s category; checkout declines, test charges, recovered and canceled subscriptions left out; follow-ups where no payment came since', async () => {
		const mails = mockGmail();
		const firedAt = nextSlot();
		const errors = Object.values(PROCESSOR_ERRORS);
		// the last 24 hours
		const oneEach = errors.map((error, i) => ({
			sub: freshSubscription(),
			error,
			at: firedAt - (2 + i) * HOUR,
		}));
		for (const f of oneEach) failRebill(f.sub, f.at, f.error);
		const twice = freshSubscription();
		failRebill(twice, firedAt - 20 * HOUR, PROCESSOR_ERRORS.insufficient);
		failRebill(twice, firedAt - HOUR, PROCESSOR_ERRORS.expired);
		const paidSince = freshSubscription();
		failRebill(paidSince, firedAt - 10 * HOUR, PROCESSOR_ERRORS.declined);
		recordRebill(sim.data, paidSince, firedAt - 5 * HOUR);
		const canceled = freshSubscription('canceled');
		failRebill(canceled, firedAt - 6 * HOUR, PROCESSOR_ERRORS.declined);
		const testCharge = freshSubscription();
		failRebill(testCharge, firedAt - 4 * HOUR, PROCESSOR_ERRORS.expired, true);
		const knownBuyer = sim.data.customers[3];
		addFailedCharge({ created: firedAt - 3 * HOUR, error: PROCESSOR_ERRORS.declined });
		addFailedCharge({
			created: firedAt - 3 * HOUR,
			error: PROCESSOR_ERRORS.expired,
			customer_id: knownBuyer.id,
		});
		// followUpAfterDays (7) days ago: unpaid (active), unpaid (delinquent), paid since, canceled, a checkout decline
		const weekAgo = firedAt - 7 * DAY - 5 * HOUR;
		const unpaidActive = freshSubscription();
		const unpaidDelinquent = freshSubscription('delinquent');
		const paidAfter = freshSubscription();
		const canceledAfter = freshSubscription('canceled');
		for (const sub of [unpaidActive, unpaidDelinquent, paidAfter, canceledAfter])
			failRebill(sub, weekAgo, PROCESSOR_ERRORS.insufficient);
		recordRebill(sim.data, paidAfter, weekAgo + 3 * DAY);
		addFailedCharge({ created: weekAgo, error: PROCESSOR_ERRORS.expired, customer_id: knownBuyer.id });

		const since = lastSeq();
		const r = await sweep(workflowFor('sweep'), firedAt);
		const [recent, weekWindow] = windowsAsked(since);
		const fired = Math.floor(firedAt / 1000) * 1000;
		expect(recent).toEqual([fired - DAY, fired]);
		expect(weekWindow).toEqual([fired - 8 * DAY, fired - 7 * DAY]);

		const rows = (list: SentMail[]) => list.map((m) => `${m.to} | ${m.subject}`).sort();
		const expectedRecovery = [
			...oneEach.map((f) => ({ to: emailOf(f.sub), subject: SUBJECT_FOR_ERROR[f.error] })),
			{ to: emailOf(twice), subject: SUBJECT_FOR_ERROR[PROCESSOR_ERRORS.expired] },
		];
		const expectedFollowUps = [unpaidActive, unpaidDelinquent].map((sub) => ({
			to: emailOf(sub),
			subject: `${sub.product_name}: your subscription is still on hold`,
		}));
		expect(rows(mails.filter((m) => RECOVERY_SUBJECTS.has(m.subject)))).toEqual(
			rows(expectedRecovery as SentMail[]),
		);
		expect(rows(mails.filter(isFollowUp))).toEqual(rows(expectedFollowUps as SentMail[]));
		expect(mails).toHaveLength(expectedRecovery.length + expectedFollowUps.length);
		for (const mail of mails) expectMail(mail, mail.to, mail.subject);
		for (const sub of [unpaidActive, unpaidDelinquent]) {
			const mail = mails.find((m) => m.to === emailOf(sub) && isFollowUp(m))!;
			expect(mail.text).toContain(
				`${settings.followUpAfterDays} days ago a payment of ${dollars(sub.recurring_price.total)} USD for ${sub.product_name} failed, and no payment has gone through since.`,
			);
		}
		// each category went to its own Gmail node
		const sentBy = (node: string) => (r.runData[node] ?? []).length;
		const count = (errorsOf: string[]) =>
			oneEach.filter((f) => errorsOf.includes(f.error)).length +
			(errorsOf.includes(PROCESSOR_ERRORS.expired) ? 1 : 0);
		expect(sentBy('Email: Expired Card')).toBe(count([PROCESSOR_ERRORS.expired]));
		expect(sentBy('Email: Insufficient Funds')).toBe(count([PROCESSOR_ERRORS.insufficient]));
		expect(sentBy('Email: Declined')).toBe(count([PROCESSOR_ERRORS.declined]));
		expect(sentBy('Email: Other Problem')).toBe(count([PROCESSOR_ERRORS.cvc, PROCESSOR_ERRORS.processing]));

		// includeCheckoutDeclines: the known buyer's declined checkout gets its email too (the unknown one cannot)
		nock.cleanAll();
		const withDeclines = mockGmail();
		await sweep(workflowFor('sweep-with-declines', { includeCheckoutDeclines: true }), firedAt);
		const declines = withDeclines.filter((m) => m.to === knownBuyer.email);
		expect(declines.map((m) => m.subject)).toEqual([SUBJECT_FOR_ERROR[PROCESSOR_ERRORS.expired]]);
		expect(withDeclines).toHaveLength(mails.length + 1);
	});

	test('SamCart cannot be read when the webhook arrives, nor the customer later: the email goes to the delivery’s own address, marked as not enriched', async () => {
		const workflow = workflowFor('not-enriched');
		const mails = mockGmail();
		const sub = freshSubscription();
		const [failure] = dunningDeliveries(sim.data, sub.id, {
			at: nextSlot(),
			error: PROCESSOR_ERRORS.declined,
		});
		applyDelivery(sim.data, failure);
		makeSamCartBusy(sim);
		const [answer] = await triggerRunsFor(sim, workflow, [failure.payload]);
		sim.clearFaults();
		expect(answer.items).toHaveLength(1);
		expect(answer.items[0]).toMatchObject({ customer: null, subscription: null });
		sim.addFault({ method: 'GET', path: '/customers/*', action: { type: 'status', status: 404 } });

		const r = await runWebhook(workflow, answer.items, failure.at + 5_000);
		expect(r.finished).toBe(true);
		const payloadCustomer = (failure.payload as { customer: { email: string; first_name: string } }).customer;
		expect(payloadCustomer.email).toBe(emailOf(sub));
		expect(mails.map((m) => [m.to, m.subject])).toEqual([
			[payloadCustomer.email, SUBJECT_FOR_ERROR[PROCESSOR_ERRORS.declined]],
		]);
		expect(mails[0].text).toMatch(new RegExp(`^Hi ${payloadCustomer.first_name},`));
		expect(r.runData['Webhook Failure'][0]).toMatchObject({ enriched: false, email: payloadCustomer.email });
		expect(String(r.runData['Webhook Failure'][0].enrich_errors)).not.toBe('');
	});
});
