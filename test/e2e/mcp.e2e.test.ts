/**
 * Template 13 (SamCart · AI: MCP server) in a REAL n8n 2.41.1 with the packed package, against the SamCart simulator,
 * seen through the official MCP client SDK (@modelcontextprotocol/sdk, Streamable HTTP): the template is imported as
 * it ships, the credentials a user would pick are set on its nodes (Bearer Auth on the trigger, SamCart on the six
 * tools), and it is published. Then a client connects with the bearer token, lists the tools, calls one and gets the
 * simulator's records; a client without the token (or with another one) is refused before anything runs.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { WorkflowInput } from '../../dev/local-n8n/api';
import { ensureLine } from '../../dev/local-n8n/install';
import { packPackage } from '../../dev/local-n8n/package';
import { startN8n, type N8nServer } from '../../dev/local-n8n/server';
import { startSimulator, type Simulator } from '../../dev/samcart-simulator';
import { stopEverything, type WfNode } from './samcart-support';

jest.setTimeout(600_000); // jest 30 ignores testTimeout inside a `projects` entry

const TEMPLATE = path.join(__dirname, '..', '..', 'workflows-templates', '13-mcp-samcart-server.json');
const TOKEN = 'mcp-e2e-bearer_0123456789abcdef0123456789abcdef';
const TOOLS = ['Charges', 'Customers', 'Failed_Charges', 'Orders', 'Refunds', 'Subscriptions'];

let n8n: N8nServer | undefined;
let sim: Simulator | undefined;
let mcpUrl: URL;

const simulator = () => {
	if (!sim) throw new Error('the simulator did not start');
	return sim;
};

/** An MCP client over Streamable HTTP, sending these headers (the SDK's own transport). */
async function connect(headers: Record<string, string>): Promise<Client> {
	const client = new Client({ name: 'samcart-e2e', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers } }));
	return client;
}

/** What the endpoint answers a bare `initialize` (the first message every MCP client sends). */
async function initializeStatus(headers: Record<string, string>): Promise<number> {
	const res = await fetch(mcpUrl, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
			...headers,
		},
		body: JSON.stringify({
			jsonrpc: '2.0',
			id: 1,
			method: 'initialize',
			params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
		}),
	});
	await res.text();
	return res.status;
}

beforeAll(async () => {
	await ensureLine('2'); // no-op when cached
	await packPackage(); // once per jest worker
	sim = await startSimulator({ size: 'small', seed: 18, now: '2026-06-10T00:00:00Z' });
	n8n = await startN8n({ line: '2' });
	const { api } = n8n;
	await api.bootstrap();
	const samCart = await api.createCredential({
		name: 'SamCart (simulator)',
		type: 'samCartApi',
		data: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
	});
	const bearer = await api.createCredential({
		name: 'MCP clients',
		type: 'httpBearerAuth',
		data: { token: TOKEN },
	});

	// the template as it ships, with the credentials a user selects in the editor
	const wf = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as WorkflowInput;
	const nodes = wf.nodes as WfNode[];
	for (const node of nodes) {
		if (node.type === 'n8n-nodes-samcart.samCartTool')
			node.credentials = { samCartApi: { id: samCart.id, name: samCart.name } };
		if (node.type === '@n8n/n8n-nodes-langchain.mcpTrigger')
			node.credentials = { httpBearerAuth: { id: bearer.id, name: bearer.name } };
	}
	const trigger = nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
	mcpUrl = new URL(`/mcp/${String(trigger?.parameters.path)}`, n8n.baseUrl);
	const created = await api.createWorkflow(wf);
	await api.activateWorkflow(created.id);
	// 2.x registers production webhooks asynchronously: 404 until then, 403 (no token) once it listens
	const deadline = Date.now() + 60_000;
	while ((await initializeStatus({})) === 404) {
		if (Date.now() > deadline) throw new Error(`${mcpUrl.href} was never registered`);
		await new Promise((r) => setTimeout(r, 500));
	}
}, 40 * 60_000);

afterAll(() => stopEverything(n8n, [sim]), 60_000);

test('without the bearer token, or with another one, the MCP endpoint refuses (403) and SamCart is never called', async () => {
	simulator().clearRequests();
	expect(await initializeStatus({})).toBe(403);
	expect(await initializeStatus({ authorization: 'Bearer not-the-token' })).toBe(403);
	await expect(connect({})).rejects.toMatchObject({
		code: 403,
		message: expect.stringContaining('Authorization data is wrong'),
	});
	expect(simulator().requests()).toHaveLength(0);
});

test('an MCP client with the token lists the six read-only tools and gets the simulator’s charges from one of them', async () => {
	const s = simulator();
	const client = await connect({ authorization: `Bearer ${TOKEN}` });
	try {
		const { tools } = await client.listTools();
		expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
		for (const tool of tools) {
			expect(tool.description).toMatch(/^List .*Returns per /s);
			expect(Object.keys((tool.inputSchema.properties ?? {}) as object)).toContain('limit');
		}
		const charges = tools.find((t) => t.name === 'Charges');
		expect(Object.keys((charges?.inputSchema.properties ?? {}) as object).sort()).toEqual([
			'createdAfter',
			'createdBefore',
			'limit',
			'newestFirst',
		]);

		s.clearRequests();
		const result = await client.callTool({
			name: 'Charges',
			arguments: { createdAfter: '2026-06-01', createdBefore: '2026-06-07', limit: 100 },
		});
		expect(result.isError).toBeFalsy();
		const content = result.content as Array<{ type: string; text: string }>;
		expect(content.map((c) => c.type)).toEqual(['text']);
		const returned = JSON.parse(content[0].text) as Array<{
			id: number;
			total_cents: number;
			test_mode: boolean;
		}>;

		// exactly the live charges the simulator holds for [Jun 1 00:00, Jun 7 23:59:59], with their cents
		const want = s.data.charges.filter(
			(c) => !c.test_mode && c.created_at >= '2026-06-01 00:00:00' && c.created_at <= '2026-06-07 23:59:59',
		);
		expect(want.length).toBeGreaterThan(5);
		expect(returned.map((c) => [c.id, c.total_cents, c.test_mode])).toEqual(
			want.map((c) => [c.id, c.total, false]),
		);
		// one request, with the client's filters
		expect(s.requests().map((q) => ({ path: q.path, query: q.query }))).toEqual([
			{
				path: '/v1/charges',
				query: {
					created_at_min: '2026-06-01',
					created_at_max: '2026-06-07',
					test_mode: 'false',
					limit: '100',
				},
			},
		]);
	} finally {
		await client.close();
	}
});
