/**
 * The simulator's command line, run as a developer runs it (tsx), against a local HTTP server that keeps what it
 * receives: `send` builds the store's data in the currency asked for, and refuses one that is not a currency code.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
const cli = join(__dirname, '../../../dev/samcart-simulator/cli.ts');

let server: Server;
let url: string;
const bodies: Array<Record<string, unknown>> = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

it('send --currency JPY builds a zero-decimal store: whole-yen amounts, and prints one line per answer', async () => {
	const { stdout } = await run(tsx, [cli, 'send', 'newOrder', '--to', url, '--currency', 'jpy', '--index', '0'], { timeout: 60_000 });
	expect(stdout).toMatch(/^#0: HTTP 200 in \d+ ms: \{"received":true\}$/m);
	const product = bodies[0].product as { price: string };
	const order = bodies[0].order as { total: string };
	expect([product.price, order.total].every((amount) => /^\d+$/.test(amount))).toBe(true);
});

it('refuses a --currency that is not a 3-letter code, sending nothing', async () => {
	const before = bodies.length;
	await expect(run(tsx, [cli, 'send', 'newOrder', '--to', url, '--currency', 'euro'], { timeout: 60_000 })).rejects.toMatchObject({
		stderr: expect.stringContaining('--currency must be a 3-letter ISO 4217 code'),
	});
	expect(bodies).toHaveLength(before);
});
