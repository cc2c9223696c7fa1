/**
 * Comments cite the API notes as `samcart-api.md §N` (the simulator, written against them, as `§N` alone): every such
 * citation must name a section, and every `#N`, an operation of docs/samcart-api.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const NOTES = readFileSync(join(ROOT, 'docs', 'samcart-api.md'), 'utf8');

const sections = new Set([
	...[...NOTES.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\. /gm)].map((match) => match[1]),
	...[...NOTES.matchAll(/^#{3} (\d+\.\d+) /gm)].map((match) => match[1]),
	...[...NOTES.matchAll(/^- \*\*(\d+\.\d+)\*\* /gm)].map((match) => match[1]),
]);
const operations = new Set([...NOTES.matchAll(/^\| (\d+) \| `/gm)].map((match) => Number(match[1])));

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (name === 'node_modules' || name === 'dist') return [];
		return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|md)$/.test(name) ? [path] : [];
	});
}

/** Every citation in the shipped code, the simulator and the tests: `file: §3 #27`. */
function citations(): Array<{ where: string; section: string; operations: number[] }> {
	const found: Array<{ where: string; section: string; operations: number[] }> = [];
	for (const file of ['nodes', 'credentials', 'dev/samcart-simulator', 'test'].flatMap((dir) =>
		filesUnder(join(ROOT, dir)),
	)) {
		const text = readFileSync(file, 'utf8');
		const simulator = file.includes(join('dev', 'samcart-simulator'));
		const pattern = simulator
			? /§(\d+(?:\.\d+)?)((?:[ ,]+#\d+(?:–#\d+)?)*)/g
			: /samcart-api\.md[`'"]?,? (?:§|\()(\d+(?:\.\d+)?)((?:[ ,]+#\d+(?:–#\d+)?)*)/g;
		for (const match of text.matchAll(pattern)) {
			const numbers = [...match[2].matchAll(/#(\d+)(?:–#(\d+))?/g)].flatMap(([, from, to]) =>
				Array.from({ length: Number(to ?? from) - Number(from) + 1 }, (_, i) => Number(from) + i),
			);
			found.push({ where: relative(ROOT, file), section: match[1], operations: numbers });
		}
	}
	return found;
}

describe('docs/samcart-api.md', () => {
	it('has its sections and the 38 operations', () => {
		expect([...sections]).toEqual(
			expect.arrayContaining(['2', '3', '3.1', '3.2', '4', '5', '6', '6.2', '6.3', '8.1', '9']),
		);
		expect([...operations]).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
	});

	it('every citation in the code names a section and operations that exist', () => {
		const cited = citations();
		expect(cited.length).toBeGreaterThan(10);
		const broken = cited.filter(
			({ section, operations: numbers }) => !sections.has(section) || numbers.some((n) => !operations.has(n)),
		);
		expect(broken).toEqual([]);
	});
});
