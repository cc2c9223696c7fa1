/**
 * The layout the records table and the read factories keep: a resource folder (`actions/<resource>/`) imports from
 * the shared layers (actions/*.ts, descriptions, shared, transport), never from another resource's folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ACTIONS = join(__dirname, '..', '..', '..', 'nodes', 'SamCart', 'actions');
const resources = readdirSync(ACTIONS).filter((name) => statSync(join(ACTIONS, name)).isDirectory());

/** Every relative module a file imports (static imports and re-exports), resolved to a path. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)].map(
		(m) => m[1],
	);
	return specifiers.map((specifier) => resolve(dirname(file), specifier));
}

/** The resource folder a path is in, if any. */
const resourceOf = (path: string): string | undefined => {
	const [first] = relative(ACTIONS, path).split(sep);
	return resources.includes(first) ? first : undefined;
};

describe('actions layout', () => {
	it('finds the resource folders', () => {
		expect(resources).toEqual(expect.arrayContaining(['charge', 'customer', 'order', 'subscription']));
	});

	it.each(resources)('actions/%s/ imports nothing from another resource folder', (resource) => {
		const crossing: string[] = [];
		for (const name of readdirSync(join(ACTIONS, resource))) {
			const file = join(ACTIONS, resource, name);
			for (const target of importsOf(file)) {
				const other = resourceOf(target);
				if (other !== undefined && other !== resource)
					crossing.push(`${name} -> ${relative(ACTIONS, target)}`);
			}
		}
		expect(crossing).toEqual([]);
	});

	it('the check sees a crossing import when there is one', () => {
		expect(resourceOf(join(ACTIONS, 'order', 'get.operation'))).toBe('order');
		expect(resourceOf(join(ACTIONS, 'read'))).toBeUndefined();
		expect(importsOf(join(ACTIONS, 'resources.ts')).map(resourceOf)).toContain('order');
	});
});
