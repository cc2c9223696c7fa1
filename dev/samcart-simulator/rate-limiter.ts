/**
 * Fixed-window rate limiter per API key (§5: 120 or 240 requests per 60 s per marketplace).
 * `limit: 0` disables it. Every authenticated response carries RateLimit-Limit/Remaining/Reset (seconds to reset);
 * a refused request gets 429 `{"message":"Too many requests"}` with Retry-After (UNCONFIRMED as guaranteed; we send it).
 */
export interface RateLimitOptions {
	/** Requests per window; 0 = unlimited. Default 120. */
	limit?: number;
	/** Window length in ms. Default 60 000. */
	windowMs?: number;
}

export interface RateDecision {
	allowed: boolean;
	headers: Record<string, string>;
}

export class RateLimiter {
	limit: number;
	windowMs: number;
	private windows = new Map<string, { start: number; count: number }>();

	constructor(options: RateLimitOptions = {}) {
		this.limit = options.limit ?? 120;
		this.windowMs = options.windowMs ?? 60_000;
	}

	configure(options: RateLimitOptions): void {
		if (options.limit !== undefined) this.limit = options.limit;
		if (options.windowMs !== undefined) this.windowMs = options.windowMs;
		this.windows.clear();
	}

	reset(): void {
		this.windows.clear();
	}

	/** Counts one request; `force` refuses it regardless (forced-429 fault). */
	hit(key: string, force = false, nowMs = Date.now()): RateDecision {
		if (this.limit <= 0 && !force) return { allowed: true, headers: {} };
		let w = this.windows.get(key);
		if (!w || nowMs - w.start >= this.windowMs) {
			w = { start: nowMs, count: 0 };
			this.windows.set(key, w);
		}
		const limit = this.limit > 0 ? this.limit : 1;
		const resetSec = Math.max(1, Math.ceil((w.start + this.windowMs - nowMs) / 1000));
		const allowed = !force && w.count < limit;
		if (allowed) w.count++;
		const headers: Record<string, string> = {
			'RateLimit-Limit': String(this.limit > 0 ? this.limit : 0),
			'RateLimit-Remaining': String(Math.max(0, limit - w.count)),
			'RateLimit-Reset': String(resetSec),
		};
		if (!allowed) headers['Retry-After'] = String(resetSec);
		return { allowed, headers };
	}
}
