/**
 * Locates (and installs on demand, through the local-n8n launcher's installer) the n8n line the engine harness runs,
 * stages our built package next to that line's n8n-workflow, and loads the engine modules from the cache.
 *
 * Dev tooling only. Nothing here is published.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureLine } from '../../dev/local-n8n/install';
import { componentDir, repoRoot, type N8nLine } from '../../dev/local-n8n/paths';

export type { N8nLine };
export type ExpressionEngine = 'vm' | 'legacy';

/** Absolute path of a package inside a line's install. */
export function linePackageDir(line: N8nLine, pkg: string): string {
	return path.join(componentDir(line === '2' ? 'n8n2' : 'n8n1'), 'node_modules', pkg);
}

/** The Node major this process runs on. */
export const nodeMajor = (): number => Number(process.versions.node.split('.')[0]);

/**
 * The lines this process can run. 2.x needs Node >= 22 (n8n 2.41.1 `engines`); 1.x runs on 20.19+.
 * `SAMCART_ENGINE_LINES=2,1` overrides (comma list).
 */
export function availableLines(): N8nLine[] {
	const env = process.env.SAMCART_ENGINE_LINES;
	if (env)
		return env
			.split(',')
			.map((s) => s.trim())
			.filter((s): s is N8nLine => s === '1' || s === '2');
	return nodeMajor() >= 22 ? ['2', '1'] : ['1'];
}

/**
 * The expression engine a line gets by default.
 * - 2.x: `vm` (isolated-vm), n8n 2.x's default, when this Node can load it (>= 22; under jest only with
 *   --experimental-vm-modules, which run.ts sets); otherwise `legacy`.
 * - 1.x: `legacy`, the setting 1.x users on Node 20 must use (n8n-runtime.md). Also a necessity here: 1.x ships its own
 *   isolated-vm (6.2.0), and two isolated-vm builds in one process abort it (`IsolateSpecificSize` assertion).
 * `SAMCART_ENGINE_EXPRESSIONS=legacy|vm` overrides for every line.
 */
export function defaultExpressionEngine(line: N8nLine): ExpressionEngine {
	const env = process.env.SAMCART_ENGINE_EXPRESSIONS;
	if (env === 'legacy' || env === 'vm') return env;
	if (line === '1') return 'legacy';
	const vmImportOk =
		!process.env.JEST_WORKER_ID || /--experimental-vm-modules/.test(process.env.NODE_OPTIONS ?? '');
	return nodeMajor() >= 22 && vmImportOk ? 'vm' : 'legacy';
}

/** Installs the line into the cache if missing (slow the first time: minutes), through dev/local-n8n/install.ts. */
export async function ensureInstalled(line: N8nLine): Promise<void> {
	await ensureLine(line, {
		log: (m) => process.stderr.write(`[engine ${line}] ${m}\n`),
	});
}

const stages = new Set<string>();
process.once('exit', () => {
	for (const dir of stages) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Stages the built package the way n8n sees a community package: a copy of `package.json` + `dist/` in
 * `<tmp>/node_modules/n8n-nodes-samcart`, with `<tmp>/node_modules/n8n-workflow` a symlink to the line's own
 * n8n-workflow. Our node's `require('n8n-workflow')` therefore resolves (realpath) to the very module instance the
 * engine uses, not to the repository's devDependency copy (which a require from /work/main/dist would find first).
 * Returns the staged package directory. Also used as the n8n user folder (encryption key) of this process.
 */
export function stagePackage(line: N8nLine): { packageDir: string; root: string } {
	const repo = repoRoot();
	const dist = path.join(repo, 'dist');
	const pkgJson = path.join(repo, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((f) => !fs.existsSync(path.join(repo, f)));
	if (missing.length > 0) {
		throw new Error(
			`The engine harness loads the built package; run \`npm run build\` first (missing: ${missing.join(', ')})`,
		);
	}
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `samcart-engine-${line}-`));
	stages.add(root);
	const nm = path.join(root, 'node_modules');
	const packageDir = path.join(nm, 'n8n-nodes-samcart');
	fs.mkdirSync(packageDir, { recursive: true });
	fs.copyFileSync(pkgJson, path.join(packageDir, 'package.json'));
	fs.cpSync(dist, path.join(packageDir, 'dist'), { recursive: true });
	fs.symlinkSync(linePackageDir(line, 'n8n-workflow'), path.join(nm, 'n8n-workflow'), 'dir');
	return { packageDir, root };
}
