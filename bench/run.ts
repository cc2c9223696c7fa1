/**
 * `npm run bench [-- p1 p3 …]`: runs the benchmarks (all, or those whose file name starts with an argument), each in
 * a fresh process, then writes bench/results.json (the figures as numbers) and bench/RESULTS.md (what ran, on which
 * machine, under which load). Benchmarks that did not run this time keep their previous figures in both files.
 * Not part of `npm test`: these measure, they do not assert.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureLine } from '../dev/local-n8n/install';
import { node24Bin } from '../dev/local-n8n/paths';
import { BENCH_DIR, OUT_DIR, REPO, machine, type BenchResult } from './common';

interface Bench {
	file: string;
	/** Engine benchmarks run on the cached Node 24 (n8n 2.41.1 in-process); p3 drives a real n8n from here. */
	node24: boolean;
	flags?: string[];
	what: string;
}

const BENCHES: Bench[] = [
	{ file: 'p1-return-all.ts', node24: true, what: 'Return All of 20 000 orders vs floor and vs HTTP Request pagination' },
	{ file: 'p2-rate-limit.ts', node24: true, what: '600 requests under 120 requests / 60 s' },
	{ file: 'p3-trigger.ts', node24: false, what: 'SamCart Trigger vs Webhook through a real n8n' },
	{ file: 'p4-memory.ts', node24: true, flags: ['--expose-gc'], what: 'peak RSS growth of Return All vs raw JSON' },
	{ file: 'p5-finance.ts', node24: true, what: 'Finance template 05 over a week of 10 000 charges and 1 000 refunds' },
	{ file: 'p6-poll-catch-up.ts', node24: true, what: 'Poll trigger catching up 20 000 orders; an idle poll of every event' },
];

/** The figures results.json always carries (null when never measured). */
const HEADLINE = ['p1_vs_floor', 'p1_vs_http_request', 'p2_share_of_limit', 'p2_failed_requests', 'p3_throughput_ratio', 'p3_p99_ratio', 'p4_rss_vs_json', 'p5_seconds', 'p6_vs_floor', 'p6_idle_requests'];
/** Shown under the headline figures: the same measure for the references that bound it. */
const REFERENCES: Array<[string, string]> = [
	['p1_plain_fetch_vs_floor', 'p1 for plain fetch, no n8n: the machine and simulator floor'],
	['p3_lazy_throughput_ratio', 'p3 with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'],
	['p3_lazy_p99_ratio', 'p3 p99 ratio with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'],
	['p3_n8n1_throughput_ratio', 'p3 on n8n 1.x, default settings'],
	['p3_n8n1_p99_ratio', 'p3 p99 ratio on n8n 1.x, default settings'],
	['p4_plain_parse_rss_vs_json', 'p4 for plain fetch + JSON.parse keeping the records, no n8n'],
	['p4_http_request_rss_vs_json', "p4 for n8n's HTTP Request node"],
	['p4_heap_kept_vs_json', 'heap kept by the SamCart items after a GC, vs the raw JSON'],
	['p6_plain_fetch_vs_floor', 'p6 for plain fetch of the same pages, no node: the machine and simulator floor'],
];

async function main(): Promise<number> {
	const wanted = process.argv.slice(2);
	const selected = BENCHES.filter((b) => wanted.length === 0 || wanted.some((w) => b.file.startsWith(w)));
	await ensureLine('2', { log: (m) => process.stderr.write(`[bench] ${m}\n`) });
	const failures: string[] = [];
	for (const bench of selected) {
		const file = path.join(BENCH_DIR, bench.file);
		if (!fs.existsSync(file)) {
			console.log(`\n== ${bench.file}: not present, skipped`);
			continue;
		}
		const node = bench.node24 ? node24Bin() : process.execPath;
		const args = [...(bench.flags ?? []), '--import', 'tsx', file];
		console.log(`\n== ${bench.file}: ${node} ${args.join(' ')}`);
		const result = spawnSync(node, args, { cwd: REPO, stdio: 'inherit', env: process.env });
		if (result.status !== 0) failures.push(`${bench.file} (exit ${result.status ?? result.signal})`);
	}
	writeReports();
	if (failures.length) console.error(`\nfailed: ${failures.join(', ')}`);
	return failures.length ? 1 : 0;
}

function writeReports(): void {
	const results: BenchResult[] = fs.existsSync(OUT_DIR)
		? fs.readdirSync(OUT_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(OUT_DIR, f), 'utf8')) as BenchResult)
		: [];
	const figures: Record<string, number | null> = Object.fromEntries(HEADLINE.map((key) => [key, null]));
	const details: Record<string, Record<string, number>> = {};
	const references: Record<string, number | null> = Object.fromEntries(REFERENCES.map(([key]) => [key, null]));
	for (const r of results) {
		details[r.name] = r.figures;
		for (const key of HEADLINE) if (key in r.figures) figures[key] = r.figures[key];
		for (const [key] of REFERENCES) if (key in r.figures) references[key] = r.figures[key];
	}
	const now = machine();
	fs.writeFileSync(
		path.join(BENCH_DIR, 'results.json'),
		`${JSON.stringify({ generatedAt: new Date().toISOString(), machine: now, ...figures, references, details, runs: results.map((r) => ({ name: r.name, startedAt: r.startedAt, seconds: r.seconds, machine: r.machine, command: r.command })) }, null, 2)}\n`,
	);
	const notes = fs.existsSync(path.join(BENCH_DIR, 'NOTES.md')) ? fs.readFileSync(path.join(BENCH_DIR, 'NOTES.md'), 'utf8') : '';
	const lines = [
		'# Benchmark results',
		'',
		'Generated by `npm run bench` (bench/run.ts) from the latest run of each benchmark; figures as numbers in',
		'`bench/results.json`. Benchmarks measure side by side in one run; they are not timed tests.',
		'',
		`Machine: ${now.cpu}, ${now.memory_gib} GiB, ${now.os}; runner ${now.node}.`,
		'',
		'| Figure | Value | Target |',
		'|---|---|---|',
		...[
			['p1_vs_floor', '≤ 1.15'],
			['p1_vs_http_request', '≤ 1.0'],
			['p2_share_of_limit', '≥ 0.95'],
			['p2_failed_requests', '0'],
			['p3_throughput_ratio', '≥ 0.9'],
			['p3_p99_ratio', '≤ 1.2'],
			['p4_rss_vs_json', '≤ 3'],
			['p5_seconds', '(measure)'],
			['p6_vs_floor', '(measure; requests = ceil(N/100))'],
			['p6_idle_requests', '1 per event type'],
		].map(([key, target]) => `| \`${key}\` | ${figures[key] ?? 'not measured'} | ${target} |`),
		'',
		'| Reference | Value | What |',
		'|---|---|---|',
		...REFERENCES.map(([key, what]) => `| \`${key}\` | ${references[key] ?? 'not measured'} | ${what} |`),
		'',
	];
	for (const r of results) {
		lines.push(`## ${r.name}`, '', `\`${r.command}\` — ran ${r.startedAt} for ${r.seconds.toFixed(0)} s; load at the end: \`${r.machine.uptime}\``, '', ...r.summary, '');
	}
	if (notes) lines.push(notes.trim(), '');
	fs.writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), lines.join('\n'));
	console.log(`\nwrote bench/results.json and bench/RESULTS.md (${results.length} benchmark(s))`);
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
