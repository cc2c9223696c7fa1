/**
 * The package as it is published, from a clean clone of HEAD (no dist/, nothing built; node_modules borrowed from this
 * checkout by a symlink): a plain `npm pack` with the repository's own npm settings must build first and ship both
 * nodes, the credential, their codex files and icons, and nothing of the tests or the tooling. Then n8n's own
 * community-package scanner (@n8n/scan-community-package, run offline) on that tarball and on the clone's sources.
 * Uncommitted changes are not in the clone: commit first to test them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { cleanEnv } from '../../../dev/local-n8n/paths';

jest.setTimeout(600_000);

const root = join(__dirname, '..', '..', '..');
const ALIASES = ['cart', 'checkout', 'refund', 'subscription', 'dunning'];

interface Described {
	description: { name: string; icon?: string | { light: string; dark: string } };
	name?: string;
	icon?: string | { light: string; dark: string };
}

let work: string;
let clone: string;
let packageDir: string; // the tarball extracted
let builtBeforePack: boolean;
let files: string[];
let pkg: { name: string; version: string; n8n: { nodes: string[]; credentials: string[] } };

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'samcart-clean-clone-'));
	clone = join(work, 'clone');
	execFileSync('git', ['clone', '--quiet', '--shared', root, clone]);
	symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
	builtBeforePack = existsSync(join(clone, 'dist'));
	pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8'));

	// Only the repository's .npmrc and the user's npm config apply: none of the npm_* settings `npm test` exports.
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: clone,
		env: cleanEnv(),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'], // the build's output is in the error when it fails
		timeout: 540_000,
	});
	const [packed] = JSON.parse(out.slice(out.search(/\[\s*\{\s*"id"/))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	files = packed.files.map((f) => f.path).sort();

	// Extracted inside the clone, so that the built files find n8n-workflow through the borrowed node_modules.
	const extractTo = join(clone, 'extracted');
	mkdirSync(extractTo);
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', extractTo]);
	packageDir = join(extractTo, 'package');
});

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

/** The class a built file exports (named like the file), instantiated from the extracted tarball. */
function load(entry: string): Described {
	const className = posix.basename(entry).replace(/\.(node|credentials)\.js$/, '');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Loaded = require(join(packageDir, entry))[className];
	return new Loaded();
}

/** The tarball paths of a `file:` icon (light and dark), relative to the file that declares it. */
function iconPaths(entry: string, icon: Described['icon']): string[] {
	const values = typeof icon === 'string' ? [icon] : icon ? [icon.light, icon.dark] : [];
	return values.map((value) =>
		posix.normalize(posix.join(posix.dirname(entry), value.replace(/^file:/, ''))),
	);
}

describe('npm pack of a clean clone', () => {
	it('builds before packing: the clone has no dist/, the tarball has every file the n8n attribute names', () => {
		expect(builtBeforePack).toBe(false);
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
	});

	it('ships the three nodes (SamCart, its webhook trigger and its poll trigger) with their codex files (node type and search aliases) and icons, and the credential with its icon', () => {
		expect(pkg.n8n.nodes).toHaveLength(3);
		expect(pkg.n8n.credentials).toHaveLength(1);
		for (const entry of pkg.n8n.nodes) {
			const { description } = load(entry);
			const codexFile = `${entry}on`; // n8n reads <file>.js + "on"
			expect(files).toContain(codexFile);
			const codex = JSON.parse(readFileSync(join(packageDir, codexFile), 'utf8'));
			expect(codex.node).toBe(`${pkg.name}.${description.name}`);
			expect(codex.alias).toEqual(expect.arrayContaining(ALIASES));
			const icons = iconPaths(entry, description.icon);
			expect(icons).toHaveLength(2);
			for (const icon of icons) expect(files).toContain(icon);
		}
		for (const entry of pkg.n8n.credentials) {
			const credential = load(entry);
			expect(credential.name).toBe('samCartApi');
			const icons = iconPaths(entry, credential.icon);
			expect(icons).toHaveLength(2);
			for (const icon of icons) expect(files).toContain(icon);
		}
	});

	it('ships nothing from test/, dev/, bench/ or test-artifacts/, no TypeScript source, nothing outside dist/ but the README, licence and package.json', () => {
		expect(
			files.filter((f) => /(^|\/)(test|dev|bench|test-artifacts|workflows-templates)\//.test(f)),
		).toEqual([]);
		expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
		expect(files.filter((f) => !f.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
	});
});

describe("n8n's community-package scanner (offline)", () => {
	const scan = (folder: string, kind: 'tarball' | 'source') => {
		const out = execFileSync('node', [join(__dirname, 'scan-community-package.mjs'), folder, kind], {
			cwd: root,
			env: cleanEnv(),
			encoding: 'utf8',
			timeout: 300_000,
		});
		const result = JSON.parse(out.trim().split('\n').pop() as string);
		console.log(`n8n scanner, ${kind}: ${result.findings} findings in ${result.files} files`);
		return result as { passed: boolean; findings: number; files: number; details?: string };
	};

	it('finds nothing in the packed tarball (its compiled JavaScript and package.json)', () => {
		const result = scan(packageDir, 'tarball');
		expect(result.details ?? '').toBe('');
		expect(result).toMatchObject({ passed: true, findings: 0 });
		expect(result.files).toBeGreaterThan(pkg.n8n.nodes.length);
	});

	it('finds nothing in the sources (package.json, nodes/ and credentials/)', () => {
		const result = scan(clone, 'source');
		expect(result.details ?? '').toBe('');
		expect(result).toMatchObject({ passed: true, findings: 0 });
		expect(result.files).toBeGreaterThan(pkg.n8n.nodes.length);
	});
});
