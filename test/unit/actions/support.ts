/** Shared by the action tests: run the SamCart node through the fake context, and small readers of its output. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { RETRY_POLICY } from '../../../nodes/SamCart/transport';
import { createFakeExecuteContext } from '../helpers/fakeN8nContext';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';

export const run = async (options: FakeExecuteOptions): Promise<INodeExecutionData[]> => {
	const [output] = await new SamCart().execute.call(
		createFakeExecuteContext(options) as unknown as IExecuteFunctions,
	);
	return output;
};

export const byId = (value: number | string) => ({ mode: 'id', value: String(value) });
export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const ids = (records: Array<{ id?: unknown }>) => records.map((record) => record.id);

/** A nock query matcher that records every query it sees. */
export function recordQueries() {
	const queries: Array<Record<string, string>> = [];
	return {
		queries,
		match: (query: object) => {
			queries.push({ ...query } as Record<string, string>);
			return true;
		},
	};
}

/** How many times the transport sends a read that SamCart answers with this status every time. */
export const attemptsFor = (status: number): number =>
	status === 429 ? RETRY_POLICY.rateLimitAttempts : status >= 500 ? RETRY_POLICY.transientAttempts : 1;
