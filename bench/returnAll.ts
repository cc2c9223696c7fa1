/**
 * The Return All workflows and the plain-fetch reference shared by p1 (speed) and p4 (memory). A module of its own:
 * each benchmark file runs its main() when loaded, so one benchmark must never import another.
 */
import type { WorkflowJson } from '../test/engine/harness';

const manual = { id: 'b0000000-0000-4000-8000-000000000001', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

export function samCartReturnAll(): WorkflowJson {
	return {
		name: 'bench SamCart Return All',
		nodes: [
			manual,
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'SamCart',
				type: 'n8n-nodes-samcart.samCart',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'order', operation: 'getMany', returnAll: true, simplify: false, filters: {} },
			},
		],
		connections: { Manual: { main: [[{ node: 'SamCart', type: 'main', index: 0 }]] } },
	};
}

export function httpRequestPaginated(baseUrl: string, apiKey: string): WorkflowJson {
	return {
		name: 'bench HTTP Request pagination',
		nodes: [
			manual,
			{
				id: 'b0000000-0000-4000-8000-000000000003',
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'GET',
					url: `${baseUrl}/orders`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'sc-api', value: apiKey }] },
					options: {
						pagination: {
							pagination: {
								paginationMode: 'responseContainsNextURL',
								nextURL: '={{ $response.body.pagination.next }}',
								paginationCompleteWhen: 'other',
								completeExpression: '={{ $response.body.pagination.next === null }}',
								limitPagesFetched: false,
							},
						},
					},
				},
			},
		],
		connections: { Manual: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
	};
}

/** The same pages fetched with plain fetch and JSON.parse, no n8n: what the simulator and the machine cost. */
export async function rawFetchAll(
	baseUrl: string,
	apiKey: string,
	onPage?: (records: unknown[]) => void,
): Promise<{ ms: number; records: number; bytes: number }> {
	const started = performance.now();
	let url: string | null = `${baseUrl}/orders?limit=100`;
	let records = 0;
	let bytes = 0;
	while (url) {
		const res = await fetch(url, { headers: { 'sc-api': apiKey, accept: 'application/json' } });
		const text = await res.text();
		bytes += Buffer.byteLength(text);
		const page = JSON.parse(text) as { data: unknown[]; pagination: { next: string | null } };
		records += page.data.length;
		onPage?.(page.data);
		url = page.pagination.next ? `${page.pagination.next}&limit=100` : null;
	}
	return { ms: performance.now() - started, records, bytes };
}

