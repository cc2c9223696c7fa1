/**
 * The generator was split by record kind (issue 17) without changing what it makes: for a fixed seed the dataset is
 * the same, byte for byte, as before the split. The hashes below were computed with the single 651-line buildDataset
 * (commit e55fa8b). And the simulator's modules import one another without a cycle (admin.ts used to import index.ts,
 * which imports admin.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { generateDataset, type DatasetOptions } from '../../../dev/samcart-simulator/dataset';

const BEFORE_THE_SPLIT: Array<[string, DatasetOptions, string]> = [
	['small, seed 3', { seed: 3, size: 'small', now: Date.UTC(2026, 0, 15) }, '1b34eae5b949f025381ca68d99fcab1f6139ce0eedb261cc5e1582bc71438f08'],
	[
		'120 customers, 300 orders, seed 9',
		{ seed: 9, size: { customers: 120, orders: 300 }, now: Date.UTC(2026, 0, 15) },
		'a4201e6d3e00432a8fd659fc49990b67644fd400cff5c471a74331641b3edcbb',
	],
	[
		'small, seed 42, JPY, 7 days',
		{ seed: 42, size: 'small', now: Date.UTC(2025, 5, 1), currency: 'JPY', spanDays: 7 },
		'726de9a20a7c2821edbe5230b6e12b832df1494e6f187ffd02f2fd196d2b15e6',
	],
	['default, seed 1', { seed: 1, size: 'default', now: Date.UTC(2026, 0, 15) }, 'dfeae22728cedaa9997a3247a7fd5a13b58efd5da2e945f75bb6c83d3f3dd0e4'],
];

/** Every field of the dataset (Maps as their entries), without the lookup caches it builds on demand. */
const hashOf = (value: unknown) =>
	createHash('sha256')
		.update(
			JSON.stringify(value, (key, field: unknown) =>
				key === 'byIdCache' || key === 'indexCache' ? undefined : field instanceof Map ? [...field.entries()] : field,
			),
		)
		.digest('hex');

describe('the dataset generator, split by record kind', () => {
	it.each(BEFORE_THE_SPLIT)('%s: the same dataset as before the split', async (_name, options, expected) => {
		expect(hashOf(await generateDataset(options))).toBe(expected);
	}, 60_000);

	it('the hash sees a change of one field', async () => {
		const ds = await generateDataset(BEFORE_THE_SPLIT[0][1]);
		ds.orders[0].total += 1;
		expect(hashOf(ds)).not.toBe(BEFORE_THE_SPLIT[0][2]);
	});
});

describe('simulator modules', () => {
	const ROOT = join(__dirname, '..', '..', '..', 'dev', 'samcart-simulator');
	const files = (dir: string): string[] =>
		readdirSync(dir).flatMap((name) => {
			const path = join(dir, name);
			return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
		});
	const resolveModule = (from: string, specifier: string) => {
		const base = resolve(dirname(from), specifier);
		for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
			try {
				if (statSync(candidate).isFile()) return candidate;
			} catch {
				// not this one
			}
		}
		return undefined;
	};
	/** Each module's relative imports and re-exports, type-only ones included. */
	const graph = new Map(
		files(ROOT).map((file) => [
			file,
			[...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)]
				.map((match) => resolveModule(file, match[1]))
				.filter((target): target is string => target !== undefined),
		]),
	);

	function cycles(): string[][] {
		const found: string[][] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (file: string, path: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open') {
				found.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)));
				return;
			}
			state.set(file, 'open');
			for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
			state.set(file, 'done');
		};
		for (const file of graph.keys()) visit(file, []);
		return found;
	}

	it('import one another without a cycle', () => {
		expect(graph.get(join(ROOT, 'admin.ts'))).not.toContain(join(ROOT, 'index.ts'));
		expect(cycles()).toEqual([]);
	});

	it('the cycle check finds a cycle when there is one', () => {
		graph.set(join(ROOT, 'store.ts'), [...(graph.get(join(ROOT, 'store.ts')) ?? []), join(ROOT, 'dataset.ts')]);
		expect(cycles().length).toBeGreaterThan(0);
	});
});
