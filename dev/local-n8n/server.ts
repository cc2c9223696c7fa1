/**
 * Starts and stops REAL n8n servers (n8n 2.41.1 on Node 24, n8n 1.123.81 on the system Node 20) with our packed
 * package installed like the Community Nodes screen does, optionally in queue mode (PostgreSQL + Redis + workers).
 *
 *   const n8n = await startN8n({ line: '2' });
 *   await n8n.api.bootstrap();               // owner + login cookie + API key
 *   ...
 *   await n8n.stop();                         // kills the whole process group, SIGTERM then SIGKILL
 *
 * See README.md in this folder.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { N8nApi } from './api';
import { connectExternal, externalUrl } from './external';
import { ensureLine } from './install';
import { installPackageInto, packPackage } from './package';
import { cleanEnv, componentDir, N8nLine, n8nBinScript, nodeBinFor } from './paths';
import { reapOrphans, register, stopAllGroups, stopGroup } from './procs';

export interface QueueOptions {
	/** Number of `n8n worker` processes (default 1). */
	workers?: number;
	/** Worker --concurrency (default 5). */
	concurrency?: number;
	postgres?: { host?: string; port?: number; user?: string; password?: string; database?: string; keepDatabase?: boolean };
	redis?: { host?: string; port?: number; db?: number; prefix?: string };
}

export interface StartOptions {
	line: N8nLine;
	/** HTTP port of the main instance (default: a free port). */
	port?: number;
	/** n8n user folder (N8N_USER_FOLDER). Default: a fresh temp dir, removed by stop() unless keepUserFolder. */
	userFolder?: string;
	keepUserFolder?: boolean;
	/** Extra env for every process of this server (wins over the launcher's defaults). */
	env?: Record<string, string | undefined>;
	/**
	 * Which package to install before start: a tarball path, 'pack' (npm run build + npm pack of the repo, the
	 * default), or false (plain n8n, nothing installed).
	 */
	package?: string | 'pack' | false;
	/** Queue mode: main + workers on PostgreSQL + Redis. */
	queue?: QueueOptions;
	/** Ensure the line is installed first (default true; no-op when cached). */
	install?: boolean;
	/** Max time to wait for readiness (default 180 s — cold starts on a loaded 2-core CI box are slow). */
	readyTimeoutMs?: number;
	/** Progress messages (default: stderr). */
	log?: (msg: string) => void;
	/**
	 * URL of an n8n that is already running, to use instead of starting one (default: SAMCART_EXTERNAL_N8N). See
	 * external.ts: the package must be installed there; queue mode, cli() and the log file are not available.
	 */
	external?: string;
}

export interface ProcessHandle {
	role: 'main' | 'worker';
	pid: number;
	userFolder: string;
	logFile: string;
	/** Worker health port (queue mode) or main HTTP port. */
	port: number;
	brokerPort: number;
	/** Whether the process (leader) is still running. */
	alive(): boolean;
	/** Log contents so far. */
	readLog(): string;
}

export interface N8nServer {
	line: N8nLine;
	version: string;
	baseUrl: string;
	port: number;
	userFolder: string;
	/** Main process log (stdout+stderr). Check it on failures. */
	logFile: string;
	encryptionKey: string;
	main: ProcessHandle;
	workers: ProcessHandle[];
	/** True for an n8n the launcher did not start (SAMCART_EXTERNAL_N8N): no user folder, log, CLI or queue info. */
	external?: boolean;
	/** Queue mode only: the fresh database, the Bull prefix and n8n's own Redis key prefix (N8N_REDIS_KEY_PREFIX). */
	queue?: { database: string; bullPrefix: string; redisKeyPrefix: string };
	api: N8nApi;
	/** Environment every process of this server got (handy to run CLI commands against the same instance). */
	env: NodeJS.ProcessEnv;
	/** Runs an n8n CLI command (e.g. ['import:workflow', '--input=x.json']) against this instance's user folder/DB. */
	cli(args: string[], timeoutMs?: number): Promise<{ code: number | null; output: string }>;
	/** Imports a workflow JSON file via `n8n import:workflow` (works while the server runs; activation needs a restart). */
	importWorkflowFile(file: string): Promise<void>;
	/**
	 * Stops every process (workers first), SIGTERM then SIGKILL; drops the queue DB and Redis keys; removes a temp
	 * user folder (kept when keepUserFolder or SAMCART_N8N_KEEP=1, and always kept when start-up failed).
	 */
	stop(): Promise<void>;
}

const defaultLog = (msg: string) => process.stderr.write(`[local-n8n ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Kills every n8n process this process started and has not stopped yet, including servers whose startN8n() has not
 * resolved (e.g. a test that timed out mid start-up). Use it in afterAll as a safety net next to server.stop().
 */
export const stopAll = (): Promise<void> => stopAllGroups();

/** A TCP port nobody listens on right now (ephemeral range, picked by the kernel). */
export async function freePort(): Promise<number> {
	for (let i = 0; i < 20; i++) {
		const port = await new Promise<number>((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const p = (srv.address() as net.AddressInfo).port;
				srv.close(() => resolve(p));
			});
		});
		if (!reserved.has(port)) {
			reserved.add(port);
			return port;
		}
	}
	throw new Error('could not find a free port');
}
const reserved = new Set<number>();

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
	return new Promise((resolve) => {
		const s = net.connect({ host: '127.0.0.1', port });
		const done = (v: boolean) => {
			s.destroy();
			resolve(v);
		};
		s.setTimeout(timeoutMs, () => done(false));
		s.once('connect', () => done(true));
		s.once('error', () => done(false));
	});
}

function baseEnv(line: N8nLine): Record<string, string> {
	const nodeMajor = line === '2' ? 24 : Number(process.versions.node.split('.')[0]);
	const env: Record<string, string> = {
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		DB_SQLITE_POOL_SIZE: '3',
	};
	// isolated-vm in 1.123.81 has no Node 20 prebuild: the default 'vm' expression engine cannot load there.
	if (line === '1' && nodeMajor < 22) env.N8N_EXPRESSION_ENGINE = 'legacy';
	return env;
}

function tail(file: string, lines = 60): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

function spawnN8n(
	line: N8nLine,
	role: 'main' | 'worker',
	args: string[],
	userFolder: string,
	env: NodeJS.ProcessEnv,
	port: number,
	brokerPort: number,
): ProcessHandle {
	fs.mkdirSync(userFolder, { recursive: true });
	const logFile = path.join(userFolder, `n8n-${role}.log`);
	const fd = fs.openSync(logFile, 'a');
	// detached => own process group (pgid == pid): stop() kills n8n and its task-runner child together.
	// Output goes straight to a file: no pipe that could close under a live n8n (n8n-runtime.md §8 item 8).
	const child = spawn(nodeBinFor(line), [n8nBinScript(line), ...args], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: ['ignore', fd, fd],
	});
	fs.closeSync(fd);
	register(child, `n8n ${line}.x ${role} :${port}`);
	let exited = false;
	child.once('exit', () => (exited = true));
	return {
		role,
		pid: child.pid!,
		userFolder,
		logFile,
		port,
		brokerPort,
		alive: () => !exited,
		readLog: () => fs.readFileSync(logFile, 'utf8'),
	};
}

async function waitReady(proc: ProcessHandle, urls: string[], timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (const url of urls) {
		for (;;) {
			if (!proc.alive()) throw new Error(`${what} exited during start-up; log ${proc.logFile}:\n${tail(proc.logFile)}`);
			try {
				const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
				if (r.status === 200) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) {
				throw new Error(`${what} not ready after ${timeoutMs} ms (waiting for ${url}); log ${proc.logFile}:\n${tail(proc.logFile)}`);
			}
			await sleep(250);
		}
	}
}

/** Loads a module (pg, ioredis) from the installed n8n tree, so the launcher itself needs no extra dependency. */
function n8nRequire(line: N8nLine): NodeJS.Require {
	return createRequire(path.join(componentDir(line === '2' ? 'n8n2' : 'n8n1'), 'node_modules', 'n8n', 'package.json'));
}

interface PgClient {
	connect(): Promise<void>;
	query(sql: string): Promise<unknown>;
	end(): Promise<void>;
}

async function pgAdmin(line: N8nLine, pg: NonNullable<QueueOptions['postgres']>, sql: string): Promise<void> {
	const { Client } = n8nRequire(line)('pg') as { Client: new (o: object) => PgClient };
	const client = new Client({
		host: pg.host ?? '127.0.0.1',
		port: pg.port ?? 5432,
		user: pg.user ?? 'postgres',
		password: pg.password,
		database: 'postgres',
		connectionTimeoutMillis: 10_000,
	});
	try {
		await client.connect();
	} catch (e) {
		throw new Error(`queue mode needs PostgreSQL at ${pg.host ?? '127.0.0.1'}:${pg.port ?? 5432} (user ${pg.user ?? 'postgres'}): ${(e as Error).message}`);
	}
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

interface RedisLike {
	scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>;
	del(...keys: string[]): Promise<number>;
	ping(): Promise<string>;
	quit(): Promise<unknown>;
	disconnect(): void;
}

async function withRedis<T>(line: N8nLine, r: NonNullable<QueueOptions['redis']>, fn: (c: RedisLike) => Promise<T>): Promise<T> {
	const Redis = n8nRequire(line)('ioredis') as new (o: object) => RedisLike;
	const client = new Redis({
		host: r.host ?? '127.0.0.1',
		port: r.port ?? 6379,
		db: r.db ?? 0,
		lazyConnect: false,
		maxRetriesPerRequest: 1,
		retryStrategy: () => null,
		connectTimeout: 5000,
	});
	try {
		return await fn(client);
	} catch (e) {
		throw new Error(`queue mode needs Redis at ${r.host ?? '127.0.0.1'}:${r.port ?? 6379}: ${(e as Error).message}`);
	} finally {
		client.disconnect();
	}
}

async function deleteRedisPrefix(line: N8nLine, r: NonNullable<QueueOptions['redis']>, prefix: string): Promise<void> {
	await withRedis(line, r, async (c) => {
		let cursor = '0';
		do {
			const [next, keys] = await c.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
			if (keys.length) await c.del(...keys);
			cursor = next;
		} while (cursor !== '0');
	});
}

/** Starts a real n8n (and, in queue mode, its workers). Always pair with stop() (also done on process exit). */
export async function startN8n(opts: StartOptions): Promise<N8nServer> {
	const log = opts.log ?? defaultLog;
	const external = opts.external ?? externalUrl();
	if (external) {
		if (opts.queue) throw new Error('queue mode needs servers the launcher starts: not available with SAMCART_EXTERNAL_N8N');
		return connectExternal(external, log);
	}
	const { line } = opts;
	const t0 = Date.now();
	reapOrphans(log);
	if (opts.install !== false) await ensureLine(line, { log });
	const version = line === '2' ? '2.41.1' : '1.123.81';

	const tarball = opts.package === false ? undefined : opts.package === undefined || opts.package === 'pack' ? await packPackage({ log }) : opts.package;

	const tmpRoot = opts.userFolder ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), `n8n${line}-`));
	const userFolder = opts.userFolder ?? path.join(tmpRoot!, 'main');
	fs.mkdirSync(userFolder, { recursive: true });
	const port = opts.port ?? (await freePort());
	const brokerPort = await freePort();
	const encryptionKey = randomBytes(24).toString('hex');

	const common: Record<string, string | undefined> = { ...baseEnv(line), N8N_ENCRYPTION_KEY: encryptionKey };
	let queueInfo: N8nServer['queue'];
	const pgOpts = opts.queue?.postgres ?? {};
	const redisOpts = opts.queue?.redis ?? {};
	if (opts.queue) {
		const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
		const database = pgOpts.database ?? `samcart_n8n${line}_${suffix}`;
		const bullPrefix = redisOpts.prefix ?? `samcart-n8n${line}-${suffix}`;
		await withRedis(line, redisOpts, (c) => c.ping());
		await pgAdmin(line, pgOpts, `CREATE DATABASE "${database}"`);
		// n8n's own Redis keys (cache, instance state, pub/sub channels) default to the prefix `n8n`, shared by every
		// cluster on the same Redis: a webhook cached by an earlier cluster then made activation fail with 409
		// "There is a conflict with one of the webhooks". Give each cluster its own.
		const redisKeyPrefix = `${bullPrefix}-n8n`;
		queueInfo = { database, bullPrefix, redisKeyPrefix };
		Object.assign(common, {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: pgOpts.host ?? '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgOpts.port ?? 5432),
			DB_POSTGRESDB_USER: pgOpts.user ?? 'postgres',
			DB_POSTGRESDB_PASSWORD: pgOpts.password ?? '',
			DB_POSTGRESDB_DATABASE: database,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redisOpts.host ?? '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisOpts.port ?? 6379),
			QUEUE_BULL_REDIS_DB: String(redisOpts.db ?? 0),
			QUEUE_BULL_PREFIX: bullPrefix,
			N8N_REDIS_KEY_PREFIX: redisKeyPrefix,
			// workers get manual executions too, so editor "test" runs exercise the worker as well
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		});
	}

	const envFor = (folder: string, broker: number, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv =>
		cleanEnv({
			PATH: `${path.dirname(nodeBinFor(line))}:${process.env.PATH}`,
			...common,
			N8N_USER_FOLDER: folder,
			N8N_RUNNERS_BROKER_PORT: String(broker),
			...extra,
			...(opts.env ?? {}),
		});

	const procs: ProcessHandle[] = [];
	let stopped = false;
	const stop = async (keepFiles = opts.keepUserFolder || process.env.SAMCART_N8N_KEEP === '1') => {
		if (stopped) return;
		stopped = true;
		const errors: string[] = [];
		// workers first, then main
		for (const p of [...procs].reverse()) {
			try {
				await stopGroup(p.pid);
			} catch (e) {
				errors.push((e as Error).message);
			}
		}
		if (queueInfo) {
			try {
				if (!pgOpts.keepDatabase) await pgAdmin(line, pgOpts, `DROP DATABASE IF EXISTS "${queueInfo.database}" WITH (FORCE)`);
				await deleteRedisPrefix(line, redisOpts, queueInfo.bullPrefix);
				await deleteRedisPrefix(line, redisOpts, queueInfo.redisKeyPrefix);
			} catch (e) {
				errors.push(`queue cleanup: ${(e as Error).message}`);
			}
		}
		if (tmpRoot && !keepFiles) fs.rmSync(tmpRoot, { recursive: true, force: true });
		if (errors.length) throw new Error(`stop(): ${errors.join('; ')}`);
	};

	try {
		if (tarball) {
			const t1 = Date.now();
			await installPackageInto(userFolder, tarball);
			log(`n8n ${line}.x: package installed into ${userFolder}/.n8n/nodes in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
		}
		const env = envFor(userFolder, brokerPort, { N8N_PORT: String(port) });
		const main = spawnN8n(line, 'main', ['start'], userFolder, env, port, brokerPort);
		procs.push(main);
		const baseUrl = `http://127.0.0.1:${port}`;
		const timeout = opts.readyTimeoutMs ?? 180_000;
		// 1.x answers /healthz/readiness before the REST routes exist: also wait for /rest/settings (n8n-runtime.md §5).
		await waitReady(main, [`${baseUrl}/healthz/readiness`, `${baseUrl}/rest/settings`], timeout, `n8n ${line}.x main`);
		log(`n8n ${line}.x main ready at ${baseUrl} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log ${main.logFile})`);

		const workers: ProcessHandle[] = [];
		if (opts.queue) {
			const n = opts.queue.workers ?? 1;
			for (let i = 0; i < n; i++) {
				const folder = tmpRoot ? path.join(tmpRoot, `worker${i + 1}`) : `${userFolder}-worker${i + 1}`;
				// Workers execute the nodes: they need the package too (the documented "Unrecognized node type" trap).
				if (tarball) await installPackageInto(folder, tarball);
				const healthPort = await freePort();
				const wBroker = await freePort();
				const wEnv = envFor(folder, wBroker, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				});
				const w = spawnN8n(line, 'worker', ['worker', `--concurrency=${opts.queue.concurrency ?? 5}`], folder, wEnv, healthPort, wBroker);
				procs.push(w);
				workers.push(w);
			}
			await Promise.all(
				workers.map((w, i) => waitReady(w, [`http://127.0.0.1:${w.port}/healthz/readiness`], timeout, `n8n ${line}.x worker ${i + 1}`)),
			);
			log(`n8n ${line}.x: ${workers.length} worker(s) ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		}

		const cli = async (args: string[], timeoutMs = 120_000) => {
			const cliBroker = await freePort(); // `n8n execute` starts its own task broker
			return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
				const c = spawn(nodeBinFor(line), [n8nBinScript(line), ...args], {
					cwd: userFolder,
					env: envFor(userFolder, cliBroker),
					detached: true,
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				register(c, `n8n ${line}.x cli ${args[0]}`);
				let output = '';
				c.stdout!.on('data', (d) => (output += d));
				c.stderr!.on('data', (d) => (output += d));
				const timer = setTimeout(() => void stopGroup(c.pid!, 2000).catch(() => undefined), timeoutMs);
				c.on('error', reject);
				c.on('exit', (code) => {
					clearTimeout(timer);
					void stopGroup(c.pid!, 1000)
						.catch(() => undefined)
						.then(() => resolve({ code, output }));
				});
			});
		};

		return {
			line,
			version,
			baseUrl,
			port,
			userFolder,
			logFile: main.logFile,
			encryptionKey,
			main,
			workers,
			queue: queueInfo,
			api: new N8nApi(baseUrl, line),
			env,
			cli,
			async importWorkflowFile(file: string) {
				const r = await cli(['import:workflow', `--input=${path.resolve(file)}`]);
				if (r.code !== 0) throw new Error(`n8n import:workflow ${file} failed (code ${r.code}):\n${r.output.slice(-3000)}`);
			},
			stop: () => stop(),
		};
	} catch (e) {
		// keep the user folder: the error message points at its log file
		await stop(true).catch(() => undefined);
		throw e;
	}
}
