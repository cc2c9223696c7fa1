/**
 * Template 03 (support): failed-payment recovery. Executed by the real n8n engine with the template file as shipped:
 * - the SamCart Trigger start (Subscription Charge Failed) emails that subscription's latest failure;
 * - the Daily Sweep start emails every failure of the last 24 h, by category, and sends the 7-day follow-up only
 *   for subscriptions that are still not active.
 * The simulator's clock is the real one (the template reads $now); failed charges with known reasons are added to
 * its data at known times, next to whatever the generated data already has in the same windows. Expected emails are
 * computed here from the simulator's records, with the category read from the processor message by a table of our own.
 */
import nock from 'nock';

import type { Simulator } from '../../../dev/samcart-simulator';
import { PROCESSOR_ERRORS } from '../../../dev/samcart-simulator/dataset';
import type { FailedCharge, Subscription } from '../../../dev/samcart-simulator/types';
import { availableLines, closeEngines, executeWorkflow, type N8nLine } from '../harness';
import {
	dollars,
	loadTemplate,
	mockGmail,
	settingsOf,
	startTemplateSimulator,
	stopTemplateSimulator,
	templateCredentials,
	triggerItemsFor,
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

let sim: Simulator;
let webhookSub: Subscription;

const samCartTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** Adds a failed charge to the simulator's data, as SamCart would have recorded it. */
function addFailedCharge(fields: Partial<FailedCharge> & { created: number; error: string }): FailedCharge {
	const ds = sim.data;
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
		...fields,
		created_at: samCartTime(fields.created),
	};
	delete (record as Partial<{ created: number }>).created;
	ds.failedCharges.push(record);
	ds.failedCharges.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
	return record;
}

const onSubscription = (sub: Subscription, created: number, error: string) =>
	addFailedCharge({
		created,
		error,
		order_id: sub.order_id,
		customer_id: sub.customer_id,
		total: sub.recurring_price.total,
	});

beforeAll(async () => {
	sim = await startTemplateSimulator(303);
	const now = Date.now();
	const subs = sim.data.subscriptions.filter((s) => !s.test_mode);
	const withStatus = (status: string, skip = 0) => subs.filter((s) => s.status === status)[skip];
	// the last 24 hours: one failure per processor message, a checkout decline of an unknown buyer, a test charge
	const active = subs.filter((s) => s.status === 'active');
	Object.values(PROCESSOR_ERRORS).forEach((error, i) =>
		onSubscription(active[i], now - (2 + i) * HOUR, error),
	);
	addFailedCharge({ created: now - 3 * HOUR, error: PROCESSOR_ERRORS.declined });
	addFailedCharge({
		...onSubscription(active[6], now - 4 * HOUR, PROCESSOR_ERRORS.expired),
		created: now - 4 * HOUR,
		test_mode: true,
	});
	// the webhook's subscription: an older failure and the latest one, hours apart
	webhookSub = active[7];
	onSubscription(webhookSub, now - 20 * HOUR, PROCESSOR_ERRORS.insufficient);
	onSubscription(webhookSub, now - 1 * HOUR, PROCESSOR_ERRORS.expired);
	// seven days ago: recovered (active, completed) and not recovered (delinquent, canceled), and a checkout decline
	const weekAgo = now - 7 * DAY - 5 * HOUR;
	for (const sub of [
		withStatus('active', 10),
		withStatus('delinquent'),
		withStatus('canceled'),
		withStatus('completed'),
	]) {
		onSubscription(sub, weekAgo, PROCESSOR_ERRORS.insufficient);
	}
	addFailedCharge({
		created: weekAgo,
		error: PROCESSOR_ERRORS.expired,
		customer_id: sim.data.customers[3].id,
	});
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	await stopTemplateSimulator(sim);
	await closeEngines();
});

/** The failed-charge windows the run asked the API for, as [min, max] epoch ms, newest first. */
function windowsAsked(since: number): Array<[number, number]> {
	return sim
		.requests({ path: /\/failed-charges$/ })
		.filter((r) => r.seq > since)
		.map(
			(r) =>
				[Date.parse(String(r.query.created_at_min)), Date.parse(String(r.query.created_at_max))] as [
					number,
					number,
				],
		)
		.sort((a, b) => b[0] - a[0]);
}

const inWindow = (f: FailedCharge, [min, max]: [number, number]) => {
	const at = Date.parse(`${f.created_at.replace(' ', 'T')}Z`);
	return !f.test_mode && at >= min && at <= max;
};

const lastSeq = () => sim.requests().reduce((m, r) => Math.max(m, r.seq), 0);

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	const template = loadTemplate(FILE);
	const settings = settingsOf(template);
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
	/** Every window is measured from one instant (the event's receivedAt, the sweep's timestamp): exact. */
	const about = (actual: number, expected: number) => expect(actual).toBe(expected);
	const toSecond = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000) * 1000;

	test('webhook (Subscription Charge Failed): one email, chosen by that subscription’s latest failure', async () => {
		const mails = mockGmail();
		const since = lastSeq();
		const r = await executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			triggerItems: await triggerItemsFor(sim, template, 'subscriptionChargeFailed', {
				recordId: webhookSub.id,
			}),
			startNode: 'SamCart Trigger',
		});
		expect(r.error).toBeUndefined();
		const [window] = windowsAsked(since);
		expect(window[1]).toBe(toSecond(r.runData['SamCart Trigger'][0].receivedAt));
		expect(Date.now() - window[1]).toBeLessThan(5 * 60_000);
		about(window[1] - window[0], DAY);
		const latest = sim.data.failedCharges
			.filter((f) => f.order_id === webhookSub.order_id && inWindow(f, window))
			.at(-1)!;
		expect(latest.error).toBe(PROCESSOR_ERRORS.expired);
		const customer = sim.data.customer(webhookSub.customer_id)!;
		expect(mails).toHaveLength(1);
		expectMail(mails[0], customer.email, SUBJECT_FOR_ERROR[latest.error]);
		expect(mails[0].text).toContain(`Update your payment details here: ${settings.updateCardUrl}`);
		expect(mails[0].text).toContain(
			`Your payment of ${dollars(latest.total)} USD did not go through because the card on file has expired`,
		);
		expect(r.executed).not.toContain('Failed Charges 7 Days Ago');
		expect(r.executed).not.toContain('Email: Follow-up');
	});

	test('daily sweep: every failure of the last 24 h gets its category’s email; the 7-day follow-up only where not recovered', async () => {
		const mails = mockGmail();
		const since = lastSeq();
		const r = await executeWorkflow(withCredentialsSelected(template), {
			line,
			credentials: templateCredentials(sim),
			startNode: 'Daily Sweep',
		});
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		const [recent, weekAgo] = windowsAsked(since);
		const days = Number(settings.followUpAfterDays);
		const firedAt = toSecond(r.runData['Daily Sweep'][0].timestamp);
		expect(recent[1]).toBe(firedAt);
		expect(Math.abs(Date.now() - firedAt)).toBeLessThan(5 * 60_000);
		about(recent[1] - recent[0], DAY);
		about(recent[0] - weekAgo[0], days * DAY);
		about(weekAgo[1] - weekAgo[0], DAY);

		// recovery emails: every live failure in the window with a known customer, in the API's order
		const recentFailures = sim.data.failedCharges.filter(
			(f) => inWindow(f, recent) && f.customer_id !== null,
		);
		expect(recentFailures.length).toBeGreaterThanOrEqual(Object.keys(PROCESSOR_ERRORS).length + 2);
		const expectedRecovery = recentFailures.map((f) => ({
			to: sim.data.customer(f.customer_id!)!.email,
			subject: SUBJECT_FOR_ERROR[f.error],
		}));
		// follow-ups: failures of exactly `days` days ago whose subscription is still neither active nor completed
		const expectedFollowUps = sim.data.failedCharges
			.filter((f) => inWindow(f, weekAgo) && f.order_id !== null && f.customer_id !== null)
			.flatMap((f) =>
				sim.data.subscriptions
					.filter((s) => s.order_id === f.order_id && s.recurring_price.total === f.total)
					.filter((s) => s.status !== 'active' && s.status !== 'completed')
					.map((s) => ({
						to: sim.data.customer(s.customer_id)!.email,
						subject: `${s.product_name}: your subscription is still on hold`,
						status: s.status,
						total: f.total,
					})),
			);
		expect(expectedFollowUps.map((f) => f.status)).toEqual(
			expect.arrayContaining(['delinquent', 'canceled']),
		);

		const byRecipientAndSubject = (list: Array<{ to: string; subject: string }>) =>
			list.map((m) => `${m.to} | ${m.subject}`).sort();
		const followUpSubjects = new Set(expectedFollowUps.map((f) => f.subject));
		const recoveryMails = mails.filter((m) => !followUpSubjects.has(m.subject));
		const followUpMails = mails.filter((m) => followUpSubjects.has(m.subject));
		expect(byRecipientAndSubject(recoveryMails)).toEqual(byRecipientAndSubject(expectedRecovery));
		expect(byRecipientAndSubject(followUpMails)).toEqual(byRecipientAndSubject(expectedFollowUps));
		for (const mail of mails) expectMail(mail, mail.to, mail.subject);
		for (const f of expectedFollowUps) {
			const mail = followUpMails.find((m) => m.to === f.to && m.subject === f.subject)!;
			expect(mail.text).toContain(`${days} days ago a payment of ${dollars(f.total)} USD`);
			expect(mail.text).toContain(`your subscription is still ${f.status}`);
		}
		// each Switch output went to its own Gmail node
		const sentBy = (node: string) => (r.runData[node] ?? []).length;
		const count = (error: string[]) => recentFailures.filter((f) => error.includes(f.error)).length;
		expect(sentBy('Email: Expired Card')).toBe(count([PROCESSOR_ERRORS.expired]));
		expect(sentBy('Email: Insufficient Funds')).toBe(count([PROCESSOR_ERRORS.insufficient]));
		expect(sentBy('Email: Declined')).toBe(count([PROCESSOR_ERRORS.declined]));
		expect(sentBy('Email: Other Problem')).toBe(count([PROCESSOR_ERRORS.cvc, PROCESSOR_ERRORS.processing]));
	});
});
