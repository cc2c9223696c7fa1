/**
 * npm run simulator -- [--port 4010] [--key <k>] [--seed 1] [--size default|small|<customers>x<orders>] [--now 2026-01-15]
 *                      [--span-days 730]
 *                      [--rate-limit 120] [--window-ms 60000] [--latency-ms 0] [--jitter-ms 0]
 * npm run simulator -- send <eventKey> --to <url> [--family legacy|rule] [--type <alias>] [--form] [--count N]
 *                      [--concurrency N] [--duplicate] [--test-mode] [--id <recordId>] [--raw <body>] [--seed 1] [--size small]
 * npm run simulator -- events        (lists the catalogue's event keys and aliases)
 */
import { generateDataset, type SizeOption } from './dataset';
import { startSimulator, toEpoch } from './index';
import { buildWebhookPayload, SAMCART_EVENTS, sendWebhook } from './webhooks';

interface Parsed {
	positional: string[];
	flags: Record<string, string | true>;
}

function parse(argv: string[]): Parsed {
	const out: Parsed = { positional: [], flags: {} };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg.startsWith('--')) {
			const [name, inline] = arg.slice(2).split('=', 2);
			if (inline !== undefined) out.flags[name] = inline;
			else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.flags[name] = argv[++i];
			else out.flags[name] = true;
		} else out.positional.push(arg);
	}
	return out;
}

function sizeOf(raw: string | true | undefined, fallback: SizeOption): SizeOption {
	if (raw === undefined || raw === true) return fallback;
	if (raw === 'default' || raw === 'small') return raw;
	const m = /^(\d+)x(\d+)$/.exec(raw);
	if (m) return { customers: Number(m[1]), orders: Number(m[2]) };
	throw new Error(`--size must be default, small or <customers>x<orders>, got ${raw}`);
}

const num = (v: string | true | undefined, fallback?: number) => (v === undefined || v === true ? fallback : Number(v));
const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);

async function serve(flags: Parsed['flags']): Promise<void> {
	const sim = await startSimulator({
		port: num(flags.port, 0),
		host: str(flags.host),
		apiKey: str(flags.key),
		noAccessKey: str(flags['no-access-key']),
		seed: num(flags.seed, 1),
		size: sizeOf(flags.size, 'default'),
		now: str(flags.now),
		spanDays: num(flags['span-days']),
		rateLimit: { limit: num(flags['rate-limit']), windowMs: num(flags['window-ms']) },
		faults: { latency: { fixedMs: num(flags['latency-ms'], 0), jitterMs: num(flags['jitter-ms'], 0) } },
	});
	const d = sim.data;
	console.log(`SamCart simulator listening`);
	console.log(`  base URL : ${sim.baseUrl}`);
	console.log(`  API key  : ${sim.apiKey}   (no-API-access key: ${sim.noAccessKey})`);
	console.log(`  admin    : ${sim.url}/__admin/info`);
	console.log(
		`  data     : seed ${sim.seed}, now ${new Date(sim.now).toISOString()}, ${d.customers.length} customers, ${d.orders.length} orders, ` +
			`${d.charges.length} charges, ${d.subscriptions.length} subscriptions, ${d.products.length} products`,
	);
	const stop = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

async function send(positional: string[], flags: Parsed['flags']): Promise<void> {
	const eventKey = positional[0];
	const to = str(flags.to);
	if (!eventKey || !to) throw new Error('usage: send <eventKey> --to <url> [options]');
	const ds = await generateDataset({ seed: num(flags.seed, 1)!, size: sizeOf(flags.size, 'small'), now: toEpoch(str(flags.now)) });
	const family = str(flags.family);
	if (family && family !== 'legacy' && family !== 'rule') throw new Error('--family must be legacy or rule');
	const deliveries = await sendWebhook(
		to,
		(index) =>
			buildWebhookPayload(ds, eventKey, {
				family: family as 'legacy' | 'rule' | undefined,
				type: str(flags.type),
				testMode: flags['test-mode'] === true,
				recordId: num(flags.id),
				index,
			}),
		{
			encoding: flags.form ? 'form' : 'json',
			raw: str(flags.raw),
			count: num(flags.count, 1),
			concurrency: num(flags.concurrency, 1),
			duplicate: flags.duplicate === true,
		},
	);
	for (const d of deliveries) console.log(JSON.stringify(d));
	if (deliveries.some((d) => d.status === 0 || d.status >= 400)) process.exitCode = 1;
}

async function main(): Promise<void> {
	const { positional, flags } = parse(process.argv.slice(2));
	if (positional[0] === 'send') return send(positional.slice(1), flags);
	if (positional[0] === 'events') {
		for (const e of SAMCART_EVENTS) console.log(`${e.key.padEnd(36)} ${e.subject.padEnd(13)} ${e.aliases.map((a) => `${a.family}:${a.type}`).join(', ')}`);
		return;
	}
	return serve(flags);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
