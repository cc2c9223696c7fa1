/**
 * Credentials for the engine harness: n8n's OWN CredentialsHelper class (packages/cli credentials-helper, the one a
 * running n8n uses), constructed with in-memory stand-ins for its database/licence/secrets collaborators.
 *
 * So the real code path runs: the test data is encrypted with the instance key (n8n-core `Credentials.setData`), stored
 * in a fake CredentialsRepository, then decrypted, given its defaults (`NodeHelpers.getNodeParameters`), its
 * expressions resolved, and applied to requests by the CLI's `authenticate()` (generic headers/qs/body/auth with
 * `={{$credentials.x}}` expressions, or a credential's `authenticate` function), `preAuthentication` included.
 *
 * The collaborators are chosen by the constructor's `design:paramtypes` class names, so the same code serves the
 * 1.x constructor (CredentialTypes, CredentialsOverwrites, CredentialsRepository, SharedCredentialsRepository,
 * CacheService) and the 2.x one (… DynamicCredentialsProxy, SecretsProviderConnectionRepository, LicenseState,
 * ExternalSecretsConfig, AiGatewayService, PolicyEnforcementService). An unknown collaborator throws on first use.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { Engine } from './engine';

/** Test credential data by credential type name, e.g. `{ samCartApi: { apiKey, baseUrl } }`. */
export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

interface StoredEntity {
	id: string;
	name: string;
	type: string;
	data: string;
	usageScope: 'project';
	isResolvable: false;
	resolverId: null;
}

export interface CredentialStore {
	helper: unknown;
	/** Data written back by the engine (preAuthentication / OAuth token refresh), decrypted, by type. */
	updates: Record<string, ICredentialDataDecryptedObject[]>;
	/** Credential types the engine decrypted (each once), in first-use order. */
	requested: string[];
}

export async function createCredentialsHelper(
	engine: Engine,
	credentials: TestCredentials,
): Promise<CredentialStore> {
	const { core } = engine;
	const entities = new Map<string, StoredEntity>();
	for (const [type, data] of Object.entries(credentials)) {
		entities.set(type, await encrypt(engine, type, data));
	}
	const store: CredentialStore = { helper: undefined, updates: {}, requested: [] };

	const notFound = (type: string) =>
		new Error(
			`The engine harness has no test credentials of type "${type}". Pass them: executeWorkflow(wf, { credentials: { ${type}: {...} } })`,
		);
	const repository = {
		async findOneByOrFail({ type }: { id: string; type: string }) {
			if (!store.requested.includes(type)) store.requested.push(type);
			const e = entities.get(type);
			if (!e) throw notFound(type);
			return { ...e };
		},
		async update({ type }: { id: string; type: string }, saved: { data: string }) {
			const c = new core.Credentials({ id: type, name: type }, type, saved.data);
			(store.updates[type] ??= []).push(await c.getData());
			const e = entities.get(type);
			if (e) e.data = saved.data;
		},
	};

	const stubs: Record<string, unknown> = {
		CredentialTypes: engine.credentialTypes,
		CredentialsOverwrites: {
			applyOverwrite: (_type: string, data: ICredentialDataDecryptedObject) => data,
			getOverwrites: () => undefined,
			usesManagedAuth: () => false,
			getAll: () => ({}),
		},
		CredentialsRepository: repository,
		SharedCredentialsRepository: { findOne: async () => null },
		CacheService: {
			get: async (_key: string, opts?: { refreshFn?: () => Promise<unknown> }) =>
				opts?.refreshFn ? await opts.refreshFn() : undefined,
		},
		DynamicCredentialsProxy: {
			getEffectiveResolverId: () => undefined,
			resolveIfNeeded: async (_c: unknown, data: ICredentialDataDecryptedObject) => ({
				data,
				isDynamic: false,
			}),
		},
		SecretsProviderConnectionRepository: { findAllAccessibleProviderKeysByCredentialId: async () => [] },
		LicenseState: { isExternalSecretsLicensed: () => false },
		ExternalSecretsConfig: { externalSecretsForProjects: false },
		PolicyEnforcementService: { enforceCredentialDecrypt: async () => undefined },
	};

	const paramTypes =
		(engine.getMetadata('design:paramtypes', engine.CredentialsHelper) as Array<
			{ name?: string } | undefined
		>) ?? [];
	if (paramTypes.length === 0)
		throw new Error(`n8n ${engine.version}: CredentialsHelper has no design:paramtypes metadata`);
	const args = paramTypes.map((t) => {
		const name = t?.name ?? 'unknown';
		return name in stubs ? stubs[name] : unsupported(name);
	});
	store.helper = new engine.CredentialsHelper(...args);
	return store;
}

/** A service the harness does not provide: any use fails loudly with its name. */
function unsupported(name: string): unknown {
	return new Proxy(
		{},
		{
			get(_t, prop) {
				if (prop === 'then' || typeof prop === 'symbol') return undefined;
				throw new Error(
					`engine harness: CredentialsHelper used ${name}.${String(prop)}, which the harness does not provide`,
				);
			},
		},
	);
}

async function encrypt(
	engine: Engine,
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<StoredEntity> {
	const c = new engine.core.Credentials({ id: type, name: `${type} (test)` }, type);
	await c.setData(data);
	const saved = c.getDataToSave() as { data: string };
	return {
		id: type,
		name: `${type} (test)`,
		type,
		data: saved.data,
		usageScope: 'project',
		isResolvable: false,
		resolverId: null,
	};
}
