/**
 * Shared by the AI template tests (12, 14): a scripted chat model behind OpenAI's Chat Completions API (what the
 * templates' OpenAI Chat Model node calls, `responsesApiEnabled` off), answered by nock turn by turn, and the store
 * the agents read (the simulator, with the test-file hooks that start and stop it).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import type { Simulator } from '../../../dev/samcart-simulator';
import { closeEngines } from '../harness';
import { startTemplateSimulator, stopTemplateSimulator } from './support';

export interface ChatRequest {
	model: string;
	messages: Array<{ role: string; content: unknown }>;
	tools?: Array<{ function: { name: string; description: string; parameters: IDataObject } }>;
}

/**
 * One turn of the model: given the content of the last tool message (a JSON string, or '' before any tool ran) it
 * calls a tool, or answers with text (the final answer).
 */
export type Turn = (lastToolResult: string) => { call: string; args: IDataObject } | string;

/** Intercepts https://api.openai.com/v1/chat/completions; returns every request body the model node sent. */
export function scriptedModel(turns: Turn[], apiKey = 'sk-scripted'): ChatRequest[] {
	const requests: ChatRequest[] = [];
	nock('https://api.openai.com', { reqheaders: { authorization: `Bearer ${apiKey}` } })
		.persist()
		.post('/v1/chat/completions')
		.reply(200, (_uri, body) => {
			const request = body as ChatRequest;
			requests.push(request);
			const turn = turns[requests.length - 1];
			if (!turn) throw new Error(`the script has no turn ${requests.length}`);
			const last = request.messages.filter((m) => m.role === 'tool').at(-1)?.content;
			const next = turn(last === undefined ? '' : String(last));
			const message =
				typeof next === 'string'
					? { role: 'assistant', content: next }
					: {
							role: 'assistant',
							content: null,
							tool_calls: [
								{
									id: `call_${requests.length}`,
									type: 'function',
									function: { name: next.call, arguments: JSON.stringify(next.args) },
								},
							],
						};
			return {
				id: 'chatcmpl-scripted',
				object: 'chat.completion',
				created: 1_780_000_000,
				model: 'gpt-4.1-mini',
				choices: [{ index: 0, message, finish_reason: typeof next === 'string' ? 'stop' : 'tool_calls' }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			};
		});
	return requests;
}

/** The store of the AI tests (seed 18, data up to 2026-06-10), started once per test file; nock cleared after each test. */
export function useStore(): () => Simulator {
	let sim: Simulator | undefined;
	beforeAll(async () => {
		sim = await startTemplateSimulator(18, new Date('2026-06-10T00:00:00Z'));
	});
	afterEach(() => nock.cleanAll());
	afterAll(async () => {
		await stopTemplateSimulator(sim);
		await closeEngines();
	});
	return () => {
		if (!sim) throw new Error('the simulator did not start');
		return sim;
	};
}
