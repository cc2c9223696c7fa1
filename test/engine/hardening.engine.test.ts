/**
 * Issue 21, defects 3 and 5, through the REAL n8n engine of each line (n8n's own HTTP helper, CredentialsHelper and,
 * for the Test button, the CLI's CredentialsTester), against real HTTP servers on 127.0.0.1:
 * - a redirect is never followed: the API key and a write stay with the Base URL's server;
 * - a Base URL with a query or fragment, or plain http to another machine, is refused before anything is sent;
 * - no part of the API key appears in anything the node outputs or throws, nor anywhere in the execution.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import nock from 'nock';
import type { IDataObject, INode } from 'n8n-workflow';
import { CREDENTIAL_TEST_MESSAGES } from '../../credentials/SamCartApi.credentials';
import { createCredentialsHelper } from './credentials';
import {
	availableLines,
	closeEngines,
	executeWorkflow,
	loadEngine,
	type ExecuteResult,
	type N8nLine,
} from './harness';
import { linePackageDir } from './runtime';

jest.setTimeout(120_000);

interface Received {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A real HTTP server that records every request and answers as the test says. */
interface TestServer {
	/** `http://127.0.0.1:<port>` */
	url: string;
	/** `127.0.0.1:<port>`, as a redirect error should name it */
	host: string;
	received: Received[];
	answer: (request: Received, response: http.ServerResponse) => void;
	close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			received.push(request);
			self.answer(request, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const self: TestServer = {
		url: `http://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		received,
		answer: (_, response) => response.writeHead(500).end(),
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
	return self;
}

const sendText = (response: http.ServerResponse, status: number, type: string, text: string) =>
	response.writeHead(status, { 'Content-Type': type }).end(text);
const sendJson = (response: http.ServerResponse, status: number, body: unknown) =>
	sendText(response, status, 'application/json', JSON.stringify(body));

/** The Base URL's server, and another origin it redirects to (which answers like SamCart, so following "works"). */
let samcart: TestServer;
let elsewhere: TestServer;

beforeAll(async () => {
	samcart = await startServer();
	elsewhere = await startServer();
	elsewhere.answer = (_, response) => sendJson(response, 200, { id: 1, data: [] });
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});

beforeEach(() => {
	samcart.received.length = 0;
	elsewhere.received.length = 0;
});

afterEach(() => nock.cleanAll());

afterAll(async () => {
	nock.enableNetConnect();
	await samcart?.close();
	await elsewhere?.close();
	await closeEngines();
});

const KEY = 'sc_live_Qm4Rz8Lp2Vx7Nc5Tw1Ky';

function samCartNode(parameters: IDataObject, onError?: INode['onError']): INode {
	return {
		id: 'samcart',
		name: 'SamCart',
		type: 'n8n-nodes-samcart.samCart',
		typeVersion: 1,
		position: [200, 0],
		parameters: parameters as INode['parameters'],
		...(onError ? { onError } : {}),
	};
}

const byId = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });
const ORDER_GET = { resource: 'order', operation: 'get', orderId: byId(1), simplify: false };
const FULL_REFUND = { resource: 'charge', operation: 'refund', chargeId: byId(5), refundType: 'full' };

async function run(
	line: N8nLine,
	parameters: IDataObject,
	credential: { apiKey?: string; baseUrl?: string } = {},
	onError?: INode['onError'],
): Promise<ExecuteResult> {
	return await executeWorkflow(
		{
			nodes: [
				{
					id: 'manual',
					name: 'Manual',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				samCartNode(parameters, onError),
			],
			connections: { Manual: { main: [[{ node: 'SamCart', type: 'main', index: 0 }]] } },
		},
		{
			line,
			credentials: { samCartApi: { apiKey: KEY, baseUrl: `${samcart.url}/v1`, ...credential } },
		},
	);
}

const requestsTo = (server: TestServer) => server.received.map((r) => `${r.method} ${r.url}`);

interface Tester {
	testCredentials(
		userId: string,
		type: string,
		credential: IDataObject,
	): Promise<{ status: string; message: string }>;
}

/**
 * The CLI's own CredentialsTester (what the credential's Test button calls), with the line's real CredentialsHelper,
 * RoutingNode and HTTP helper. Only its database-backed `getBase` (additional data) is replaced, by a module mock.
 * One per line: the tester module keeps the mocked module it was loaded with.
 */
const testers = new Map<N8nLine, Promise<Tester>>();

async function createTester(line: N8nLine): Promise<Tester> {
	const engine = await loadEngine(line);
	const { helper } = await createCredentialsHelper(engine, {});
	const cli = path.join(linePackageDir(line, 'n8n'), 'dist');
	const base = 'http://localhost:5678';
	jest.doMock(path.join(cli, 'workflow-execute-additional-data.js'), () => ({
		getBase: async () => ({
			credentialsHelper: helper,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			setExecutionStatus: () => undefined,
		}),
	}));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { CredentialsTester } = require(path.join(cli, 'services', 'credentials-tester.service.js')) as {
		CredentialsTester: new (...args: unknown[]) => Tester;
	};
	const quiet = { debug() {}, info() {}, warn() {}, error() {}, scoped: () => quiet };
	return new CredentialsTester(quiet, { error() {} }, engine.credentialTypes, engine.nodeTypes, helper);
}

async function testCredential(
	line: N8nLine,
	data: IDataObject,
): Promise<{ status: string; message: string }> {
	if (!testers.has(line)) testers.set(line, createTester(line));
	const tester = await testers.get(line)!;
	return await tester.testCredentials('user', 'samCartApi', {
		id: 'samCartApi',
		name: 'SamCart (test)',
		type: 'samCartApi',
		data: { ...data },
	});
}

const REDIRECT_TO_ELSEWHERE = (status: number) => (_: Received, response: http.ServerResponse) =>
	response.writeHead(status, { Location: `${elsewhere.url}/v1/landing?token=sensitive-query` }).end();

const redirectMessage = () =>
	`SamCart's address answered with a redirect to ${elsewhere.host}; the API key and the request were not sent there`;

describe.each(availableLines().map((l) => [l]))('n8n line %s', (line: N8nLine) => {
	describe('a redirect is never followed', () => {
		test.each([
			['Order Get', 302, ORDER_GET, 'GET /v1/orders/1'],
			['Order Get', 301, ORDER_GET, 'GET /v1/orders/1'],
			['Charge Refund', 307, FULL_REFUND, 'POST /v1/refunds/charges/5/'],
			['Charge Refund', 308, FULL_REFUND, 'POST /v1/refunds/charges/5/'],
			['Charge Refund', 303, FULL_REFUND, 'POST /v1/refunds/charges/5/'],
		])(
			'%s answered with %s: one request, to the Base URL only; the error names the other host',
			async (_, status, parameters, sent) => {
				samcart.answer = REDIRECT_TO_ELSEWHERE(status);
				const r = await run(line, parameters);

				expect(requestsTo(elsewhere)).toEqual([]);
				expect(requestsTo(samcart)).toEqual([sent]);
				expect(r.finished).toBe(false);
				expect(r.errorNode).toBe('SamCart');
				expect(r.error?.message).toBe(redirectMessage());
				expect(`${r.error?.message} ${r.error?.description}`).not.toMatch(/sensitive-query|landing/);
				// honest about a write: the Base URL's server did get it, and it was not sent again
				const arrived = /received the request .* not sent again/.test(r.error?.description ?? '');
				expect(arrived).toBe(sent.startsWith('POST'));
			},
		);
	});

	describe('a Base URL the key must not travel to is refused before anything is sent', () => {
		test.each([
			['a query', '/v1?x=1'],
			['a fragment', '/v1#top'],
		])('with %s', async (_, suffix) => {
			const r = await run(line, FULL_REFUND, { baseUrl: `${samcart.url}${suffix}` });

			expect(requestsTo(samcart)).toEqual([]);
			expect(r.finished).toBe(false);
			expect(r.error?.message).toBe(
				'The Base URL in the SamCart credential must not contain "?" or "#" (a query or fragment)',
			);
		});

		test('plain http to another machine: the key would travel unencrypted', async () => {
			const proxy = nock('http://samcart-proxy.example').get(/.*/).reply(200, { id: 1 });
			const r = await run(line, ORDER_GET, { baseUrl: 'http://samcart-proxy.example/v1' });

			expect(proxy.isDone()).toBe(false);
			expect(r.finished).toBe(false);
			expect(r.error?.message).toBe(
				'The Base URL in the SamCart credential must start with https:// (samcart-proxy.example is not this machine)',
			);
		});
	});

	describe("the credential's Test button (n8n's CredentialsTester)", () => {
		test('passes against a server that answers like SamCart, sending the key', async () => {
			samcart.answer = (_, response) => sendJson(response, 200, { data: [] });
			const result = await testCredential(line, { apiKey: KEY, baseUrl: `${samcart.url}/v1` });

			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(samcart.received.map((r) => [r.url, r.headers['sc-api']])).toEqual([
				['/v1/orders?limit=1', KEY],
			]);
		});

		test('does not follow a redirect: the other origin receives nothing, and the user reads why', async () => {
			samcart.answer = REDIRECT_TO_ELSEWHERE(302);
			const result = await testCredential(line, { apiKey: KEY, baseUrl: `${samcart.url}/v1` });

			expect(requestsTo(elsewhere)).toEqual([]);
			expect(requestsTo(samcart)).toEqual(['GET /v1/orders?limit=1']);
			// 1.x never applies a credential's responseCode rules (see test/e2e): its users read n8n's own text
			expect(result).toEqual({
				status: 'Error',
				message: line === '2' ? CREDENTIAL_TEST_MESSAGES.redirect : 'Request failed with status code 302',
			});
		});

		test.each([
			['a query', `/v1?x=1`, /must not contain "\?" or "#"/],
			['a fragment', `/v1#top`, /must not contain "\?" or "#"/],
		])('refuses a Base URL with %s, sending nothing', async (_, suffix, message) => {
			const result = await testCredential(line, { apiKey: KEY, baseUrl: `${samcart.url}${suffix}` });

			expect(requestsTo(samcart)).toEqual([]);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
		});

		test('refuses plain http to another machine, sending nothing', async () => {
			const proxy = nock('http://samcart-proxy.example').get(/.*/).reply(200, { data: [] });
			const result = await testCredential(line, {
				apiKey: KEY,
				baseUrl: 'http://samcart-proxy.example/v1',
			});

			expect(proxy.isDone()).toBe(false);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/must start with https:\/\//);
		});
	});

	describe('no part of the API key appears in the output, the errors or the execution', () => {
		const echoHeaders = (request: Received) => JSON.stringify(request.headers);
		const keyOf = (request: Received) => String(request.headers['sc-api']);
		const cases: Array<{
			name: string;
			key: string;
			parameters: IDataObject;
			answer: (request: Received, response: http.ServerResponse) => void;
		}> = [
			{
				name: "a write's 2xx answer that is not JSON (a proxy page echoing the request headers)",
				key: KEY,
				parameters: FULL_REFUND,
				answer: (request, response) =>
					sendText(response, 200, 'text/html', `<html><pre>${echoHeaders(request)}</pre></html>`),
			},
			{
				name: 'a JSON 2xx answer echoing the request headers',
				key: KEY,
				parameters: ORDER_GET,
				answer: (request, response) => sendJson(response, 200, { id: 1, echo: request.headers }),
			},
			{
				name: 'an error text with the key across the 300-character cut',
				key: KEY,
				parameters: ORDER_GET,
				answer: (request, response) =>
					sendText(response, 400, 'text/plain', `${'x'.repeat(290)}${keyOf(request)} was refused`),
			},
			{
				name: 'a key with " and \\ echoed in a JSON error body',
				key: 'sc_live_"Hq7\\Wd3"Zp9\\Ly6Fb2',
				parameters: ORDER_GET,
				answer: (request, response) => sendJson(response, 401, { message: `Invalid key ${keyOf(request)}` }),
			},
			{
				name: 'a key pasted with a trailing space and newline, echoed in a JSON error body',
				key: 'sc_live_Jt5Uw8Xe3Ra6Gs1Dk4 \n',
				parameters: ORDER_GET,
				answer: (request, response) =>
					sendJson(response, 401, {
						message: `Invalid key ${keyOf(request)}`,
						headers: request.headers,
					}),
			},
		];

		describe.each(cases.map((c) => [c.name, c]))('%s', (_, c) => {
			test.each([['stopWorkflow'], ['continueRegularOutput']] as Array<[INode['onError']]>)(
				'on error: %s',
				async (onError) => {
					samcart.answer = c.answer;
					const r = await run(line, c.parameters, { apiKey: c.key }, onError);

					// the server really got (and echoed) the key: the key is what n8n sent, trimmed
					expect(samcart.received).toHaveLength(1);
					expect(samcart.received[0].headers['sc-api']).toBe(c.key.trim());
					expect(r.executed).toContain('SamCart');
					expect(leaksOf(c.key, r)).toEqual([]);
				},
			);
		});
	});
});

/** Every 6-character piece of the key, as it is and as JSON escapes it. */
function keyPieces(key: string): string[] {
	const pieces = new Set<string>();
	for (const k of [key, key.trim()]) {
		for (let i = 0; i + 6 <= k.length; i++) {
			const piece = k.slice(i, i + 6);
			pieces.add(piece);
			pieces.add(JSON.stringify(piece).slice(1, -1));
		}
	}
	return [...pieces];
}

/**
 * Where a piece of the key shows: every string reachable from the result (own properties, non-enumerable ones such
 * as an error's message, stack and cause included), and the result's JSON text as a whole.
 */
function leaksOf(key: string, result: ExecuteResult): string[] {
	const pieces = keyPieces(key);
	const found: string[] = [];
	const seen = new WeakSet<object>();
	const visit = (value: unknown, where: string) => {
		if (typeof value === 'string') {
			const piece = pieces.find((p) => value.includes(p));
			if (piece) found.push(`${where}: …${piece}… in ${JSON.stringify(value.slice(0, 400))}`);
			return;
		}
		if (!value || typeof value !== 'object' || seen.has(value)) return;
		seen.add(value);
		for (const name of Object.getOwnPropertyNames(value)) {
			let child: unknown;
			try {
				child = (value as Record<string, unknown>)[name];
			} catch {
				continue;
			}
			visit(child, `${where}.${name}`);
		}
	};
	visit(result, 'result');
	const text = jsonOf(result);
	const piece = pieces.find((p) => text.includes(p));
	if (piece) found.push(`JSON of the result: …${piece}…`);
	return found;
}

function jsonOf(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_, v: unknown) => {
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[cycle]';
			seen.add(v);
		}
		return v;
	});
}
