/**
 * Builds and packs n8n-nodes-samcart, and installs the tarball into an n8n user folder the way the Community Nodes
 * screen does (n8n CommunityPackagesService, 1.123.81 and 2.41.1 — see n8n-runtime.md §3b):
 *   1. extract the packed tarball into <userFolder>/.n8n/nodes/node_modules/<name>
 *   2. delete devDependencies, peerDependencies and optionalDependencies from that copy's package.json
 *   3. run `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *      --ignore-scripts=true --package-lock=false` inside it
 *   4. record the package in <userFolder>/.n8n/nodes/package.json ({"name":"installed-nodes","private":true,...})
 * A package that needs a runtime dependency or a file outside `files` therefore fails here exactly as for users.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheRoot, cleanEnv, repoRoot } from './paths';

export const PACKAGE_NAME = 'n8n-nodes-samcart';

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv(), timeoutMs = 300_000): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve(out);
			else reject(new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (code ${code}, signal ${signal}):\n${out.slice(-4000)}`));
		});
	});
}

export interface PackOptions {
	/**
	 * Build first (default true): a plain `npm pack`, whose `prepack` script runs `npm run build` (as it does for
	 * `npm publish`). false packs the dist/ that is there (`npm pack --ignore-scripts`).
	 */
	build?: boolean;
	/** Where to put the tarball (default: a fresh temp dir). */
	destination?: string;
	log?: (msg: string) => void;
}

let memo: Promise<string> | undefined;

/**
 * `npm pack` of the repository, which builds first (package.json's `prepack`). Returns the absolute tarball path.
 * `SAMCART_PACKAGE_TGZ=<path>` skips both and uses that tarball (e.g. a CI artifact).
 * Memoised per process: several servers in one test run share one tarball.
 */
export function packPackage(opts: PackOptions = {}): Promise<string> {
	if (process.env.SAMCART_PACKAGE_TGZ) return Promise.resolve(path.resolve(process.env.SAMCART_PACKAGE_TGZ));
	if (opts.destination) return doPack(opts);
	if (!memo) {
		const p = doPack(opts);
		memo = p;
		p.catch(() => (memo = undefined)); // a failed pack is retried by the next caller
	}
	return memo;
}

/** A new folder under <cache>/packs/; folders older than a day are pruned (tarballs are small but add up). */
function freshPackDir(): string {
	const root = path.join(cacheRoot(), 'packs');
	fs.mkdirSync(root, { recursive: true });
	for (const d of fs.readdirSync(root)) {
		try {
			if (Date.now() - fs.statSync(path.join(root, d)).mtimeMs > 24 * 3600_000) fs.rmSync(path.join(root, d), { recursive: true, force: true });
		} catch {
			/* raced with another pruner */
		}
	}
	return fs.mkdtempSync(path.join(root, 'pack-'));
}

async function doPack(opts: PackOptions): Promise<string> {
	const log = opts.log ?? ((m: string) => process.stderr.write(`[local-n8n] ${m}\n`));
	const root = repoRoot();
	const dest = opts.destination ?? freshPackDir();
	fs.mkdirSync(dest, { recursive: true });
	const t0 = Date.now();
	const args = ['pack', '--json', '--pack-destination', dest, ...(opts.build === false ? ['--ignore-scripts'] : [])];
	// flock: other engineers build in the same checkout; two builds writing dist/ at once can interleave.
	const out = await sh('flock', ['/tmp/samcart-build.lock', 'npm', ...args], root, cleanEnv());
	// The JSON array npm prints, cut out of whatever a foreground lifecycle script or a warning printed around it.
	const start = out.search(/\[\s*\{\s*"id"/);
	const json = JSON.parse(out.slice(start, out.lastIndexOf(']') + 1)) as Array<{ filename: string; entryCount: number }>;
	const file = path.join(dest, json[0].filename);
	log(`${opts.build === false ? 'packed' : 'built and packed'} ${file} (${json[0].entryCount} files) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	return file;
}

export interface InstallPackageResult {
	/** <userFolder>/.n8n/nodes/node_modules/n8n-nodes-samcart */
	packageDir: string;
	version: string;
}

/**
 * Installs a packed tarball into `<userFolder>/.n8n/nodes` exactly like n8n's Community Nodes screen.
 * Must be done before n8n starts (n8n scans that folder at start-up).
 */
export async function installPackageInto(userFolder: string, tarball: string): Promise<InstallPackageResult> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const extractTo = fs.mkdtempSync(path.join(os.tmpdir(), 'samcart-extract-'));
	try {
		await sh('tar', ['-xzf', tarball, '-C', extractTo], extractTo);
		const src = path.join(extractTo, 'package'); // npm pack puts everything under package/
		const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8')) as Record<string, unknown>;
		const name = String(pkg.name);
		const version = String(pkg.version);
		const packageDir = path.join(nodesDir, 'node_modules', name);
		fs.rmSync(packageDir, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(packageDir), { recursive: true });
		fs.cpSync(src, packageDir, { recursive: true });

		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.optionalDependencies;
		fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(pkg, null, 2));

		// Same flags as n8n's CommunityPackagesService (executeNpmCommand in the package folder).
		await sh(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			packageDir,
			cleanEnv({ npm_config_update_notifier: 'false' }),
		);

		const manifestPath = path.join(nodesDir, 'package.json');
		let manifest: { name: string; private: boolean; dependencies: Record<string, string> } = {
			name: 'installed-nodes',
			private: true,
			dependencies: {},
		};
		try {
			manifest = { ...manifest, ...JSON.parse(fs.readFileSync(manifestPath, 'utf8')) };
		} catch {
			/* first package */
		}
		manifest.dependencies = { ...(manifest.dependencies ?? {}), [name]: version };
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		return { packageDir, version };
	} finally {
		fs.rmSync(extractTo, { recursive: true, force: true });
	}
}

/**
 * Fast-iteration alternative (n8n-runtime.md §10): symlink the repository itself (built dist/) into the nodes folder.
 * Not what users get; prefer installPackageInto for e2e.
 */
export function linkRepoInto(userFolder: string): string {
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	fs.symlinkSync(repoRoot(), target, 'dir');
	return target;
}
