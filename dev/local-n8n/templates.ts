/**
 * The bundled workflow templates as `npm start` and the e2e tests import them: read from workflows-templates/, the
 * SamCart credential set on every SamCart node, and the event hub's routes pointed at the imported templates.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkflowInput } from './api';
import { repoRoot } from './paths';

export const TEMPLATES_DIR = path.join(repoRoot(), 'workflows-templates');
export const EVENT_HUB_FILE = '00-samcart-event-hub.json';
const CREDENTIAL_TYPE = 'samCartApi';

export interface EventHubRoute {
	template: string;
	workflowId: string;
	events: string[];
	testEvents: boolean;
}

export function templateFiles(): string[] {
	return fs
		.readdirSync(TEMPLATES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.join(TEMPLATES_DIR, f));
}

export function readTemplate(file: string): WorkflowInput {
	return JSON.parse(fs.readFileSync(path.isAbsolute(file) ? file : path.join(TEMPLATES_DIR, file), 'utf8')) as WorkflowInput;
}

/** A template its README row marks "(n8n 2.x only)" uses nodes n8n 1.x does not have (e.g. human review for tools). */
export function onlyOnTwo(file: string): boolean {
	const readme = fs.readFileSync(path.join(TEMPLATES_DIR, 'README.md'), 'utf8');
	const row = readme.split('\n').find((line) => line.includes(`\`${path.basename(file)}\``)) ?? '';
	return row.includes('(n8n 2.x only)');
}

/** A template's file name without `.json`: what the event hub's routes name it by. */
export const templateStem = (file: string) => path.basename(file, '.json');

/**
 * Gives every SamCart node of a template the credential. Templates ship without credentials, so n8n marks the other
 * services' nodes (Slack, Google Sheets, ...) until the user connects them, while the SamCart steps run at once.
 */
export function withSamCartCredential(wf: WorkflowInput, cred: { id: string; name: string }): WorkflowInput {
	const nodes = (wf.nodes as Array<Record<string, unknown>>).map((node) => {
		if (!String(node.type).startsWith('n8n-nodes-samcart.')) return node;
		const creds = (node.credentials as Record<string, unknown> | undefined) ?? {};
		return { ...node, credentials: { ...creds, [CREDENTIAL_TYPE]: { id: cred.id, name: cred.name } } };
	});
	return { ...wf, nodes };
}

function routesAssignment(hub: WorkflowInput): { value: string } {
	const settings = (hub.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find((n) => n.name === 'Settings');
	const assignments = (settings?.parameters.assignments as { assignments?: Array<{ name: string; value: string }> })?.assignments;
	const routes = assignments?.find((a) => a.name === 'routes');
	if (!routes) throw new Error(`${EVENT_HUB_FILE} has no Settings › routes`);
	return routes;
}

export function eventHubRoutes(hub: WorkflowInput): EventHubRoute[] {
	return JSON.parse(routesAssignment(hub).value) as EventHubRoute[];
}

/**
 * The hub with each route's workflowId filled in from `idsByTemplate` (file stem → workflow id), or left as it is
 * for a template not given. Returns a copy.
 */
export function wireEventHub(hub: WorkflowInput, idsByTemplate: Record<string, string>): WorkflowInput {
	const copy = JSON.parse(JSON.stringify(hub)) as WorkflowInput;
	const routes = eventHubRoutes(copy).map((route) => ({ ...route, workflowId: idsByTemplate[route.template] ?? route.workflowId }));
	routesAssignment(copy).value = '[\n' + routes.map((route) => '  ' + JSON.stringify(route)).join(',\n') + '\n]';
	return copy;
}
