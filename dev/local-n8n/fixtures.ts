/** Workflow fixtures used by the launcher smoke checks (n8n-nodes-base types/versions valid in 1.123.81 and 2.41.1). */
import type { WorkflowInput } from './api';

/** Webhook (POST /webhook/<path>, responds with the last node) -> Set {greeting: "hello <body.name>", doubled: body.n*2}. */
export function webhookSetWorkflow(path: string, name = `smoke ${path}`): WorkflowInput {
	// a stable webhookId per path keeps production URLs predictable
	const hex = Buffer.from(path).toString('hex').padEnd(12, '0').slice(0, 12);
	return {
		name,
		nodes: [
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `5a11c0de-0000-4000-8000-${hex}`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000002',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					includeOtherFields: false,
					assignments: {
						assignments: [
							{ id: 'f1', name: 'greeting', type: 'string', value: '={{ "hello " + $json.body.name }}' },
							{ id: 'f2', name: 'doubled', type: 'number', value: '={{ $json.body.n * 2 }}' },
						],
					},
					options: {},
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
