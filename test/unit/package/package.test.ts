/**
 * What `npm pack` publishes: only dist/, the README, the licence and package.json; the credential and both nodes at
 * the paths the `n8n` attribute names; no runtime dependency. Runs after `npm run build` (npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function packedFiles(): string[] {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
	});
	return (JSON.parse(output)[0].files as Array<{ path: string }>).map((file) => file.path).sort();
}

describe('published package', () => {
	it('has no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	});

	it('ships only dist/, README, LICENSE and package.json, with every file the n8n attribute names', () => {
		const files = packedFiles();
		const outside = files.filter(
			(file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		for (const entry of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			expect(files).toContain(entry);
			expect(existsSync(join(root, entry))).toBe(true);
		}
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
		expect(files).toEqual(
			expect.arrayContaining(['dist/nodes/SamCart/samcart.svg', 'dist/nodes/SamCart/samcart.dark.svg']),
		);
		expect(files.some((file) => /^(dist\/)?(dev|test|bench)\//.test(file))).toBe(false);
	});

	it('the built credential and node load and name themselves as the n8n attribute says', () => {
		for (const entry of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			const className = entry
				.split('/')
				.pop()
				.replace(/\.(node|credentials)\.js$/, '');
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const loaded = require(join(root, entry));
			expect(typeof loaded[className]).toBe('function');
		}
	});
});
