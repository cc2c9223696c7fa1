import { startSimulator, type Simulator, type SimulatorOptions } from '../../../dev/samcart-simulator';

export const NOW = '2026-01-15';

export function start(options: SimulatorOptions = {}): Promise<Simulator> {
	return startSimulator({ size: 'small', seed: 7, now: NOW, rateLimit: { limit: 0 }, ...options });
}

export interface ApiResponse<T = unknown> {
	status: number;
	body: T;
	headers: Headers;
}

export async function api<T = unknown>(
	sim: Simulator,
	pathOrUrl: string,
	init: { method?: string; body?: unknown; key?: string | null } = {},
): Promise<ApiResponse<T>> {
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (init.key !== null) headers['sc-api'] = init.key ?? sim.apiKey;
	if (init.body !== undefined) headers['Content-Type'] = 'application/json';
	const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.baseUrl}${pathOrUrl}`;
	const res = await fetch(url, {
		method: init.method ?? 'GET',
		headers,
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

export interface Page<T> {
	data: T[];
	pagination: { next: string | null; prev: string | null };
}

/** Follows `next` (re-sending the filters, as §4 requires clients to do) and returns every record. */
export async function walk<T extends { id: number }>(
	sim: Simulator,
	path: string,
	query: Record<string, string> = {},
	dir: 'next' | 'prev' = 'next',
): Promise<{ records: T[]; pages: number; links: string[] }> {
	const records: T[] = [];
	const links: string[] = [];
	let params = new URLSearchParams({ ...query, ...(dir === 'prev' ? { dir: 'prev' } : {}) });
	for (let pages = 1; ; pages++) {
		const res = await api<Page<T>>(sim, `${path}?${params}`);
		expect(res.status).toBe(200);
		if (dir === 'next') records.push(...res.body.data);
		else records.unshift(...res.body.data);
		const link = res.body.pagination[dir];
		if (!link) return { records, pages, links };
		links.push(link);
		const next = new URL(link);
		params = new URLSearchParams({ ...query, offset: next.searchParams.get('offset')!, dir: next.searchParams.get('dir')! });
	}
}
