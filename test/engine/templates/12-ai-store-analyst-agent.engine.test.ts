/**
 * Template 12 (AI: store analyst agent) run by the real n8n engine as it ships: Chat Trigger → AI Agent v3 with the
 * OpenAI Chat Model and six SamCart tools (`n8n-nodes-samcart.samCartTool`, built by the CLI's own tool conversion,
 * see engine.ts). The chat model is scripted: nock answers OpenAI's Chat Completions API, first with a tool call,
 * then with a final answer written from what the tool returned. SamCart is the simulator; every figure the tests
 * expect is computed here from `store().data`, not from what the tool returned.
 */
import type { IDataObject } from 'n8n-workflow';
import { availableLines, executeWorkflow, type N8nLine } from '../harness';
import { TOOL_DESCRIPTIONS } from '../../../nodes/SamCart/actions/toolDescriptions';
import { readTemplate, samCartMs } from './common';
import { scriptedModel, useStore } from './scriptedModel';

jest.setTimeout(120_000);

const FILE = '12-ai-store-analyst-agent.json';
/** The store's reference date (useStore): the tests below that move it put it back. */
const STORE_NOW = '2026-06-10T00:00:00Z';
const TOOLS = ['Orders', 'Charges', 'Refunds', 'Failed_Charges', 'Subscriptions', 'Customers'];
const store = useStore();

async function ask(line: N8nLine, question: string, workflow = readTemplate(FILE)) {
	return await executeWorkflow(workflow, {
		line,
		triggerItems: [{ sessionId: `engine-${line}`, action: 'sendMessage', chatInput: question }],
		credentials: {
			samCartApi: { apiKey: store().apiKey, baseUrl: store().baseUrl },
			openAiApi: { apiKey: 'sk-scripted', url: 'https://api.openai.com/v1' },
		},
	});
}

/** What the agent answered in the chat. */
const answerOf = (r: Awaited<ReturnType<typeof ask>>) => String(r.runData['Store Analyst']?.[0]?.output);

/** The tool node's own run: what the agent handed it (the model's arguments) and what it returned. */
function toolRun(r: Awaited<ReturnType<typeof ask>>, node: string) {
	const task = r.run.data.resultData.runData[node]?.[0];
	if (!task) throw new Error(`${node} did not run`);
	return {
		input: task.inputOverride?.ai_tool?.[0]?.[0]?.json,
		output: (task.data?.ai_tool?.[0] ?? []).map((i) => i.json),
		status: task.executionStatus,
		error: task.error?.message,
	};
}

/** Sums integer cents per currency ("USD 12345, EUR 500"): the same words the scripted model and the test use. */
function centsByCurrency(records: Array<{ currency: unknown; cents: number }>): string {
	const sums = new Map<string, number>();
	for (const r of records) sums.set(String(r.currency), (sums.get(String(r.currency)) ?? 0) + r.cents);
	return [...sums].map(([currency, cents]) => `${currency} ${cents} cents`).join(', ');
}

/** SamCart's query string as the simulator logged it, for the one list request of a run. */
function onlyRequest(path: string) {
	const calls = store().requests();
	expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${path}`]);
	return calls[0].query;
}

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	beforeEach(() => store().clearRequests());

	test('"how much did we charge June 1–7?": Charges with the model’s dates, and the answer quotes the week’s cents', async () => {
		const model = scriptedModel([
			() => ({
				call: 'Charges',
				args: { createdAfter: '2026-06-01', createdBefore: '2026-06-07', limit: 100 },
			}),
			(result) => {
				const charges = JSON.parse(result) as Array<{ currency: string; total_cents: number }>;
				const total = centsByCurrency(charges.map((c) => ({ currency: c.currency, cents: c.total_cents })));
				return `From 2026-06-01 to 2026-06-07 we charged ${charges.length} payments: ${total}.`;
			},
		]);
		const r = await ask(line, 'How much did we charge from June 1 to June 7, 2026?');
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);

		// the model was offered the six read-only tools, each described with what it returns and its filters
		const offered = model[0].tools ?? [];
		expect(offered.map((t) => t.function.name).sort()).toEqual([...TOOLS].sort());
		for (const t of offered) {
			expect(t.function.description).toMatch(/^List .*Returns per .*(Filters: .*limit|only limit)/s);
			expect(Object.keys(t.function.parameters.properties as IDataObject)).toContain('limit');
		}

		// the right operation with the model's filters, live records only, one request
		expect(toolRun(r, 'Charges').input).toMatchObject({
			createdAfter: '2026-06-01',
			createdBefore: '2026-06-07',
			limit: 100,
		});
		expect(onlyRequest('/v1/charges')).toEqual({
			created_at_min: '2026-06-01',
			created_at_max: '2026-06-07',
			test_mode: 'false',
			limit: '100',
		});

		// the figure, computed independently from the simulator's data: live charges of [Jun 1 00:00, Jun 7 23:59:59]
		const week = store().data.charges.filter(
			(c) =>
				!c.test_mode &&
				samCartMs(c.created_at) >= Date.parse('2026-06-01T00:00:00Z') &&
				samCartMs(c.created_at) < Date.parse('2026-06-08T00:00:00Z'),
		);
		expect(week.length).toBeGreaterThan(5);
		expect(week.length).toBeLessThan(100); // all of them fit in one call
		const want = centsByCurrency(week.map((c) => ({ currency: c.currency, cents: c.total })));
		expect(answerOf(r)).toBe(`From 2026-06-01 to 2026-06-07 we charged ${week.length} payments: ${want}.`);
	});

	test('"which subscriptions are delinquent?": the status filter from the model, the Limit default 50 when it names none', async () => {
		scriptedModel([
			() => ({ call: 'Subscriptions', args: { status: 'delinquent' } }),
			(result) => {
				const subs = JSON.parse(result) as Array<{ id: number }>;
				return `Delinquent: ${subs.map((s) => s.id).join(', ')}`;
			},
		]);
		const r = await ask(line, 'Which subscriptions are delinquent?');
		expect(r.finished).toBe(true);
		const delinquent = store().data.subscriptions.filter((s) => s.status === 'delinquent' && !s.test_mode);
		const want = delinquent.map((s) => s.id);
		expect(want.length).toBeGreaterThan(0);
		// one list request; then Simplify reads the currency of each distinct product once (GET /products/{id})
		const calls = store().requests();
		expect(calls[0]).toMatchObject({ method: 'GET', path: '/v1/subscriptions' });
		expect(calls[0].query).toEqual({ status: 'delinquent', test_mode: 'false', limit: '50' });
		expect(calls.slice(1).map((c) => `${c.method} ${c.path}`)).toEqual(
			[...new Set(delinquent.map((s) => s.product_id))].map((id) => `GET /v1/products/${id}`),
		);
		expect(answerOf(r)).toBe(`Delinquent: ${want.join(', ')}`);
	});

	test('a date the node cannot read: the tool answers with the node’s error, nothing reaches SamCart, the agent answers', async () => {
		const model = scriptedModel([
			() => ({ call: 'Charges', args: { createdAfter: 'last tuesday', createdBefore: '', limit: 20 } }),
			(result) => `The tool said: ${result}`,
		]);
		const r = await ask(line, 'What did we charge since last Tuesday?');
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(store().requests()).toHaveLength(0);
		const toolMessage = String(model[1].messages.find((m) => m.role === 'tool')?.content);
		expect(toolMessage).toContain('The created after filter is not valid');
		expect(answerOf(r)).toContain('The created after filter is not valid');
	});

	test('a filter value SamCart does not know: SamCart’s refusal reaches the model as the node’s error, the run goes on', async () => {
		const model = scriptedModel([
			() => ({ call: 'Subscriptions', args: { status: 'overdue', limit: 10 } }),
			(result) => `The tool said: ${result}`,
		]);
		const r = await ask(line, 'Which subscriptions are overdue?');
		expect(r.error).toBeUndefined();
		expect(r.finished).toBe(true);
		expect(onlyRequest('/v1/subscriptions')).toMatchObject({ status: 'overdue' });
		const toolMessage = String(model[1].messages.find((m) => m.role === 'tool')?.content);
		expect(toolMessage).toContain('SamCart refused the request: The selected status is invalid.');
		expect(toolMessage).not.toContain(store().apiKey);
	});

	test('the model asks for 50 000 orders: one request of 100 (one page), never the whole store', async () => {
		scriptedModel([
			() => ({ call: 'Orders', args: { createdAfter: '', createdBefore: '', limit: 50_000 } }),
			(result) => `I received ${(JSON.parse(result) as unknown[]).length} orders.`,
		]);
		const r = await ask(line, 'List all our orders ever.');
		expect(r.finished).toBe(true);
		expect(store().data.orders.length).toBeGreaterThan(500);
		expect(onlyRequest('/v1/orders')).toEqual({ test_mode: 'false', limit: '100' });
		const run = toolRun(r, 'Orders');
		expect(run.input).toMatchObject({ limit: 50_000 });
		expect(run.output).toHaveLength(100);
		const firstLive = store()
			.data.orders.filter((o) => !o.test_mode)
			.slice(0, 100)
			.map((o) => o.id);
		expect(run.output.map((o) => o.id)).toEqual(firstLive);
		expect(answerOf(r)).toBe('I received 100 orders.');
	});

	describe('"what did we refund last week?" in a store of more than 100 refunds', () => {
		// A Wednesday whose week before (Monday 9 to Sunday 15 February 2026) has refunds spread over it; SamCart
		// lists refunds oldest first and has no date filter for them, so those refunds are not in the store's first 100.
		const TODAY = '2026-02-18T00:00:00Z';
		const WEEK = { from: Date.parse('2026-02-09T00:00:00Z'), to: Date.parse('2026-02-16T00:00:00Z') };
		const inWeek = (ms: number) => ms >= WEEK.from && ms < WEEK.to;
		beforeAll(async () => store().reset({ seed: 18, size: 'small', now: TODAY }));
		afterAll(async () => store().reset({ seed: 18, size: 'small', now: STORE_NOW }));

		/** The model: Refunds with these arguments, then last week's live refunds of what it got, added up in cents. */
		const refundsOfLastWeek = (args: IDataObject) =>
			scriptedModel([
				() => ({ call: 'Refunds', args }),
				(result) => {
					const refunds = JSON.parse(result) as Array<{
						created_at: string;
						currency: string;
						refund_amount_cents: number;
						test_mode: boolean;
					}>;
					const week = refunds.filter((f) => !f.test_mode && inWeek(Date.parse(f.created_at)));
					const total = centsByCurrency(
						week.map((f) => ({ currency: f.currency, cents: f.refund_amount_cents })),
					);
					return `Last week (2026-02-09 to 2026-02-15) we refunded ${week.length} times: ${total || 'nothing'}.`;
				},
			]);

		/** The answer, the request and the tool's output, against figures computed here from the simulator's data. */
		function expectLastWeek(r: Awaited<ReturnType<typeof ask>>) {
			expect(r.error).toBeUndefined();
			expect(r.finished).toBe(true);
			const all = store().data.refunds;
			expect(all.length).toBeGreaterThan(100);
			const week = all.filter((f) => !f.test_mode && inWeek(samCartMs(f.created_at)));
			expect(week.length).toBeGreaterThanOrEqual(3);
			// none of them among the oldest 100 (what the tool read before Newest First); all among the newest 100
			expect(all.slice(0, 100).filter((f) => inWeek(samCartMs(f.created_at)))).toEqual([]);
			expect(all.filter((f) => samCartMs(f.created_at) >= WEEK.from).length).toBeLessThanOrEqual(100);
			const want = centsByCurrency(week.map((f) => ({ currency: f.currency, cents: f.refund_amount })));
			expect(answerOf(r)).toBe(
				`Last week (2026-02-09 to 2026-02-15) we refunded ${week.length} times: ${want}.`,
			);

			// one request, from above every ID backwards (docs/samcart-api.md §4), and the newest 100 refunds, newest first
			expect(onlyRequest('/v1/refunds')).toEqual({
				limit: '100',
				offset: String(Number.MAX_SAFE_INTEGER),
				dir: 'prev',
			});
			const newest = all
				.slice(-100)
				.map((f) => f.id)
				.reverse();
			expect(toolRun(r, 'Refunds').output.map((f) => f.id)).toEqual(newest);
		}

		test('the model asks for the newest refunds: the answer quotes last week’s refunds in cents', async () => {
			const model = refundsOfLastWeek({ newestFirst: true, limit: 100 });
			const r = await ask(line, 'What did we refund last week?');
			expectLastWeek(r);
			// the model was offered the choice, and the tool ran with the model's
			const refunds = (model[0].tools ?? []).find((t) => t.function.name === 'Refunds');
			expect(Object.keys(refunds?.function.parameters.properties as IDataObject)).toContain('newestFirst');
			expect(refunds?.function.description).toMatch(/newest first/);
			expect(toolRun(r, 'Refunds').input).toMatchObject({ newestFirst: true, limit: 100 });
		});

		test('the model names no order: Refunds reads the newest first all the same (the template’s default)', async () => {
			refundsOfLastWeek({ limit: 100 });
			expectLastWeek(await ask(line, 'What did we refund last week?'));
		});
	});

	test('a SamCart tool whose Description is left empty tells the model the node’s own description of its operation', async () => {
		const wf = readTemplate(FILE);
		const tools = wf.nodes.filter((n) => n.type === 'n8n-nodes-samcart.samCartTool');
		for (const node of tools) delete node.parameters.toolDescription;
		const model = scriptedModel([() => 'Nothing to look up.']);
		const r = await ask(line, 'Hello', wf);
		expect(r.finished).toBe(true);
		const seen = Object.fromEntries(
			(model[0].tools ?? []).map((t) => [t.function.name, t.function.description]),
		);
		expect(seen).toEqual(
			Object.fromEntries(
				tools.map((n) => [
					n.name.replace(/ /g, '_'),
					TOOL_DESCRIPTIONS[String(n.parameters.resource)][String(n.parameters.operation)],
				]),
			),
		);
	});
});
