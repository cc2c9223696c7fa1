/**
 * Every importable template in workflows-templates/ is a valid n8n workflow for BOTH supported n8n lines: the node
 * types and typeVersions are checked against each line's real node types (loaded by the engine harness), and the
 * template conventions (no credential placeholders, one Settings node, a sticky note, unique webhook IDs, no Code
 * node, README entry) are enforced. Executing each template is the job of its own test file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { INode } from 'n8n-workflow';
import { availableLines, closeEngines, loadEngine, type N8nLine, type WorkflowJson } from '../harness';
import { onlyOnTwo } from '../../../dev/local-n8n/templates';
import { TEMPLATES_DIR } from './common';

jest.setTimeout(120_000);

const files = readdirSync(TEMPLATES_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const readme = readFileSync(path.join(TEMPLATES_DIR, 'README.md'), 'utf8');
const parse = (file: string) =>
	JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as WorkflowJson;

const OURS = [
	'n8n-nodes-samcart.samCart',
	'n8n-nodes-samcart.samCartTrigger',
	'n8n-nodes-samcart.samCartPollTrigger',
	'n8n-nodes-samcart.samCartTool',
];
const AI_NODES = '@n8n/n8n-nodes-langchain.';
/** A template marked "(n8n 2.x only)" in its README row is checked on line 2 alone. */
const linesFor = (file: string): N8nLine[] => availableLines().filter((line) => line === '2' || !onlyOnTwo(file));
const CODE_NODES = [
	'n8n-nodes-base.code',
	'n8n-nodes-base.function',
	'n8n-nodes-base.functionItem',
	'n8n-nodes-base.pythonFunction',
];
const SETTINGS_REF =
	/\$\(\s*['"]Settings['"]\s*\)\s*\.\s*(?:item|first\(\s*\)|last\(\s*\)|all\(\s*\)\[0\])\s*\.json\.(\w+)/g;

afterAll(async () => {
	await closeEngines();
});

test('the folder holds the event hub (00) and the agents 01–09 and later, each with its own number, and no placeholder file', () => {
	const numbers = files.map((f) => f.slice(0, 3));
	for (const n of numbers) expect(n).toMatch(/^\d\d-$/);
	expect(new Set(numbers).size).toBe(numbers.length);
	expect(numbers.slice(0, 10)).toEqual(['00-', '01-', '02-', '03-', '04-', '05-', '06-', '07-', '08-', '09-']);
	expect(readdirSync(TEMPLATES_DIR)).not.toContain('.gitkeep');
});

describe.each(files.map((f) => [f]))('%s', (file: string) => {
	const wf = parse(file);
	const names = new Set(wf.nodes.map((n) => n.name));

	test('is an exported workflow: name, nodes with unique names and ids, connections, settings', () => {
		expect(typeof wf.name).toBe('string');
		expect(String(wf.name).length).toBeGreaterThan(0);
		expect(Array.isArray(wf.nodes)).toBe(true);
		expect(names.size).toBe(wf.nodes.length);
		expect(new Set(wf.nodes.map((n) => n.id)).size).toBe(wf.nodes.length);
		for (const n of wf.nodes) {
			expect(typeof n.type).toBe('string');
			expect(typeof n.typeVersion).toBe('number');
			expect(n.position).toHaveLength(2);
			expect(typeof n.parameters).toBe('object');
		}
		expect(typeof wf.connections).toBe('object');
	});

	test('no credential placeholders: n8n itself flags each node that needs a credential the user has not connected', () => {
		expect(
			(wf.meta as { templateCredsSetupCompleted?: boolean } | undefined)?.templateCredsSetupCompleted,
		).toBe(false);
		// an empty placeholder ({ id: "", name: "Slack account" }) hides n8n's warning and fails "Execute step"
		// with "uses invalid credential"; without one, the editor marks the node and the import assigns nothing
		for (const n of wf.nodes) expect({ node: n.name, credentials: n.credentials }).toEqual({ node: n.name });
	});

	test('the name reads "SamCart · <Area>: <what it does>", like every other template', () => {
		expect(wf.name).toMatch(/^SamCart · [A-Z][A-Za-z ]+: \S/);
	});

	test('our nodes are n8n-nodes-samcart.samCart, samCartTool and samCartPollTrigger 1 / samCartTrigger 1.1 (the versions the editor creates)', () => {
		const ours = wf.nodes.filter((n) => /samcart/i.test(n.type));
		expect(ours.length).toBeGreaterThan(0);
		for (const n of ours) {
			expect(OURS).toContain(n.type);
			expect(n.typeVersion).toBe(n.type.endsWith('samCartTrigger') ? 1.1 : 1);
		}
		for (const n of wf.nodes) expect(n.type).toMatch(/^(n8n-nodes-(base|samcart)|@n8n\/n8n-nodes-langchain)\./);
	});

	test('one "Settings" node (a Set node; none in an AI template), and every $("Settings") reference names one of its fields', () => {
		const settings = wf.nodes.filter((n) => n.name === 'Settings');
		const refs = [...JSON.stringify(wf.nodes).matchAll(SETTINGS_REF)].map((m) => m[1]);
		if (settings.length === 0) {
			// the AI templates: what there is to set (model, tool descriptions, limits) is each node's own parameter
			expect(wf.nodes.some((n) => n.type.startsWith(AI_NODES))).toBe(true);
			expect(refs).toEqual([]);
			return;
		}
		expect(settings).toHaveLength(1);
		expect(settings[0].type).toBe('n8n-nodes-base.set');
		const fields = new Set(
			(
				(settings[0].parameters.assignments as { assignments?: Array<{ name: string }> } | undefined)
					?.assignments ?? []
			).map((a) => a.name),
		);
		expect(fields.size).toBeGreaterThan(0);
		// read by reference, or (the event hub's routes) straight from its output
		expect(refs.length > 0 || (wf.connections.Settings?.main?.[0]?.length ?? 0) > 0).toBe(true);
		// with "Include Other Input Fields" on, Settings also passes its input on: references may name those
		if (settings[0].parameters.includeOtherFields !== true)
			for (const ref of refs) expect(fields).toContain(ref);
	});

	test('has a sticky note explaining it', () => {
		const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		expect(String(notes[0].parameters.content).length).toBeGreaterThan(100);
	});

	test('connections reference existing nodes only, and every non-note node is connected', () => {
		const connected = new Set<string>();
		for (const [from, byType] of Object.entries(wf.connections)) {
			expect(names).toContain(from);
			connected.add(from);
			for (const outputs of Object.values(byType))
				for (const output of outputs ?? [])
					for (const c of output ?? []) {
						expect(names).toContain(c.node);
						connected.add(c.node);
					}
		}
		for (const n of wf.nodes)
			if (n.type !== 'n8n-nodes-base.stickyNote')
				expect({ node: n.name, connected: connected.has(n.name) }).toEqual({
					node: n.name,
					connected: true,
				});
	});

	test('uses no Code / Function node (n8n 2.x runs them in a task runner)', () => {
		for (const n of wf.nodes) expect(CODE_NODES).not.toContain(n.type);
	});

	test('is listed in workflows-templates/README.md', () => {
		expect(readme).toContain(file);
	});

	test.each(linesFor(file).map((l) => [l]))(
		'every node type and typeVersion exists on n8n line %s',
		async (line: N8nLine) => {
			const engine = await loadEngine(line);
			for (const n of wf.nodes as INode[]) {
				let type;
				try {
					type = engine.nodeTypes.getByNameAndVersion(n.type, n.typeVersion);
				} catch (error) {
					throw new Error(
						`${n.name}: ${n.type}@${n.typeVersion} does not load on line ${line}: ${String(error)}`,
					);
				}
				const v = type.description.version;
				const versions = Array.isArray(v) ? v : [v];
				expect({
					node: n.name,
					type: n.type,
					version: n.typeVersion,
					ok: versions.includes(n.typeVersion),
				}).toEqual({ node: n.name, type: n.type, version: n.typeVersion, ok: true });
				// the credentials the template asks for are ones the node takes: declared by its type, or for HTTP
				// Request the generic / predefined type its parameters name
				const declared = (type.description.credentials ?? []).map((c) => c.name);
				if (n.type === 'n8n-nodes-base.httpRequest')
					declared.push(String(n.parameters.genericAuthType), String(n.parameters.nodeCredentialType));
				for (const cred of Object.keys(n.credentials ?? {}))
					expect({ node: n.name, credential: cred, declared: declared.includes(cred) }).toEqual({
						node: n.name,
						credential: cred,
						declared: true,
					});
			}
		},
	);
});

test('the lines checked include n8n 2.x (and 1.x where Node allows)', () => {
	expect(availableLines()).toContain('2');
});

test('webhook IDs are unique across all templates', () => {
	const ids = files.flatMap((f) =>
		parse(f)
			.nodes.filter((n) => n.webhookId !== undefined)
			.map((n) => `${String(n.webhookId)}`),
	);
	for (const id of ids) expect(id).toMatch(/\S/);
	expect(new Set(ids).size).toBe(ids.length);
	// every trigger that receives webhooks has one
	for (const f of files)
		for (const n of parse(f).nodes.filter((x) => x.type === 'n8n-nodes-samcart.samCartTrigger'))
			expect(n.webhookId).toBeTruthy();
});
