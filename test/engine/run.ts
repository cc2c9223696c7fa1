/**
 * `npm run test:engine [-- <jest args>]`: makes sure the cache holds Node 24, n8n 2.41.1 and n8n 1.123.81 (installing
 * what is missing through dev/local-n8n/install.ts: minutes the first time, instant afterwards), then runs the jest
 * project `engine` on the cached Node 24 with `--experimental-vm-modules` (n8n 2.x's default `vm` expression engine
 * loads its runtime with a dynamic import(), which jest only allows with that flag).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ensureAll } from '../../dev/local-n8n/install';
import { node24Bin, repoRoot } from '../../dev/local-n8n/paths';

async function main(): Promise<number> {
	const t0 = Date.now();
	await ensureAll({ log: (m) => process.stderr.write(`[engine] ${m}\n`) });
	const ready = (Date.now() - t0) / 1000;
	if (ready > 2) process.stderr.write(`[engine] n8n installs ready in ${ready.toFixed(0)} s\n`);
	const jest = path.join(repoRoot(), 'node_modules', 'jest', 'bin', 'jest.js');
	const nodeOptions = [
		process.env.NODE_OPTIONS,
		'--experimental-vm-modules',
		'--no-warnings=ExperimentalWarning',
	]
		.filter(Boolean)
		.join(' ');
	const args = [
		jest,
		'--selectProjects',
		'engine',
		'--testTimeout=120000',
		'--forceExit',
		...process.argv.slice(2),
	];
	const child = spawn(node24Bin(), args, {
		cwd: repoRoot(),
		stdio: 'inherit',
		env: { ...process.env, NODE_OPTIONS: nodeOptions },
	});
	return await new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
	);
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`[engine] ${e instanceof Error ? e.stack : String(e)}\n`);
		process.exit(1);
	},
);
