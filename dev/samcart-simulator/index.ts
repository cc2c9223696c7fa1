/**
 * SamCart API simulator (dev tooling, never published). Start it in-process from tests:
 *
 *   const sim = await startSimulator({ size: 'small', seed: 1 });
 *   await fetch(`${sim.baseUrl}/orders`, { headers: { 'sc-api': sim.apiKey } });
 *   sim.requests(); sim.setFaults({ rules: [{ method: 'GET', path: '/orders', times: 2, action: { type: 'status', status: 503 } }] });
 *   await sim.stop();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin, type AdminContext } from './admin';
import { defaultNow, generateDataset, recordOf, type Dataset, type SizeOption } from './dataset';
import { Faults, type FaultConfig, type FaultRule } from './faults';
import { ApiError, readBody, type Reply, type RequestContext } from './http';
import { RateLimiter, type RateLimitOptions } from './rate-limiter';
import { RequestLog, redactHeaders, type LoggedRequest } from './request-log';
import { compileRoutes, matchRoute, ROUTES } from './routes';
import type { SimState } from './state';
import { parseFilterDate } from './time';

export { buildWebhookPayload, sendWebhook } from './webhooks';
export type { Dataset } from './dataset';
export type { FaultConfig, FaultRule } from './faults';
export type { LoggedRequest } from './request-log';

export interface SimulatorOptions {
	/** 0 (default) = a free port. */
	port?: number;
	host?: string;
	/** The valid API key. Default `sc_sim_key`. */
	apiKey?: string;
	/** A key that authenticates but has no API access (403). Default `sc_sim_no_access`. */
	noAccessKey?: string;
	seed?: number;
	/** `default` (5 000 customers / 20 000 orders), `small` (200 / 600) or explicit counts. Default `default`. */
	size?: SizeOption;
	/** Reference date of the data (Date, epoch ms or ISO string). Default: today 00:00:00 UTC. */
	now?: Date | number | string;
	/** Days before `now` the orders are spread over. Default 730; e.g. 7 puts every order in the last week. */
	spanDays?: number;
	rateLimit?: RateLimitOptions;
	faults?: FaultConfig;
	/** Status polls a batch answers "processing" before it completes. Default 1. */
	batchProcessingPolls?: number;
	/** ISO 4217 code of the store's amounts. Default USD; JPY has no decimals, KWD three. */
	currency?: string;
	/**
	 * Adds `cancel_schedule` to subscriptions with a scheduled cancellation. Neither SamCart spec defines it (one client
	 * reads it), so it is off unless asked for. Default false.
	 */
	unconfirmedCancelSchedule?: boolean;
}

export interface ResetOptions {
	seed?: number;
	currency?: string;
	size?: SizeOption;
	now?: Date | number | string;
	spanDays?: number;
}

export interface Simulator {
	/** `http://127.0.0.1:<port>` */
	url: string;
	/** `http://127.0.0.1:<port>/v1` */
	baseUrl: string;
	port: number;
	apiKey: string;
	noAccessKey: string;
	/** Current dataset (read access; replaced by reset). */
	readonly data: Dataset;
	readonly seed: number;
	/** The dataset's reference date (epoch ms). */
	readonly now: number;
	requests(filter?: { method?: string; path?: string | RegExp; route?: string }): LoggedRequest[];
	clearRequests(): void;
	routeCounts(): Record<string, number>;
	setFaults(config: FaultConfig): void;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	setRateLimit(options: RateLimitOptions): void;
	reset(options?: ResetOptions): Promise<void>;
	/** A record by resource name (`orders`, `charges`, `failed-charges`, `customers`, `products`, `refunds`, `subscriptions`, `plans`). */
	record(resource: string, id: number): unknown;
	stop(): Promise<void>;
}

export function toEpoch(now: Date | number | string | undefined): number {
	if (now === undefined) return defaultNow();
	if (now instanceof Date) return now.getTime();
	if (typeof now === 'number') return now;
	const ms = parseFilterDate(now, 'min') ?? Date.parse(now);
	if (Number.isNaN(ms)) throw new Error(`Invalid now: ${now}`);
	return ms;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolves at `deadline` (performance.now() ms) to within a fraction of a millisecond: timers alone fire ~1 ms late. */
const sleepUntil = (deadline: number) =>
	new Promise<void>((resolve) => {
		const check = () => (performance.now() >= deadline ? resolve() : setImmediate(check));
		setTimeout(check, Math.max(0, deadline - performance.now() - 2));
	});

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const apiKey = options.apiKey ?? 'sc_sim_key';
	const noAccessKey = options.noAccessKey ?? 'sc_sim_no_access';
	let seed = options.seed ?? 1;
	let size: SizeOption = options.size ?? 'default';
	let now = toEpoch(options.now);
	let spanDays = options.spanDays;
	let currency = options.currency;
	let startedAt = Date.now();
	const state: SimState = {
		data: await generateDataset({ seed, size, now, spanDays, currency }),
		clock: () => now + (Date.now() - startedAt),
		batches: new Map(),
		batchProcessingPolls: options.batchProcessingPolls ?? 1,
	};
	const log = new RequestLog();
	const faults = new Faults(seed, options.faults);
	const limiter = new RateLimiter(options.rateLimit);
	const routes = compileRoutes(ROUTES);
	const sockets = new Set<import('node:net').Socket>();

	// The field no spec defines stays internal (writes and deliveries use it) unless the caller opted in.
	const unconfirmed = options.unconfirmedCancelSchedule
		? undefined
		: (key: string, value: unknown) => (key === 'cancel_schedule' ? undefined : value);

	/** Serialises a reply now and returns the function that sends it (so a latency can elapse in between). */
	const prepare = (res: ServerResponse, reply: Reply, entry?: LoggedRequest) => {
		const body = reply.body === undefined ? '' : JSON.stringify(reply.body, unconfirmed);
		return () => {
			if (entry) entry.status = reply.status;
			if (res.headersSent || res.destroyed) return;
			res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
			res.end(body);
		};
	};
	const send = (res: ServerResponse, reply: Reply, entry?: LoggedRequest) => prepare(res, reply, entry)();

	async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string, arrivedAt: number): Promise<void> {
		const started = Date.now();
		const path = url.pathname.slice(3) || '/';
		const method = (req.method ?? 'GET').toUpperCase();
		const match = matchRoute(routes, method, path);
		const routeName = match && 'route' in match ? `${method} ${match.route.pattern}` : `${method} (unmatched)`;
		let body: unknown = undefined;
		let bodyError = false;
		if (rawBody.length) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				body = rawBody;
				bodyError = true;
			}
		}
		const query: Record<string, string | string[]> = {};
		for (const [k, v] of url.searchParams) {
			const prev = query[k];
			query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
		}
		const entry = log.add({
			at: new Date().toISOString(),
			method,
			path: url.pathname,
			query,
			headers: redactHeaders(req.headers),
			body,
			route: routeName,
		});
		log.count(routeName);
		// The latency is SamCart's answer time: the request is handled meanwhile and the answer leaves no sooner than
		// `delay` after arrival, so a client's floor is exactly one latency per request.
		const delay = faults.delayMs();
		const latency = delay > 0 ? sleepUntil(arrivedAt + delay) : undefined;
		/** Closes the connection without an answer; the log keeps `status` (0: the request was never handled). */
		const hangUp = async (status: number) => {
			await latency;
			entry.status = status;
			req.socket.destroy();
		};
		let dropAnswer = false;
		const answer = async (reply: Reply) => {
			if (dropAnswer) return await hangUp(reply.status);
			const sendNow = prepare(res, reply, entry);
			await latency;
			sendNow();
		};
		try {
			const fault = faults.pick(method, path);
			let forced429 = false;
			if (fault) {
				entry.fault = fault.type === 'status' ? `status ${fault.status}` : fault.type;
				if (fault.type === 'hang') await sleep(fault.ms);
				else if (fault.type === 'drop') return await hangUp(0);
				else if (fault.type === 'dropAfter') dropAnswer = true;
				else if (fault.type === 'malformed') {
					await latency;
					entry.status = 200;
					res.writeHead(200, { 'Content-Type': 'application/json' });
					res.end('{"data": [{"id": 1, "total": 49');
					return;
				} else if (fault.type === 'status') {
					return await answer({ status: fault.status, body: fault.body ?? { message: `Simulated ${fault.status} error` } });
				} else if (fault.type === 'rateLimit') forced429 = true;
			}
			const key = req.headers['sc-api'];
			const keyValue = Array.isArray(key) ? key[0] : key;
			if (keyValue === undefined || keyValue === '') throw new ApiError(401, { message: 'No API key found in request' });
			if (keyValue === noAccessKey) throw new ApiError(403, { message: 'Your plan does not include API access.' });
			if (keyValue !== apiKey) throw new ApiError(401, { message: 'Invalid authentication credentials' });
			const rate = limiter.hit(keyValue, forced429);
			if (!rate.allowed) return await answer({ status: 429, body: { message: 'Too many requests' }, headers: rate.headers });
			let reply: Reply;
			try {
				if (!match) throw new ApiError(404, { message: 'Not Found' });
				if (!('route' in match)) throw new ApiError(405, { message: 'Method Not Allowed' });
				if (bodyError) throw new ApiError(400, { success: false, error: 'The request body is not valid JSON.', data: null });
				const host = req.headers.host ?? `127.0.0.1:${port}`;
				const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0] ?? 'http';
				const ctx: RequestContext = { method, path: path.replace(/\/$/, '') || '/', query: url.searchParams, params: match.params, body, origin: `${proto}://${host}`, req };
				reply = await match.route.handler(ctx, state);
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				reply = { status: error.status, body: error.body };
			}
			await answer({ ...reply, headers: { ...rate.headers, ...reply.headers } });
		} catch (error) {
			if (error instanceof ApiError) await answer({ status: error.status, body: error.body, headers: error.headers });
			else await answer({ status: 500, body: { message: 'Internal simulator error', detail: String(error) } });
		} finally {
			entry.durationMs = Date.now() - started;
		}
	}

	const server: Server = createServer((req, res) => {
		void (async () => {
			const arrivedAt = performance.now();
			const url = new URL(req.url ?? '/', 'http://localhost');
			const rawBody = await readBody(req);
			if (url.pathname.startsWith('/__admin')) {
				return handleAdmin(req, res, url, rawBody, admin);
			}
			if (url.pathname === '/v1' || url.pathname.startsWith('/v1/')) return handleApi(req, res, url, rawBody, arrivedAt);
			send(res, { status: 404, body: { message: 'Not Found' } });
		})().catch((error) => {
			if (!res.headersSent) send(res, { status: 500, body: { message: 'Internal simulator error', detail: String(error) } });
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

	const sim: Simulator = {
		url,
		baseUrl: `${url}/v1`,
		port,
		apiKey,
		noAccessKey,
		get data() {
			return state.data;
		},
		get seed() {
			return seed;
		},
		get now() {
			return now;
		},
		requests: (filter) => log.list(filter),
		clearRequests: () => log.clear(),
		routeCounts: () => log.routeCounts(),
		setFaults: (config) => faults.set(config),
		addFault: (rule) => faults.add(rule),
		clearFaults: () => faults.clear(),
		setRateLimit: (opts) => limiter.configure(opts),
		reset: async (opts = {}) => {
			seed = opts.seed ?? seed;
			size = opts.size ?? size;
			now = opts.now === undefined ? now : toEpoch(opts.now);
			spanDays = opts.spanDays ?? spanDays;
			currency = opts.currency ?? currency;
			state.data = await generateDataset({ seed, size, now, spanDays, currency });
			startedAt = Date.now();
			state.batches.clear();
			log.clear();
			faults.clear();
			limiter.reset();
		},
		record: (resource, id) => recordOf(state.data, resource, id),
		stop: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
	const admin: AdminContext = { log, faults, limiter, sim };
	return sim;
}
