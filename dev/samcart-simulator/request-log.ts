/** Request log and per-route counts, for assertions in tests. The `sc-api` header value is never stored. */
export interface LoggedRequest {
	seq: number;
	at: string;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	/** Route pattern, e.g. `GET /orders/:id`; `GET (unmatched)` when nothing matched. */
	route: string;
	status?: number;
	/** What the fault injector did, if anything. */
	fault?: string;
	durationMs?: number;
}

export const REDACTED = '[redacted]';

export class RequestLog {
	private entries: LoggedRequest[] = [];
	private counts = new Map<string, number>();
	private seq = 0;

	constructor(private readonly max = 20_000) {}

	add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
		const logged = { seq: ++this.seq, ...entry };
		this.entries.push(logged);
		if (this.entries.length > this.max) this.entries.shift();
		return logged;
	}

	count(route: string): void {
		this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
	}

	list(filter: { method?: string; path?: string | RegExp; route?: string } = {}): LoggedRequest[] {
		return this.entries.filter(
			(e) =>
				(!filter.method || e.method === filter.method.toUpperCase()) &&
				(!filter.route || e.route === filter.route) &&
				(!filter.path || (filter.path instanceof RegExp ? filter.path.test(e.path) : e.path === filter.path)),
		);
	}

	routeCounts(): Record<string, number> {
		return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
	}

	clear(): void {
		this.entries = [];
		this.counts.clear();
	}
}

export function redactHeaders(headers: Record<string, string | string[] | undefined>) {
	const out: Record<string, string | string[] | undefined> = {};
	for (const [k, v] of Object.entries(headers)) out[k] = k.toLowerCase() === 'sc-api' ? REDACTED : v;
	return out;
}
