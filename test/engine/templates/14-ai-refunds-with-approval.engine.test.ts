/**
 * Template 14 (AI: refunds with approval) run by the real n8n 2.x engine as it ships: Chat Trigger → AI Agent v3 with
 * two read-only SamCart tools and two refund tools behind *Approve in Slack* (`n8n-nodes-base.slackHitlTool`, n8n's
 * human review for tools, built by the CLI's own `convertNodeToHitlTool`). The chat model is scripted (nock answers
 * OpenAI's Chat Completions API from the tools' results); Slack is intercepted. n8n 1.x has no human review for
 * tools, so this template and its test are for line 2 only.
 *
 * What is proved: the agent finds the customer and the charge through the read tools, asks for the refund, and the
 * execution then WAITS with the approval request in Slack (charge and amount, Refund / Do not refund buttons on the
 * execution's waiting webhook) while SamCart has received no write. Resuming a waiting execution (the click) is n8n's
 * own waiting-webhook machinery, which the in-process harness does not run.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { availableLines, executeWorkflow } from '../harness';
import { readTemplate, SLACK_TOKEN } from './common';
import { scriptedModel, useStore } from './scriptedModel';

jest.setTimeout(120_000);

const FILE = '14-ai-refunds-with-approval.json';
const store = useStore();

/** Slack's chat.postMessage, intercepted: every message body lands in the returned list. */
function mockSlackApprovals(): Array<{ channel: string; blocks: IDataObject[] }> {
	const posted: Array<{ channel: string; blocks: IDataObject[] }> = [];
	nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK_TOKEN}` } })
		.persist()
		.post('/api/chat.postMessage')
		.reply(200, (_uri, body) => {
			posted.push(body as { channel: string; blocks: IDataObject[] });
			return { ok: true, channel: 'C0APPROVALS', ts: '1780000000.000100', message: {} };
		});
	return posted;
}

async function chat(question: string) {
	return await executeWorkflow(readTemplate(FILE), {
		line: '2',
		startNode: 'When Chat Message Received', // the Slack review node also has a webhook (its approval link)
		triggerItems: [{ sessionId: 'engine-refunds', action: 'sendMessage', chatInput: question }],
		credentials: {
			samCartApi: { apiKey: store().apiKey, baseUrl: store().baseUrl },
			openAiApi: { apiKey: 'sk-scripted', url: 'https://api.openai.com/v1' },
			slackApi: { accessToken: SLACK_TOKEN },
		},
	});
}

/** The approval message's text and its buttons (label → the waiting webhook URL it opens). */
function approvalOf(message: { blocks: IDataObject[] }) {
	const text = message.blocks
		.map((b) => (b.text as { text?: string } | undefined)?.text ?? '')
		.join('\n')
		.trim();
	const buttons = message.blocks
		.filter((b) => b.type === 'actions')
		.flatMap((b) => b.elements as Array<{ text: { text: string }; url: string }>)
		.map((e) => [e.text.text, e.url]);
	return { text, buttons: Object.fromEntries(buttons) as Record<string, string> };
}

const describeLine2 = availableLines().includes('2') ? describe : describe.skip;

describeLine2('n8n line 2 (human review for tools exists only in 2.x)', () => {
	// a customer with an email and a few live charges, some not yet refunded; the newest of those is the one to refund
	const target = () => {
		const live = store().data.charges.filter((c) => !c.test_mode);
		const customer = store().data.customers.find((c) => {
			const own = live.filter((x) => x.customer_id === c.id);
			return c.email && own.length > 1 && own.length < 20 && own.some((x) => !x.charge_refund_status);
		})!;
		const open = live.filter((c) => c.customer_id === customer.id && !c.charge_refund_status);
		const charge = open.reduce((a, b) => (b.created_at > a.created_at ? b : a));
		return { customer, charge };
	};

	test('customer → charges → Refund Charge: the run waits for a Slack approval naming the charge; SamCart gets no write', async () => {
		const { customer, charge } = target();
		const slack = mockSlackApprovals();
		const model = scriptedModel([
			() => ({ call: 'Customers', args: { email: customer.email, limit: 5 } }),
			(customers) => ({
				call: 'Customer_Charges',
				args: { customerId: (JSON.parse(customers) as Array<{ id: number }>)[0].id, limit: 100 },
			}),
			(charges) => {
				const open = (
					JSON.parse(charges) as Array<{ id: number; created_at: string; refund_status: unknown }>
				).filter((c) => !c.refund_status);
				const newest = open.reduce((x, y) => (y.created_at > x.created_at ? y : x));
				return {
					call: 'Refund_Charge',
					args: { toolParameters: { chargeId: newest.id }, hitlParameters: {} },
				};
			},
		]);
		store().clearRequests();
		const r = await chat(`Refund the last payment of ${customer.email}`);
		expect(r.error).toBeUndefined();
		expect(r.status).toBe('waiting');

		// the model saw the refund tools as gated ones: the tool's own input inside `toolParameters`
		const offered = Object.fromEntries((model[0].tools ?? []).map((t) => [t.function.name, t.function]));
		expect(Object.keys(offered).sort()).toEqual([
			'Customer_Charges',
			'Customers',
			'Refund_Charge',
			'Refund_Part_of_a_Charge',
		]);
		expect(Object.keys(offered.Refund_Charge.parameters.properties as IDataObject)).toEqual([
			'toolParameters',
			'hitlParameters',
		]);

		// reads only: the customer by email, then that customer's charges
		expect(
			store()
				.requests()
				.map((q) => `${q.method} ${q.path}`),
		).toEqual(['GET /v1/customers', `GET /v1/customers/${customer.id}/charges`]);
		expect(r.run.data.resultData.runData['Refund Charge']).toBeUndefined();

		// one approval request in the Slack channel, naming the charge, with both buttons on the waiting webhook
		expect(slack).toHaveLength(1);
		expect(slack[0].channel).toBe('#refund-approvals');
		const approval = approvalOf(slack[0]);
		expect(approval.text).toBe(
			`The store assistant asks to run *Refund_Charge* with \`{"chargeId":${charge.id}}\`.\nCheck the charge and the amount in SamCart before you approve: an approved refund is sent at once.`,
		);
		expect(Object.keys(approval.buttons).sort()).toEqual(['Do not refund', 'Refund']);
		expect(approval.buttons.Refund).toMatch(/^http:\/\/localhost:5678\/webhook-waiting\/.+approved=true/);
		expect(approval.buttons['Do not refund']).toMatch(/approved=false/);
	});

	test('a partial refund waits behind the same review, with its amount in the message', async () => {
		const { charge } = target();
		const slack = mockSlackApprovals();
		scriptedModel([
			() => ({
				call: 'Refund_Part_of_a_Charge',
				args: { toolParameters: { chargeId: charge.id, amount: 5.5 }, hitlParameters: {} },
			}),
		]);
		store().clearRequests();
		const r = await chat(`Refund 5.50 of charge ${charge.id}`);
		expect(r.status).toBe('waiting');
		expect(store().requests()).toHaveLength(0);
		expect(approvalOf(slack[0]).text).toContain(
			`*Refund_Part_of_a_Charge* with \`{"chargeId":${charge.id},"amount":5.5}\``,
		);
	});
});
