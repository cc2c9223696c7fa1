/**
 * Fault injection for /v1 requests: latency, error statuses, hangs, dropped sockets, malformed JSON, forced 429.
 * `drop` closes the connection before the request is handled (SamCart never saw it); `dropAfter` handles it in full
 * (a write changes the data, the log records the status SamCart would have answered) and then closes the connection
 * instead of answering: the client cannot tell it from `drop`, which is why a write must never be sent again.
 * Rules are checked in order; the first matching rule that fires is applied. `times` makes a rule deterministic
 * ("the next 2 requests to GET /orders fail with 503"); `rate` (0..1) fires it on a seeded share of requests.
 */
import { Rng } from './rng';

export type FaultAction =
	| { type: 'status'; status: number; body?: unknown }
	| { type: 'hang'; ms: number }
	| { type: 'drop' }
	| { type: 'dropAfter' }
	| { type: 'malformed' }
	| { type: 'rateLimit' };

export interface FaultRule {
	action: FaultAction;
	/** Only this HTTP method (case-insensitive). */
	method?: string;
	/**
	 * Only these paths below /v1 (query excluded). A string is a glob: `*` = one path segment, `**` = anything,
	 * e.g. `/orders`, `/orders/*`, `/subscriptions/ * /cancel`. A RegExp (in-process) is tested as is.
	 */
	path?: string | RegExp;
	/** Fire for the next N matching requests, then retire. */
	times?: number;
	/** Fire on this share (0..1) of matching requests. Default 1. */
	rate?: number;
}

export interface LatencyOptions {
	fixedMs?: number;
	jitterMs?: number;
}

export interface FaultConfig {
	latency?: LatencyOptions;
	rules?: FaultRule[];
}

function globToRegExp(glob: string): RegExp {
	const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
	const re = escaped
		.split('**')
		.map((part) => part.replace(/\*/g, '[^/]+'))
		.join('.*');
	return new RegExp(`^${re}/?$`);
}

interface ActiveRule extends FaultRule {
	matcher?: RegExp;
	remaining?: number;
}

export class Faults {
	private latency: LatencyOptions = {};
	private rules: ActiveRule[] = [];
	private rng: Rng;

	constructor(seed: number, config?: FaultConfig) {
		this.rng = new Rng(seed ^ 0x5eed);
		if (config) this.set(config);
	}

	/** Replaces the whole configuration. */
	set(config: FaultConfig): void {
		this.latency = config.latency ?? {};
		this.rules = [];
		for (const rule of config.rules ?? []) this.add(rule);
	}

	add(rule: FaultRule): void {
		const matcher = rule.path === undefined ? undefined : rule.path instanceof RegExp ? rule.path : globToRegExp(rule.path);
		this.rules.push({ ...rule, matcher, remaining: rule.times });
	}

	setLatency(latency: LatencyOptions): void {
		this.latency = latency;
	}

	clear(): void {
		this.latency = {};
		this.rules = [];
	}

	describe(): { latency: LatencyOptions; rules: Array<FaultRule & { remaining?: number }> } {
		return {
			latency: this.latency,
			rules: this.rules.map(({ matcher: _m, path, ...r }) => ({ ...r, path: path instanceof RegExp ? String(path) : path })),
		};
	}

	delayMs(): number {
		const fixed = this.latency.fixedMs ?? 0;
		const jitter = this.latency.jitterMs ?? 0;
		return fixed + (jitter > 0 ? Math.floor(this.rng.next() * (jitter + 1)) : 0);
	}

	/** The action to apply to this request, if any (consumes a `times` count). */
	pick(method: string, path: string): FaultAction | undefined {
		for (const rule of this.rules) {
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
			if (rule.matcher && !rule.matcher.test(path)) continue;
			if (rule.remaining !== undefined && rule.remaining <= 0) continue;
			if (rule.rate !== undefined && rule.rate < 1 && !(this.rng.next() < rule.rate)) continue;
			if (rule.remaining !== undefined) rule.remaining--;
			return rule.action;
		}
		this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
		return undefined;
	}
}
