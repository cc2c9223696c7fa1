/**
 * What an AI agent reads about each SamCart operation when the node is one of its tools (or an MCP Server Trigger's):
 * n8n builds the tool variant `n8n-nodes-samcart.samCartTool` from our usableAsTool node, fills the node's parameters
 * (`NodeHelpers.getNodeParameters`, where `@tool` display options see the tool's type name) and describes the tool
 * with `NodeHelpers.getToolDescriptionForNode`. Both are n8n-workflow's own functions, used here as n8n-core's
 * createNodeAsTool uses them. The engine test of template 12 checks the same through the CLI's real conversion.
 */
import { NodeHelpers, type INode, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { isWrite } from '../../../nodes/SamCart/actions/operation';
import { RESOURCES } from '../../../nodes/SamCart/actions/resources';
import { TOOL_DESCRIPTIONS } from '../../../nodes/SamCart/actions/toolDescriptions';

const description = new SamCart().description;
/** The description of the tool variant as n8n names it (the part `@tool` display options look at). */
const toolType: INodeTypeDescription = { ...description, name: 'n8n-nodes-samcart.samCartTool' };
const plainType: INodeTypeDescription = { ...description, name: 'n8n-nodes-samcart.samCart' };

const operations = RESOURCES.flatMap((resource) =>
	Object.entries(resource.operations).map(([value, operation]) => ({
		resource: resource.value,
		value,
		operation,
	})),
);

/** The node as saved in a workflow with only resource and operation set, its other parameters at their defaults. */
function nodeFor(type: INodeTypeDescription, resource: string, operation: string): INode {
	const node: INode = {
		id: 'tool',
		name: 'SamCart',
		type: type.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource, operation },
	};
	node.parameters =
		NodeHelpers.getNodeParameters(type.properties, node.parameters, true, false, node, type) ?? {};
	return node;
}

/** Parameters an agent must know to call the operation: filters, record IDs and other required fields. */
function parametersThatMatter(properties: INodeProperties[]): string[] {
	const names: string[] = [];
	for (const p of properties) {
		if (p.name === 'filters') names.push(...(p.options ?? []).map((o) => o.name));
		else if (p.type === 'resourceLocator' || p.required) names.push(p.name);
		else if (p.name === 'limit') names.push('Limit');
		else if (p.name === 'newestFirst') names.push('newestFirst');
	}
	return names;
}

test('the table has a description for every operation of every resource, and nothing else', () => {
	expect(operations.length).toBeGreaterThan(30);
	const table = Object.entries(TOOL_DESCRIPTIONS).flatMap(([resource, ops]) =>
		Object.keys(ops).map((op) => `${resource}.${op}`),
	);
	expect(table.sort()).toEqual(operations.map((o) => `${o.resource}.${o.value}`).sort());
});

describe.each(operations.map((o) => [`${o.resource}.${o.value}`, o]))('%s', (_label, o) => {
	const text = TOOL_DESCRIPTIONS[o.resource][o.value];

	test('an agent reads our description, not the generic one n8n would make from the action', () => {
		const node = nodeFor(toolType, o.resource, o.value);
		expect(node.parameters.toolDescription).toBe(text);
		const seen = NodeHelpers.getToolDescriptionForNode(node, { description: toolType } as never);
		expect(seen).toBe(text);
		// what n8n says without it: "<action> in SamCart"
		expect(seen).not.toBe(`${o.operation.option.action} in SamCart`);
	});

	test('says what it returns and names every parameter that matters', () => {
		expect(text.length).toBeGreaterThan(80);
		expect(text).toMatch(/\bReturns\b/);
		for (const name of parametersThatMatter(o.operation.properties))
			expect({ name, text }).toEqual({
				name,
				text: expect.stringContaining(name),
			});
		if (isWrite(o.operation)) expect(text).toContain('Changes data in SamCart');
		else expect(text).not.toContain('Changes data in SamCart');
	});

	test('the Description field exists only on the tool, and the user can rewrite it', () => {
		expect(nodeFor(plainType, o.resource, o.value).parameters).not.toHaveProperty('toolDescription');
		const node = nodeFor(toolType, o.resource, o.value);
		node.parameters.toolDescription = 'My own words';
		expect(NodeHelpers.getToolDescriptionForNode(node, { description: toolType } as never)).toBe(
			'My own words',
		);
	});
});

test('no two operations share a description', () => {
	const texts = operations.map((o) => TOOL_DESCRIPTIONS[o.resource][o.value]);
	expect(new Set(texts).size).toBe(texts.length);
});
