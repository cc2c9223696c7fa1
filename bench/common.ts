/**
 * Shared pieces of the benchmarks: the simulator as a separate process (so its CPU does not count as ours), the
 * machine description, small statistics, and the result file each benchmark writes for bench/run.ts.
 */
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BENCH_DIR = __dirname;
export const REPO = path.resolve(__dirname, '..');
export const OUT_DIR = path.join(BENCH_DIR, '.out');

export interface SimProcess {
	baseUrl: string;
	url: string;
	apiKey: string;
	proc: ChildProcess;
	stop(): Promise<void>;
}

/** Starts `dev/samcart-simulator/cli.ts` in its own process and waits for its base URL. */
export async function startSimProcess(flags: Record<string, string | number>): Promise<SimProcess> {
	// `--import tsx` (not the tsx CLI, which forks a second process): stop() signals the process that serves.
	const args = ['--import', 'tsx', path.join(REPO, 'dev', 'samcart-simulator', 'cli.ts')];
	for (const [name, value] of Object.entries({ port: 0, ...flags })) args.push(`--${name}`, String(value));
	const proc = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
	const baseUrl = await new Promise<string>((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => reject(new Error(`simulator did not start: ${seen}`)), 300_000);
		proc.stdout!.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			const match = /base URL : (\S+)/.exec(seen);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		proc.on('exit', (code) => reject(new Error(`simulator exited (${code}): ${seen}`)));
	});
	proc.stdout!.resume();
	const stop = () =>
		new Promise<void>((resolve) => {
			if (proc.exitCode !== null) return resolve();
			proc.once('exit', () => resolve());
			proc.kill('SIGTERM');
			setTimeout(() => proc.exitCode === null && proc.kill('SIGKILL'), 5_000).unref();
		});
	return { baseUrl, url: baseUrl.replace(/\/v1$/, ''), apiKey: String(flags.key ?? 'sc_sim_key'), proc, stop };
}

export async function simAdmin<T = unknown>(sim: SimProcess, method: string, adminPath: string, body?: unknown): Promise<T> {
	const res = await fetch(`${sim.url}/__admin${adminPath}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return (text ? JSON.parse(text) : undefined) as T;
}

export function machine(): Record<string, string | number> {
	const cpus = os.cpus();
	let loadNow = os.loadavg().map((value) => value.toFixed(2)).join(', ');
	try {
		loadNow = execSync('uptime', { encoding: 'utf8' }).trim();
	} catch {
		/* keep loadavg */
	}
	return {
		host: os.hostname(),
		os: `${os.type()} ${os.release()}`,
		cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
		memory_gib: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		uptime: loadNow,
	};
}

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const percentile = (values: number[], p: number): number => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** What one benchmark hands to bench/run.ts: named figures (numbers), a human summary, the command line. */
export interface BenchResult {
	name: string;
	command: string;
	figures: Record<string, number>;
	/** Markdown lines for RESULTS.md. */
	summary: string[];
	machine: Record<string, string | number>;
	startedAt: string;
	seconds: number;
}

export function writeResult(result: BenchResult): void {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	fs.writeFileSync(path.join(OUT_DIR, `${result.name}.json`), JSON.stringify(result, null, 2));
	console.log(`\n== ${result.name} (${result.seconds.toFixed(1)} s) — ${result.command}`);
	for (const line of result.summary) console.log(line);
	console.log(JSON.stringify(result.figures));
}

/** The command that reproduces this benchmark alone. */
export const commandFor = (file: string): string => `npm run bench -- ${path.basename(file, '.ts')}`;

/** Samples this process's RSS every `everyMs` ms; returns the peak since start() when stopped. */
export function rssSampler(everyMs = 5) {
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, everyMs);
	return {
		stop(): number {
			clearInterval(timer);
			return Math.max(peak, process.memoryUsage.rss());
		},
	};
}
