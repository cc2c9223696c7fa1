/**
 * `npm run docs:screenshots`: refreshes the README's pictures of the nodes (docs/images/*.png) from a real run of the
 * editor end-to-end test on n8n 2.x, which drives Chromium through the editor and takes a screenshot at each step.
 * The pictures are therefore of the nodes as this checkout builds them, in the n8n version the tests pin.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-artifacts', 'editor', '2');
export const IMAGES = join(ROOT, 'docs', 'images');

/** Editor test step → README picture. */
export const PICTURES: Record<string, string> = {
	'trigger-events': 'samcart-trigger-events.png',
	'node-actions': 'samcart-node-actions.png',
	'node-parameters': 'samcart-node-parameters.png',
};

function main(): void {
	const jest = spawnSync(
		process.execPath,
		[join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/e2e/editor.e2e.test.ts', '--selectProjects=e2e', '-t', 'line 2'],
		{ cwd: ROOT, stdio: 'inherit' },
	);
	if (jest.status !== 0) throw new Error(`the editor test failed (exit ${jest.status}); no picture was changed`);
	mkdirSync(IMAGES, { recursive: true });
	const taken = existsSync(SHOTS) ? readdirSync(SHOTS) : [];
	for (const [step, picture] of Object.entries(PICTURES)) {
		const shot = taken.find((file) => file.replace(/^\d+-/, '') === `${step}.png`);
		if (!shot) throw new Error(`the editor test took no "${step}" screenshot (in ${SHOTS}: ${taken.join(', ')})`);
		copyFileSync(join(SHOTS, shot), join(IMAGES, picture));
		process.stdout.write(`docs/images/${picture} <- ${shot}\n`);
	}
}

if (require.main === module) main();
