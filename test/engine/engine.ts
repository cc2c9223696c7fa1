/**
 * Loads one n8n line's real engine in-process: n8n-workflow, n8n-core (WorkflowExecute, the package loaders),
 * n8n-nodes-base (lazily, through n8n-core's LazyPackageDirectoryLoader, as n8n does) and our staged package
 * (through n8n-core's PackageDirectoryLoader, as n8n loads a community package), plus the CLI's own
 * CredentialsHelper class (see credentials.ts).
 *
 * Everything is `require`d by absolute path from the launcher's cache; under jest it lives in the test file's module
 * registry, so one engine per line per test file.
 */
import type {
	ICredentialType,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	KnownNodesAndCredentials,
	LoadedClass,
} from 'n8n-workflow';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
	defaultExpressionEngine,
	ensureInstalled,
	linePackageDir,
	stagePackage,
	type ExpressionEngine,
	type N8nLine,
} from './runtime';

/** The subset of n8n-core's DirectoryLoader the harness uses. */
interface Loader {
	packageName: string;
	known: KnownNodesAndCredentials;
	loadAll(): Promise<void>;
	getNode(shortType: string): LoadedClass<INodeType | IVersionedNodeType>;
	getCredential(type: string): LoadedClass<ICredentialType>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the engine modules are loaded at run time from the cache */
export type WorkflowModule = typeof import('n8n-workflow');
export type CoreModule = any;

export interface Engine {
	line: N8nLine;
	/** n8n version of the line (from n8n/package.json). */
	version: string;
	expressionEngine: ExpressionEngine;
	/** The engine's own n8n-workflow module (use it for `instanceof NodeApiError` etc.). */
	workflow: WorkflowModule;
	core: CoreModule;
	/** The CLI's CredentialsHelper class of this line. */
	CredentialsHelper: new (...args: any[]) => any;
	/** `Reflect.getMetadata` from the line's reflect-metadata (constructor parameter types of the helper). */
	getMetadata: (key: string, target: object) => unknown;
	nodeTypes: INodeTypes & { loaders: Record<string, Loader> };
	credentialTypes: CredentialTypes;
	/** Directory of the staged copy of our package. */
	packageDir: string;
	/** Path our node resolves `n8n-workflow` to (must equal the engine's). */
	ourWorkflowPath: string;
	engineWorkflowPath: string;
}

/** What the CLI's CredentialTypes does, over the loaders (getByName, recognizes, parents, supported nodes). */
export class CredentialTypes {
	constructor(private readonly loaders: Record<string, Loader>) {}

	private find(type: string): Loader | undefined {
		return Object.values(this.loaders).find((l) => type in l.known.credentials);
	}

	recognizes(type: string): boolean {
		return this.find(type) !== undefined;
	}

	getByName(type: string): ICredentialType {
		const loader = this.find(type);
		if (!loader)
			throw new Error(`Unknown credential type "${type}" (not in n8n-nodes-base nor in our package)`);
		return loader.getCredential(type).type;
	}

	getSupportedNodes(type: string): string[] {
		return this.find(type)?.known.credentials[type]?.supportedNodes ?? [];
	}

	getParentTypes(type: string): string[] {
		const ext = this.find(type)?.known.credentials[type]?.extends ?? [];
		return [...ext, ...ext.flatMap((t) => this.getParentTypes(t))];
	}
}

const engines = new Map<string, Promise<Engine>>();

/** Loads (once per module registry) the engine of a line. Installs the line into the cache first if needed. */
export function loadEngine(
	line: N8nLine,
	expressionEngine: ExpressionEngine = defaultExpressionEngine(line),
): Promise<Engine> {
	const loaded = [...engines.keys()].find((k) => k.startsWith(`${line}:`));
	if (loaded && loaded !== `${line}:${expressionEngine}`) {
		// Expression.expressionEngine is a static of the line's n8n-workflow: one engine kind per line per process.
		throw new Error(
			`Line ${line} is already loaded with the ${loaded.split(':')[1]} expression engine in this process`,
		);
	}
	const key = `${line}:${expressionEngine}`;
	let p = engines.get(key);
	if (!p) {
		p = doLoad(line, expressionEngine);
		engines.set(key, p);
		p.catch(() => engines.delete(key));
	}
	return p;
}

/** Releases the isolates of the vm expression engine (lets jest exit cleanly). */
export async function closeEngines(): Promise<void> {
	for (const p of engines.values()) {
		const e = await p.catch(() => undefined);
		const Expression = e?.workflow.Expression as unknown as
			{ disposeExpressionEngine?: () => Promise<void> } | undefined;
		await Expression?.disposeExpressionEngine?.();
	}
}

/** A CommonJS require by absolute path (the cache is outside the repository; jest's registry still owns it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string): any => require(file);

async function doLoad(line: N8nLine, expressionEngine: ExpressionEngine): Promise<Engine> {
	await ensureInstalled(line);
	const { packageDir, root } = stagePackage(line);
	// InstanceSettings (encryption key for Credentials) lives in the user folder: a private temp one per process.
	process.env.N8N_USER_FOLDER = root;
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
	const req = (pkg: string): any => load(linePackageDir(line, pkg));
	const reflect = req('reflect-metadata') as unknown;
	void reflect;
	const workflow = req('n8n-workflow') as WorkflowModule;
	const core = req('n8n-core');
	const { CredentialsHelper } = load(
		path.join(linePackageDir(line, 'n8n'), 'dist', 'credentials-helper.js'),
	) as {
		CredentialsHelper: new (...args: any[]) => any;
	};
	const version = (load(path.join(linePackageDir(line, 'n8n'), 'package.json')) as { version: string })
		.version;

	configureEncryption(req('@n8n/di'), core);

	if (expressionEngine === 'vm') {
		await workflow.Expression.initExpressionEngine({
			engine: 'vm',
			poolSize: 1,
			maxCodeCacheSize: 1024,
			bridgeTimeout: 5000,
			bridgeMemoryLimit: 128,
		} as Parameters<typeof workflow.Expression.initExpressionEngine>[0]);
	} else {
		(workflow.Expression as unknown as { setExpressionEngine?: (e: string) => void }).setExpressionEngine?.(
			'legacy',
		);
	}

	const base: Loader = new core.LazyPackageDirectoryLoader(linePackageDir(line, 'n8n-nodes-base'));
	const ours: Loader = new core.PackageDirectoryLoader(packageDir);
	await base.loadAll();
	await ours.loadAll();
	const loaders: Record<string, Loader> = { [base.packageName]: base, [ours.packageName]: ours };
	// The AI nodes (Agent, chat models, Chat and MCP Server Triggers), lazily as n8n loads them, where the line has them.
	const langchainDir = linePackageDir(line, '@n8n/n8n-nodes-langchain');
	if (fs.existsSync(path.join(langchainDir, 'package.json'))) {
		const ai: Loader = new core.LazyPackageDirectoryLoader(langchainDir);
		await ai.loadAll();
		loaders[ai.packageName] = ai;
	}

	const getNode = (fullType: string) => {
		const dot = fullType.lastIndexOf('.');
		const pkg = fullType.slice(0, dot);
		const loader = loaders[pkg];
		if (!loader)
			throw new Error(
				`Node type "${fullType}": package "${pkg}" is not loaded (only ${Object.keys(loaders).join(', ')})`,
			);
		return loader.getNode(fullType.slice(dot + 1)).type;
	};
	const recognizes = (fullType: string) => {
		const dot = fullType.lastIndexOf('.');
		return fullType.slice(dot + 1) in (loaders[fullType.slice(0, dot)]?.known.nodes ?? {});
	};
	let toolTypes: ReturnType<typeof cliToolNodeTypes> | undefined; // the CLI module is loaded on first use
	const nodeTypes: Engine['nodeTypes'] = {
		loaders,
		getByName: (type: string) => getNode(type),
		getByNameAndVersion(type: string, version?: number) {
			// `<node>Tool` that no package declares: the tool variant n8n builds for a usableAsTool node (the CLI's own code)
			if (type.endsWith('Tool') && !recognizes(type)) {
				toolTypes ??= cliToolNodeTypes(line, loaders, getNode, recognizes);
				return toolTypes.getByNameAndVersion(type, version);
			}
			const versioned = workflow.NodeHelpers.getVersionedNodeType(getNode(type), version);
			// Declarative (routing) nodes get their execute from RoutingNode, as the CLI's NodeTypes does.
			if (shouldAssignExecuteMethod(versioned)) {
				versioned.execute = async function (this: any) {
					const routingNode = new core.RoutingNode(this, versioned);
					return (await routingNode.runNode()) ?? [];
				};
			}
			return versioned;
		},
		getKnownTypes: () => Object.assign({}, ...Object.values(loaders).map((l) => l.known.nodes)),
	} as Engine['nodeTypes'];

	const ourWorkflowPath = require.resolve('n8n-workflow', {
		paths: [path.join(packageDir, 'dist', 'nodes', 'SamCart')],
	});
	const engineWorkflowPath = require.resolve(linePackageDir(line, 'n8n-workflow'));
	return {
		line,
		version,
		expressionEngine,
		workflow,
		core,
		CredentialsHelper,
		getMetadata: (key, target) =>
			(Reflect as unknown as { getMetadata: (k: string, t: object) => unknown }).getMetadata(key, target),
		nodeTypes,
		credentialTypes: new CredentialTypes(loaders),
		packageDir,
		ourWorkflowPath,
		engineWorkflowPath,
	};
}

/**
 * The CLI's own NodeTypes class (`n8n/dist/node-types.js`), used for the tool variants only: for a type such as
 * `n8n-nodes-samcart.samCartTool` that no package declares, it takes the usableAsTool node and converts it with n8n's own
 * `convertNodeToAiTool` (1.x: a method of LoadNodesAndCredentials; 2.x: `tool-generation`), exactly as a running n8n
 * does when an AI Agent or the MCP Server Trigger asks for the tool. Its LoadNodesAndCredentials collaborator is a
 * stand-in over the harness's loaders (with the real class's prototype, so 1.x's conversion methods are the CLI's).
 */
function cliToolNodeTypes(
	line: N8nLine,
	loaders: Record<string, Loader>,
	getNode: (fullType: string) => INodeType | IVersionedNodeType,
	recognizes: (fullType: string) => boolean,
): { getByNameAndVersion(type: string, version?: number): INodeType } {
	const dist = path.join(linePackageDir(line, 'n8n'), 'dist');
	const { NodeTypes } = load(path.join(dist, 'node-types.js')) as { NodeTypes: new (...args: any[]) => any };
	const { LoadNodesAndCredentials } = load(path.join(dist, 'load-nodes-and-credentials.js')) as {
		LoadNodesAndCredentials: { prototype: object };
	};
	// own properties over the real prototype's getters (loadedNodes, knownNodes), as the CLI's instance has them
	const lnc = Object.create(LoadNodesAndCredentials.prototype, {
		loaders: { value: loaders },
		loadedNodes: { value: {} },
		knownNodes: { get: () => Object.assign({}, ...Object.values(loaders).map((l) => l.known.nodes)) },
		recognizesNode: { value: recognizes },
		getNode: { value: (fullType: string) => ({ type: getNode(fullType), sourcePath: '' }) },
	}) as object;
	const logger = { debug() {}, info() {}, warn() {}, error() {} };
	const collaborators: Record<string, unknown> = { LoadNodesAndCredentials: lnc, Logger: logger };
	const metadata = Reflect as unknown as { getMetadata: (k: string, t: object) => unknown };
	const paramTypes =
		(metadata.getMetadata('design:paramtypes', NodeTypes) as Array<{ name?: string }> | undefined) ?? [];
	const args = paramTypes.map((t) => {
		const name = t?.name ?? 'unknown';
		if (!(name in collaborators)) throw new Error(`engine harness: the CLI's NodeTypes wants a ${name}`);
		return collaborators[name];
	});
	return new NodeTypes(...args);
}

/**
 * n8n 2.x encrypts through an EncryptionKeyProxy whose provider the CLI's KeyManagerService (database-backed) sets at
 * start-up. Without a database, give it what KeyManagerService falls back to: the instance key as the legacy
 * aes-256-cbc key. 1.x has no proxy and encrypts with the instance key directly.
 */
function configureEncryption(di: any, core: CoreModule): void {
	if (!core.EncryptionKeyProxy) return;
	const cipher = di.Container.get(core.Cipher);
	const settings = di.Container.get(core.InstanceSettings);
	const info = {
		id: 'instance-key',
		value: cipher.encryptDEKWithInstanceKey(settings.encryptionKey),
		algorithm: 'aes-256-cbc',
		format: 'no-prefix',
	};
	di.Container.get(core.EncryptionKeyProxy).setProvider({
		getActiveKey: async () => info,
		getKeyById: async () => info,
		getLegacyKey: async () => info,
	});
}

/** Same rule as the CLI's utils.shouldAssignExecuteMethod (n8n 1.x and 2.x). */
function shouldAssignExecuteMethod(nodeType: INodeType): boolean {
	const isDeclarative = nodeType.description?.requestDefaults !== undefined;
	return (
		!nodeType.execute &&
		!(nodeType as { supplyData?: unknown }).supplyData &&
		!nodeType.poll &&
		!nodeType.trigger &&
		(!nodeType.webhook || isDeclarative) &&
		(!nodeType.methods || isDeclarative)
	);
}
