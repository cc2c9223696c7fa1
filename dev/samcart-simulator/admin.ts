/**
 * Admin surface for tests, outside /v1 and without an API key:
 *   GET    /__admin/info                      seed, size, reference date, record counts, rate limit, faults
 *   POST   /__admin/reset                     {seed?, size?, now?} regenerate data; clears log, faults, batches, windows
 *   GET    /__admin/requests[?method=&path=]  request log (sc-api value redacted);  DELETE clears it
 *   GET    /__admin/counts                    requests per route
 *   GET    /__admin/faults                    current faults; PUT replaces {latency?, rules?}; POST adds one rule; DELETE clears
 *   GET    /__admin/rate-limit                {limit, windowMs}; PUT sets it ({limit: 0} = unlimited)
 *   GET    /__admin/records/:resource/:id     one record, e.g. /__admin/records/orders/500001
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordOf, type Dataset } from './dataset';
import type { FaultConfig, FaultRule, Faults } from './faults';
import type { RateLimiter } from './rate-limiter';
import type { RequestLog } from './request-log';

/** What the admin routes reach of a running simulator (index.ts hands it over; this file imports nothing from it). */
export interface AdminContext {
	sim: {
		readonly data: Dataset;
		readonly url: string;
		readonly baseUrl: string;
		readonly seed: number;
		readonly now: number;
		reset(options?: Record<string, unknown>): Promise<void>;
	};
	log: RequestLog;
	faults: Faults;
	limiter: RateLimiter;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

export async function handleAdmin(
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	rawBody: string,
	admin: AdminContext,
): Promise<void> {
	const { sim, log, faults, limiter } = admin;
	const method = (req.method ?? 'GET').toUpperCase();
	const path = url.pathname.replace(/^\/__admin/, '').replace(/\/$/, '');
	let body: Record<string, unknown> = {};
	if (rawBody) {
		try {
			body = JSON.parse(rawBody) as Record<string, unknown>;
		} catch {
			return reply(res, 400, { error: 'invalid JSON' });
		}
	}
	try {
		if (path === '/info' && method === 'GET') {
			const ds = sim.data;
			return reply(res, 200, {
				url: sim.url,
				baseUrl: sim.baseUrl,
				seed: sim.seed,
				now: new Date(sim.now).toISOString(),
				sizes: ds.sizes,
				counts: {
					products: ds.products.length,
					customers: ds.customers.length,
					orders: ds.orders.length,
					charges: ds.charges.length,
					failedCharges: ds.failedCharges.length,
					refunds: ds.refunds.length,
					subscriptions: ds.subscriptions.length,
					funnels: ds.funnels.length,
				},
				rateLimit: { limit: limiter.limit, windowMs: limiter.windowMs },
				faults: faults.describe(),
			});
		}
		if (path === '/reset' && method === 'POST') {
			await sim.reset(body);
			return reply(res, 200, { ok: true, seed: sim.seed, now: new Date(sim.now).toISOString() });
		}
		if (path === '/requests' && method === 'GET') {
			return reply(res, 200, log.list({ method: url.searchParams.get('method') ?? undefined, path: url.searchParams.get('path') ?? undefined }));
		}
		if (path === '/requests' && method === 'DELETE') {
			log.clear();
			return reply(res, 200, { ok: true });
		}
		if (path === '/counts' && method === 'GET') return reply(res, 200, log.routeCounts());
		if (path === '/faults') {
			if (method === 'GET') return reply(res, 200, faults.describe());
			if (method === 'PUT') faults.set(body as FaultConfig);
			else if (method === 'POST') faults.add(body as unknown as FaultRule);
			else if (method === 'DELETE') faults.clear();
			else return reply(res, 405, { error: 'method not allowed' });
			return reply(res, 200, faults.describe());
		}
		if (path === '/rate-limit') {
			if (method === 'PUT') limiter.configure(body as { limit?: number; windowMs?: number });
			return reply(res, 200, { limit: limiter.limit, windowMs: limiter.windowMs });
		}
		const record = /^\/records\/([a-z-]+)\/(\d+)$/.exec(path);
		if (record && method === 'GET') {
			const found = recordOf(sim.data, record[1], Number(record[2]));
			return found ? reply(res, 200, found) : reply(res, 404, { error: 'not found' });
		}
		return reply(res, 404, { error: `unknown admin route ${method} ${url.pathname}` });
	} catch (error) {
		return reply(res, 500, { error: String(error) });
	}
}
