/** The simulator's command line; USAGE says what it does. */
import { defaultNow, generateDataset, type SizeOption } from './dataset';
import { startSimulator, toEpoch } from './index';
import { parseDay, replayDay } from './replay';
import { DAY_MS, formatDate } from './time';
import { buildWebhookPayload, SAMCART_EVENTS, sendWebhook } from './webhooks';

const USAGE = `SamCart simulator (dev tooling)

npm run simulator -- [--port 4010] [--key <k>] [--seed 1] [--size default|small|<customers>x<orders>] [--now 2026-01-15]
                     [--span-days 730] [--currency USD] [--rate-limit 120] [--window-ms 60000] [--latency-ms 0]
                     [--jitter-ms 0]
    Serves the REST API (/v1) and the admin surface (/__admin). --currency: the store's currency (ISO 4217, e.g. EUR,
    or JPY for a zero-decimal store); send and replay take it too, to build the same data.

npm run simulator -- send <eventKey> --to <url> [--family legacy|rule] [--type <alias>] [--form] [--count N]
                     [--concurrency N] [--duplicate] [--test-mode] [--id <recordId>] [--index N] [--raw <body>] [--seed 1]
                     [--size small]
    Sends one event (or a burst) built from the dataset: the record --id, else the --index-th matching one (default:
    a different one each time, so repeated sends are different events). Prints one line per answer.

npm run simulator -- replay --to <url> [--seed 1] [--size small] [--day 2026-11-01] [--speed 0] [--form]
                     [--family legacy|rule] [--count-only] [--span-days N]
    Sends a day of deliveries in order: checkouts (one per cart item, upsells minutes later), rebills, dunning,
    refunds, leads and prospects, cancellations. Prints one line per delivery and a summary by event
    (--count-only: the summary only). --day defaults to yesterday (UTC); the data is the one a server started with
    --now <day + 1> and the same --seed/--size serves. --speed 0 (default) sends as fast as answered; N runs N times
    faster than real time.

npm run simulator -- events
    Lists the catalogue's event keys and aliases.

npm run simulator -- --help`;

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
		currency: currencyOf(flags),
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

function familyOf(flags: Parsed['flags']): 'legacy' | 'rule' | undefined {
	const family = str(flags.family);
	if (family === undefined || family === 'legacy' || family === 'rule') return family;
	throw new Error('--family must be legacy or rule');
}

function currencyOf(flags: Parsed['flags']): string | undefined {
	const currency = str(flags.currency)?.toUpperCase();
	if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw new Error('--currency must be a 3-letter ISO 4217 code');
	return currency;
}

const datasetOf = (flags: Parsed['flags'], now: number) =>
	generateDataset({
		seed: num(flags.seed, 1)!,
		size: sizeOf(flags.size, 'small'),
		now,
		spanDays: num(flags['span-days']),
		currency: currencyOf(flags),
	});

async function send(positional: string[], flags: Parsed['flags']): Promise<void> {
	const eventKey = positional[0];
	const to = str(flags.to);
	if (!eventKey || !to) throw new Error('usage: send <eventKey> --to <url> [options]');
	const ds = await datasetOf(flags, toEpoch(str(flags.now)));
	const family = familyOf(flags);
	// Not always the same record: a second send must not be the same event (the trigger may ignore duplicates).
	const firstIndex = num(flags.index) ?? Date.now();
	const deliveries = await sendWebhook(
		to,
		(index) =>
			buildWebhookPayload(ds, eventKey, {
				family,
				type: str(flags.type),
				testMode: flags['test-mode'] === true,
				recordId: num(flags.id),
				index: firstIndex + index,
			}),
		{
			encoding: flags.form ? 'form' : 'json',
			raw: str(flags.raw),
			count: num(flags.count, 1),
			concurrency: num(flags.concurrency, 1),
			duplicate: flags.duplicate === true,
		},
	);
	for (const d of deliveries) {
		const answer = d.error ?? d.body;
		console.log(`${d.duplicate ? 'copy ' : ''}#${d.index}: HTTP ${d.status || 'error'} in ${d.latencyMs} ms: ${answer}`);
	}
	if (deliveries.some((d) => d.status === 0 || d.status >= 400)) process.exitCode = 1;
}

async function replay(flags: Parsed['flags']): Promise<void> {
	const to = str(flags.to);
	if (!to) throw new Error('usage: replay --to <url> [options]');
	const day = str(flags.day) ?? formatDate(defaultNow() - DAY_MS);
	const ds = await datasetOf(flags, parseDay(day) + DAY_MS);
	const result = await replayDay(ds, to, {
		day,
		speed: num(flags.speed, 0),
		encoding: flags.form ? 'form' : 'json',
		family: familyOf(flags),
		countOnly: flags['count-only'] === true,
		print: (line) => console.log(line),
	});
	if (result.sent.some((d) => d.status === 0 || d.status >= 400)) process.exitCode = 1;
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return console.log(USAGE);
	const { positional, flags } = parse(argv);
	if (positional[0] === 'send') return send(positional.slice(1), flags);
	if (positional[0] === 'replay') return replay(flags);
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
