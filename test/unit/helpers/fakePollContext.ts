/**
 * A fake IPollFunctions for the SamCart Poll Trigger: parameters, the workflow's static data (pass the same object
 * to several polls to keep the cursors between them), the mode, an optional poll budget (n8n 2.x), and the real
 * HTTP helper of fakeN8nContext (nock or a simulator answers).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { createFakeContext } from './fakeN8nContext';
import type { FakeContextOptions } from './fakeN8nContext';

export const TEST_POLL_NODE: INode = {
	id: 'f5c0a3c4-0000-4000-8000-000000000003',
	name: 'SamCart Poll Trigger',
	type: 'n8n-nodes-samcart.samCartPollTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { samCartApi: { id: '1', name: 'SamCart account' } },
};

export interface FakePollOptions extends FakeContextOptions {
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger';
	/** What getPollBudgetMs() answers; undefined = the method is absent, as in n8n 1.x. */
	pollBudgetMs?: number;
	timezone?: string;
}

export function createFakePollContext(options: FakePollOptions = {}) {
	const base = createFakeContext(options);
	const staticData = options.staticData ?? {};
	return {
		...base,
		getNode: () => TEST_POLL_NODE,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in (options.parameters ?? {}) ? options.parameters![name] : fallback,
		getWorkflowStaticData: (_type: string) => staticData,
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getTimezone: () => options.timezone ?? 'UTC',
		...(options.pollBudgetMs === undefined ? {} : { getPollBudgetMs: () => options.pollBudgetMs }),
		helpers: {
			...base.helpers,
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
}
