/**
 * An n8n that is already running (for example n8n's official Docker image with this package installed), used
 * instead of one the launcher starts: with `SAMCART_EXTERNAL_N8N=<url>` (or startN8n's `external` option, or
 * `--external-n8n <url>` of smoke.ts), startN8n() connects to that server and returns the same kind of handle.
 *
 * Sign-in, from the environment:
 *   SAMCART_EXTERNAL_N8N_EMAIL / SAMCART_EXTERNAL_N8N_PASSWORD: the owner (default: DEFAULT_OWNER). A server without
 *     an owner yet is set up with them, as the launcher does for its own servers.
 *   SAMCART_EXTERNAL_N8N_API_KEY: an API key for the public API (default: bootstrap() creates one after logging in).
 *
 * The package must already be installed in that n8n (the launcher cannot reach its user folder), and the server must
 * reach this machine's 127.0.0.1 (the SamCart simulator listens there): run the container with the host network.
 * What needs a server the launcher started fails with a clear message: queue mode, cli(), importWorkflowFile(), the
 * log file and the user folder (both empty). stop() deactivates and deletes the workflows and credentials this handle
 * created, and leaves the server running.
 */
import { DEFAULT_OWNER, N8nApi, OwnerCredentials, WorkflowInput } from './api';
import type { N8nServer, ProcessHandle } from './server';

export const externalUrl = (): string | undefined => process.env.SAMCART_EXTERNAL_N8N || undefined;

function ownerFromEnv(): OwnerCredentials {
	const { SAMCART_EXTERNAL_N8N_EMAIL: email, SAMCART_EXTERNAL_N8N_PASSWORD: password } = process.env;
	return email && password ? { ...DEFAULT_OWNER, email, password } : DEFAULT_OWNER;
}

/** N8nApi against a server that may already have an owner, and for which an API key may be given. */
class ExternalN8nApi extends N8nApi {
	readonly createdWorkflows: string[] = [];
	readonly createdCredentials: string[] = [];
	/** Called with n8n's version once signed in (2.x shows it only to a signed-in user). */
	onVersion?: (version: string) => void;

	constructor(
		baseUrl: string,
		line: '1' | '2',
		private readonly needsOwner: boolean,
		private readonly givenApiKey: string | undefined,
	) {
		super(baseUrl, line);
	}

	/** Owner set-up only when the server has none; login; the given API key, or a new one. */
	override async bootstrap(owner: OwnerCredentials = ownerFromEnv()): Promise<{ cookie: string; apiKey: string }> {
		this.owner = owner;
		if (this.needsOwner) await this.setupOwner(owner);
		const cookie = await this.login(owner);
		const apiKey = this.givenApiKey ?? (await this.createApiKey(`samcart-e2e-${Date.now()}`));
		this.apiKey = apiKey;
		const settings = await this.rest<{ versionCli?: string }>('GET', '/settings');
		if (settings.versionCli) this.onVersion?.(settings.versionCli);
		return { cookie, apiKey };
	}

	override async createWorkflow(wf: WorkflowInput): Promise<{ id: string; name: string; active: boolean }> {
		const created = await super.createWorkflow(wf);
		this.createdWorkflows.push(created.id);
		return created;
	}

	override async createCredential(cred: { name: string; type: string; data: Record<string, unknown> }) {
		const created = await super.createCredential(cred);
		this.createdCredentials.push(created.id);
		return created;
	}

	/** Best effort: what this handle created goes away, whatever state it is in. */
	async cleanUp(): Promise<void> {
		for (const id of this.createdWorkflows.splice(0)) {
			await this.request('POST', `/api/v1/workflows/${id}/deactivate`, { auth: 'apiKey' }).catch(() => undefined);
			await this.request('DELETE', `/api/v1/workflows/${id}`, { auth: 'apiKey' }).catch(() => undefined);
		}
		for (const id of this.createdCredentials.splice(0)) {
			await this.request('DELETE', `/api/v1/credentials/${id}`, { auth: 'apiKey' }).catch(() => undefined);
		}
	}
}

const unsupported = (what: string) => () =>
	Promise.reject(new Error(`${what} needs an n8n the launcher started; not available with SAMCART_EXTERNAL_N8N`));

/** Connects to a running n8n at `url` (its version decides the line: 1.x, or 2.x and later). */
export async function connectExternal(url: string, log: (msg: string) => void): Promise<N8nServer> {
	const baseUrl = url.replace(/\/+$/, '');
	const res = await fetch(`${baseUrl}/rest/settings`, { signal: AbortSignal.timeout(30_000) }).catch((e: Error) => {
		throw new Error(`SAMCART_EXTERNAL_N8N=${url}: no n8n answers there (${e.message})`);
	});
	if (!res.ok) throw new Error(`SAMCART_EXTERNAL_N8N=${url}: GET /rest/settings answered HTTP ${res.status}`);
	const { data } = (await res.json()) as { data: { versionCli?: string; userManagement?: { showSetupOnFirstLoad?: boolean } } };
	// 1.x tells its version to anyone; 2.x and later only to a signed-in user (then bootstrap() fills it in).
	const version = data.versionCli ?? '2 or later';
	const line = data.versionCli && Number(data.versionCli.split('.')[0]) < 2 ? '1' : '2';
	const api = new ExternalN8nApi(
		baseUrl,
		line,
		data.userManagement?.showSetupOnFirstLoad === true,
		process.env.SAMCART_EXTERNAL_N8N_API_KEY || undefined,
	);
	const port = Number(new URL(baseUrl).port || (baseUrl.startsWith('https:') ? 443 : 80));
	const main: ProcessHandle = {
		role: 'main',
		pid: 0,
		userFolder: '',
		logFile: '',
		port,
		brokerPort: 0,
		alive: () => true,
		readLog: () => '',
	};
	log(`n8n ${version} already running at ${baseUrl} (external: not started, not stopped by the launcher)`);
	const server: N8nServer = {
		line,
		version,
		baseUrl,
		port,
		userFolder: '',
		logFile: '',
		encryptionKey: '',
		main,
		workers: [],
		api,
		env: {},
		external: true,
		cli: unsupported('cli()'),
		importWorkflowFile: unsupported('importWorkflowFile()'),
		stop: () => api.cleanUp(),
	};
	api.onVersion = (v) => {
		server.version = v;
		log(`external n8n is ${v}`);
	};
	return server;
}
