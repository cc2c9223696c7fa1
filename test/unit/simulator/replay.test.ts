import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generateDataset, type Dataset } from '../../../dev/samcart-simulator/dataset';
import { planDay, replayDay } from '../../../dev/samcart-simulator/replay';
import type { Subscription } from '../../../dev/samcart-simulator/types';
import { api, start } from './helpers';

const NOW = Date.UTC(2026, 10, 2);
const DAY = '2026-11-01';

let server: Server;
let target: string;
const received: Array<{ contentType: string; body: string }> = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push({ contentType: String(req.headers['content-type']), body });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
	received.length = 0;
});

const dataset = (seed: number) => generateDataset({ seed, size: 'small', now: NOW });
type Part = Record<string, unknown>;

describe('replayDay', () => {
	let ds: Dataset;
	beforeAll(async () => {
		ds = await dataset(5);
	});

	it('sends what it prints, in order, one delivery at a time, and every kind of a day', async () => {
		const printed: string[] = [];
		const result = await replayDay(ds, target, { print: (line) => printed.push(line) });

		const summaryAt = printed.findIndex((l) => l.startsWith('summary:'));
		expect(summaryAt).toBe(result.sent.length);
		expect(printed[summaryAt]).toBe(`summary: ${result.sent.length} deliveries on ${DAY}`);
		expect(received).toHaveLength(result.sent.length);
		for (const [i, entry] of result.sent.entries()) {
			const body = JSON.parse(received[i].body) as Part;
			expect(body).toEqual(entry.delivery.payload);
			expect(printed[i]).toBe(entry.line);
			expect(entry.line).toContain(`${entry.delivery.subject.kind} ${entry.delivery.subject.id}`);
			expect(entry.line).toContain(String(body.type));
			expect(entry.line).toMatch(/→ 200$/);
		}
		const times = result.sent.map((e) => e.delivery.at);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(times.every((t) => t >= NOW - 86_400_000 && t < NOW)).toBe(true);
		// Distinct bodies: a receiver that drops repeated bodies keeps every delivery.
		expect(new Set(received.map((r) => r.body)).size).toBe(received.length);

		const keys = new Set(result.sent.map((e) => e.delivery.eventKey));
		for (const key of [
			'newOrder',
			'subscriptionCharged',
			'subscriptionChargeFailed',
			'subscriptionRecovered',
			'subscriptionDelinquent',
			'subscriptionCanceled',
			'newRefund',
			'partialRefund',
			'newLead',
			'prospectCreated',
			'subscriptionCancelScheduled',
		])
			expect(keys).toContain(key);
		const payloads = result.sent.map((e) => e.delivery.payload);
		const roles = new Set(payloads.map((p) => (p.product as Part).role).filter(Boolean));
		expect([...roles].sort()).toEqual(['bump', 'primary', 'upsell']);
		const canceled = result.sent.filter((e) => e.delivery.eventKey === 'subscriptionCanceled');
		expect(new Set(canceled.map((e) => (e.delivery.payload.subscription as Part).status))).toEqual(new Set(['canceled', 'delinquent']));
		// A delinquency is followed by its cancellation.
		const keyList = result.sent.map((e) => e.delivery.eventKey);
		const delinquent = keyList.indexOf('subscriptionDelinquent');
		expect(result.sent[delinquent + 1].delivery).toMatchObject({ eventKey: 'subscriptionCanceled', subject: result.sent[delinquent].delivery.subject });
		// An upsell comes after its order's primary product.
		const upsell = result.sent.findIndex((e) => (e.delivery.payload.product as Part).role === 'upsell');
		const primary = result.sent.findIndex((e) => (e.delivery.payload.product as Part).role === 'primary' && e.delivery.subject.id === result.sent[upsell].delivery.subject.id);
		expect(primary).toBeGreaterThanOrEqual(0);
		expect(primary).toBeLessThan(upsell);

		for (const [key, s] of Object.entries(result.summary)) expect(s).toEqual({ count: keyList.filter((k) => k === key).length, statuses: { 200: s.count } });
	});

	it('is deterministic for a seed and day, and differs for another seed', async () => {
		const again = planDay(await dataset(5), { day: DAY });
		expect(JSON.stringify(again)).toBe(JSON.stringify(planDay(ds)));
		expect(JSON.stringify(planDay(await dataset(6)).deliveries)).not.toBe(JSON.stringify(again.deliveries));
	});

	it('--count-only prints the summary only; --form sends form bodies', async () => {
		const printed: string[] = [];
		const result = await replayDay(ds, target, { countOnly: true, encoding: 'form', family: 'rule', print: (line) => printed.push(line) });
		expect(printed[0]).toBe(`summary: ${result.sent.length} deliveries on ${DAY}`);
		expect(printed).toHaveLength(1 + Object.keys(result.summary).length);
		expect(received).toHaveLength(result.sent.length);
		expect(received.every((r) => r.contentType === 'application/x-www-form-urlencoded')).toBe(true);
		expect(new URLSearchParams(received[0].body).get('type')).toBe(result.sent[0].delivery.payload.type);
	});
});

it('with apply, a running simulator answers as SamCart would after the day', async () => {
	// Scheduled cancellations are checked through the unconfirmed cancel_schedule, which the simulator then serves.
	const sim = await start({ now: '2026-11-02', unconfirmedCancelSchedule: true });
	try {
		const result = await replayDay(sim.data, target, { apply: true });
		const subjects = (key: string) => result.sent.filter((e) => e.delivery.eventKey === key).map((e) => e.delivery.subject.id);
		const get = async (id: number) => (await api<Subscription>(sim, `/subscriptions/${id}`)).body;
		for (const id of subjects('subscriptionDelinquent')) expect((await get(id)).status).toBe('delinquent');
		for (const id of subjects('subscriptionCancelScheduled')) expect((await get(id)).cancel_schedule?.status).toBe('scheduled');
		const voluntary = result.sent.find((e) => (e.delivery.payload.subscription as Part | undefined)?.status === 'canceled')!;
		expect((await get(voluntary.delivery.subject.id)).status).toBe('canceled');
		const recovered = subjects('subscriptionRecovered')[0];
		const recovery = result.sent.find((e) => e.delivery.eventKey === 'subscriptionRecovered')!.delivery;
		expect((await get(recovered)).total_failed_charges).toBe((recovery.payload.subscription as Part).total_failed_charges);
	} finally {
		await sim.stop();
	}
});

it('the CLI prints its usage for --help and exits', () => {
	const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
	const out = execFileSync(tsx, [join(__dirname, '../../../dev/samcart-simulator/cli.ts'), '--help'], { encoding: 'utf8', timeout: 60_000 });
	expect(out).toContain('npm run simulator -- replay --to <url>');
});
