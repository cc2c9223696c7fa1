/** Shared by the action tests: run the SamCart node through the fake context, and small readers of its output. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { RETRY_POLICY } from '../../../nodes/SamCart/transport';
import { createFakeExecuteContext } from '../helpers/fakeN8nContext';
import type { FakeExecuteOptions } from '../helpers/fakeN8nContext';

/** The node's whole answer (every output) for one run. */
export const runNode = async (options: FakeExecuteOptions): Promise<INodeExecutionData[][]> =>
	await new SamCart().execute.call(createFakeExecuteContext(options) as unknown as IExecuteFunctions);

/** The node's one output for one run. */
export const run = async (options: FakeExecuteOptions): Promise<INodeExecutionData[]> => {
	const [output] = await runNode(options);
	return output;
};

const PROPERTIES = new SamCart().description.properties;

/** The parameter `name` as the editor shows it under this resource and operation. */
export const shownFor = (resource: string, operation: string, name: string): INodeProperties | undefined =>
	PROPERTIES.find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);

/** The entries of a resource's Operation selector. */
export const operationsOf = (resource: string) =>
	PROPERTIES.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	)?.options as Array<{ name: string; value: string; action: string; description: string }>;

/** Waits (up to 10 s) for the simulator to finish what a hung request started. */
export async function until(done: () => boolean): Promise<void> {
	for (const started = Date.now(); !done() && Date.now() - started < 10_000;) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

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
