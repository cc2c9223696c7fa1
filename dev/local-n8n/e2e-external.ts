/**
 * Runs the end-to-end tests that work against an n8n that is already running (for example n8n's official Docker
 * image with this package installed), instead of servers the launcher starts:
 *
 *   npx tsx dev/local-n8n/e2e-external.ts --external-n8n <url> [--email <owner> --password <pw>] [--api-key <key>]
 *
 * It sets SAMCART_EXTERNAL_N8N (and the sign-in variables, see external.ts) and runs the e2e project's launcher and
 * editor tests on it; other arguments go to jest. Exit code: jest's.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';

const FILES = ['test/e2e/launcher.test.ts', 'test/e2e/editor.e2e.test.ts'];
const FLAGS: Record<string, string> = {
	'--external-n8n': 'SAMCART_EXTERNAL_N8N',
	'--email': 'SAMCART_EXTERNAL_N8N_EMAIL',
	'--password': 'SAMCART_EXTERNAL_N8N_PASSWORD',
	'--api-key': 'SAMCART_EXTERNAL_N8N_API_KEY',
};

const env: NodeJS.ProcessEnv = { ...process.env };
const rest: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
	const [flag, inline] = args[i].split(/=(.*)/s, 2);
	if (FLAGS[flag]) env[FLAGS[flag]] = inline ?? args[++i];
	else rest.push(args[i]);
}
if (!env.SAMCART_EXTERNAL_N8N) {
	process.stderr.write('usage: npx tsx dev/local-n8n/e2e-external.ts --external-n8n <url> [--email <e> --password <p>] [--api-key <k>]\n');
	process.exit(2);
}
const jest = path.join(repoRoot(), 'node_modules', 'jest', 'bin', 'jest.js');
const child = spawn(process.execPath, [jest, '--selectProjects', 'e2e', '--runTestsByPath', ...FILES, ...rest], {
	cwd: repoRoot(),
	env,
	stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
