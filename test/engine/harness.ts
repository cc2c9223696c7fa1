/**
 * Executes an n8n workflow in-process with the REAL n8n engine: n8n-core's WorkflowExecute, the real n8n-nodes-base
 * nodes, our nodes from the built `dist/`, and n8n's own CredentialsHelper. Everything runs in this process, so other
 * services' HTTP (Slack, HubSpot, Google, SMTP, …) can be intercepted with `nock`, and SamCart is answered by the
 * simulator (a local HTTP server) through the `samCartApi` credential's Base URL.
 *
 *   const r = await executeWorkflow(workflowJson, { credentials: { samCartApi: { apiKey, baseUrl } } });
 *   r.finished; r.runData['SamCart'];  // [{...order}, ...]  (json of run 0, output 0)
 *   r.error;                           // the engine's error object (instanceof engine.workflow.NodeApiError …)
 *
 * See README.md in this folder for how it works, which n8n lines and the gotchas.
 */
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IRunData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { createCredentialsHelper, type CredentialStore, type TestCredentials } from './credentials';
import { closeEngines, loadEngine, type Engine } from './engine';
import { availableLines, type ExpressionEngine, type N8nLine } from './runtime';

export { availableLines, closeEngines, loadEngine, type Engine, type N8nLine, type TestCredentials };

/** The parts of an exported n8n workflow the harness uses (templates may carry more; it is ignored). */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject | null;
	[key: string]: unknown;
}

type ItemsInput = Array<IDataObject | INodeExecutionData>;

export interface ExecuteOptions {
	/** Test credential data by credential TYPE (`samCartApi`, `slackApi`, `httpHeaderAuth`, …). */
	credentials?: TestCredentials;
	/** n8n line: '2' (2.41.1, default when Node >= 22) or '1' (1.123.81). */
	line?: N8nLine;
	/** Expression engine for the line (default: the line's default on this Node; see runtime.ts). */
	expressionEngine?: ExpressionEngine;
	/** Node to start from. Default: the workflow's only trigger/start node (a Manual Trigger wins). */
	startNode?: string;
	/**
	 * Output of the start node, for workflows that start at a webhook-style trigger (SamCart Trigger, Webhook, …).
	 * The execution is then run the way n8n runs a production webhook execution: the trigger node is put on the
	 * execution stack with these items and passes them on (its webhook() is NOT called: feed what it produced, e.g.
	 * what our trigger returned for a simulator-sent event). Plain objects are wrapped as `{ json }`.
	 */
	triggerItems?: ItemsInput;
	/** Execution mode. Default 'manual', or 'webhook' with `triggerItems`. */
	mode?: WorkflowExecuteMode;
	/** Pinned node outputs (manual mode honours them as the editor does). Default: the workflow's own pinData is IGNORED. */
	pinData?: Record<string, ItemsInput>;
	/** Workflow static data before the run (e.g. a trigger's `node:<name>` state). */
	staticData?: IDataObject;
	/** `$vars` of the instance. */
	variables?: IDataObject;
	/** Instance base URL used for `$execution.resumeUrl`, webhook URLs. Default http://localhost:5678. */
	instanceBaseUrl?: string;
}

export interface ExecuteResult {
	/** n8n's `finished` flag (true only for a successful run). */
	finished: boolean;
	status: string;
	/** json of every item of run 0, output 0, by node name (nodes that did not run are absent). */
	runData: Record<string, IDataObject[]>;
	/** Every output of run 0 (e.g. an IF's true/false), json only. */
	outputs: Record<string, IDataObject[][]>;
	/** Node names in the order they finished (each run counted). */
	executed: string[];
	/** The execution error (the engine's object: instanceof checks against `engine.workflow` work). */
	error?: Error & {
		node?: INode;
		description?: string | null;
		httpCode?: string | null;
		context?: IDataObject;
	};
	/** Name of the node the error belongs to, if any. */
	errorNode?: string;
	/** Workflow static data after the run. */
	staticData: IDataObject;
	/** Which credential types were decrypted, and what the engine wrote back (pre-authentication, OAuth refresh). */
	credentials: Pick<CredentialStore, 'requested' | 'updates'>;
	/** The raw IRun (full runData with pairedItem, timings, metadata). */
	run: IRun;
	engine: { line: N8nLine; version: string; expressionEngine: ExpressionEngine };
}

/** Executes a workflow and resolves when it ends (a failed run resolves too, with `error`). */
export async function executeWorkflow(
	workflowJson: WorkflowJson,
	options: ExecuteOptions = {},
): Promise<ExecuteResult> {
	const line = options.line ?? availableLines()[0];
	const engine = await loadEngine(line, options.expressionEngine);
	const { workflow: wfm, core } = engine;
	const credentials = options.credentials ?? {};
	const json = structuredClone(workflowJson);
	const nodes = json.nodes.map((n) => assignCredentials(engine, n, credentials));
	const workflowId = json.id ?? `engine-${randomUUID()}`;
	const workflow = new wfm.Workflow({
		id: workflowId,
		name: json.name ?? 'engine harness workflow',
		nodes,
		connections: json.connections,
		active: false,
		nodeTypes: engine.nodeTypes,
		staticData: structuredClone(options.staticData ?? {}),
		settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
	});

	const startNode = pickStartNode(engine, workflow, nodes, options.startNode);
	const mode: WorkflowExecuteMode = options.mode ?? (options.triggerItems ? 'webhook' : 'manual');
	const executionId = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
	const store = await createCredentialsHelper(engine, credentials);
	const executed: string[] = [];
	const hooks = new core.ExecutionLifecycleHooks(mode, executionId, {
		id: workflowId,
		name: workflow.name,
		nodes,
		connections: json.connections,
		active: false,
		settings: workflow.settings,
	});
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		executed.push(nodeName);
	});
	const additionalData = buildAdditionalData(engine, {
		hooks,
		helper: store.helper,
		executionId,
		workflowId,
		options,
	});

	let run: IRun;
	if (options.triggerItems) {
		const items = toItems(options.triggerItems);
		const runExecutionData = wfm.createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }] },
		});
		const we = new core.WorkflowExecute(additionalData, mode, runExecutionData);
		run = await we.processRunExecutionData(workflow);
	} else {
		const pinData = options.pinData
			? Object.fromEntries(Object.entries(options.pinData).map(([k, v]) => [k, toItems(v)]))
			: undefined;
		const we = new core.WorkflowExecute(additionalData, mode);
		run = await (engine.line === '2'
			? we.run({ workflow, startNode, pinData })
			: we.run(workflow, startNode, undefined, pinData));
	}
	return summarize(engine, run, executed, workflow.staticData as IDataObject, store);
}

function toItems(items: ItemsInput): INodeExecutionData[] {
	return items.map((i) =>
		i && typeof i === 'object' && 'json' in i && typeof i.json === 'object' && i.json !== null
			? (structuredClone(i) as INodeExecutionData)
			: { json: structuredClone(i) as IDataObject },
	);
}

/**
 * Templates reference credentials by id; the harness has test data by type. A node keeps its references (the id is
 * ignored, the type is what is looked up); a node whose type declares a credential type we have data for but that has
 * no reference to it gets one, so a template exported without credentials still runs.
 */
function assignCredentials(engine: Engine, node: INode, credentials: TestCredentials): INode {
	let declared: string[] = [];
	try {
		const type = engine.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		declared = (type.description.credentials ?? []).map((c) => c.name);
	} catch {
		return node; // unknown type: the engine reports it when it gets there
	}
	// HTTP Request takes any credential type its parameters name (predefined, or generic such as Header Auth)
	if (node.type === 'n8n-nodes-base.httpRequest') {
		const { authentication, nodeCredentialType, genericAuthType } = node.parameters as Record<string, unknown>;
		if (authentication === 'predefinedCredentialType') declared.push(String(nodeCredentialType));
		if (authentication === 'genericCredentialType') declared.push(String(genericAuthType));
	}
	const refs = { ...(node.credentials ?? {}) };
	for (const name of declared) {
		if (name in credentials && !refs[name]) refs[name] = { id: name, name: `${name} (test)` };
	}
	return Object.keys(refs).length ? { ...node, credentials: refs } : node;
}

function pickStartNode(
	engine: Engine,
	workflow: { getNode(n: string): INode | null },
	nodes: INode[],
	name?: string,
): INode {
	if (name) {
		const n = workflow.getNode(name);
		if (!n) throw new Error(`startNode "${name}" is not in the workflow`);
		return n;
	}
	const isTrigger = (n: INode) => {
		try {
			const t = engine.nodeTypes.getByNameAndVersion(n.type, n.typeVersion);
			return Boolean(t.trigger || t.webhook || t.poll || t.description.group?.includes('trigger'));
		} catch {
			return false;
		}
	};
	const triggers = nodes.filter((n) => !n.disabled && isTrigger(n));
	const manual = triggers.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (manual) return manual;
	if (triggers.length === 1) return triggers[0];
	throw new Error(
		triggers.length === 0
			? 'No trigger node in the workflow: pass options.startNode'
			: `Several trigger nodes (${triggers.map((t) => t.name).join(', ')}): pass options.startNode`,
	);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- additionalData is the engine's own (loaded at run time) type */
function buildAdditionalData(
	engine: Engine,
	p: { hooks: unknown; helper: unknown; executionId: string; workflowId: string; options: ExecuteOptions },
): any {
	const base = (p.options.instanceBaseUrl ?? 'http://localhost:5678').replace(/\/$/, '');
	const unsupported = (what: string) => async () => {
		throw new Error(
			`engine harness: ${what} is not supported (no database, no task runners, no sub-workflows)`,
		);
	};
	return {
		hooks: p.hooks,
		credentialsHelper: p.helper,
		executionId: p.executionId,
		workflowId: p.workflowId,
		currentNodeExecutionIndex: 0,
		variables: p.options.variables ?? {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formBaseUrl: `${base}/form`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		userId: undefined,
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
		logAiEvent: () => undefined,
		executeWorkflow: unsupported('Execute Workflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		startRunnerTask: unsupported('Task runners (Code node on n8n 2.x)'),
		getRuntimeCredential: async () => undefined,
	};
}

function summarize(
	engine: Engine,
	run: IRun,
	executed: string[],
	staticData: IDataObject,
	store: CredentialStore,
): ExecuteResult {
	const all: IRunData = run.data.resultData.runData ?? {};
	const runData: ExecuteResult['runData'] = {};
	const outputs: ExecuteResult['outputs'] = {};
	for (const [name, tasks] of Object.entries(all)) {
		const main = tasks[0]?.data?.main;
		if (!main) continue;
		outputs[name] = main.map((items) => (items ?? []).map((i) => i.json));
		runData[name] = outputs[name][0] ?? [];
	}
	const error = run.data.resultData.error as ExecuteResult['error'] | undefined;
	return {
		finished: run.finished === true,
		status: run.status,
		runData,
		outputs,
		executed,
		error,
		errorNode: error?.node?.name ?? (error ? run.data.resultData.lastNodeExecuted : undefined),
		staticData,
		credentials: { requested: store.requested, updates: store.updates },
		run,
		engine: { line: engine.line, version: engine.version, expressionEngine: engine.expressionEngine },
	};
}
