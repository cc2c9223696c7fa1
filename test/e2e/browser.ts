/**
 * Debian's Chromium driven by playwright-core, for the editor e2e tests. No browser build is ever downloaded: the binary
 * is /usr/bin/chromium, and when it is missing the test set-up installs Debian's package itself (`apt-get install
 * chromium fonts-dejavu-core`, as root or through password-less sudo), so `npm install && npm test` needs no other
 * step. SAMCART_CHROMIUM points at another binary (it is then never installed).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SAMCART_CHROMIUM ?? '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'fonts-dejavu-core'];
const INSTALL_HINT =
	`\`apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}\`, ` +
	'or set SAMCART_CHROMIUM to a Chromium binary';

/**
 * Flags known to work on these machines: without the background-networking ones Chromium keeps trying Google's
 * hosts and the closed network refuses them. playwright-core gives every launch a fresh, temporary profile.
 */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', (e) => resolve({ code: -1, out: String(e) }));
		child.on('exit', (code) => resolve({ code, out }));
	});
}

/**
 * Makes sure the browser exists: installs Debian's Chromium when /usr/bin/chromium is missing (about a minute on a
 * fresh machine; a no-op otherwise). Throws, saying how to install it, where that cannot be done: not root and no
 * password-less sudo, no apt-get, or SAMCART_CHROMIUM naming a missing file. The test fails then; it never skips.
 */
export async function ensureChromium(log: (msg: string) => void = (m) => process.stderr.write(`[chromium] ${m}\n`)): Promise<string> {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.env.SAMCART_CHROMIUM) throw new Error(`SAMCART_CHROMIUM=${CHROMIUM} does not exist.`);
	const missing = (why: string) =>
		new Error(`${CHROMIUM} is missing and ${why}: the editor e2e test needs Debian's Chromium. Install it with ${INSTALL_HINT}.`);
	if (!fs.existsSync('/usr/bin/apt-get')) throw missing('there is no apt-get to install it');
	const root = process.getuid?.() === 0;
	if (!root && (await run('sudo', ['-n', 'true'], process.env)).code !== 0) {
		throw missing('installing it needs root (or password-less sudo)');
	}
	const t0 = Date.now();
	log(`${CHROMIUM} is missing: installing Debian's ${APT_PACKAGES.join(' ')} with apt-get`);
	// flock: two test processes never run apt-get at once; dpkg's lock waits for any other apt user.
	const script =
		'apt-get update -q && apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends ' +
		APT_PACKAGES.join(' ');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const cmd = [...(root ? [] : ['sudo', '-n', '--preserve-env=DEBIAN_FRONTEND']), 'flock', '/tmp/samcart-apt.lock', 'sh', '-c', script];
	const { code, out } = await run(cmd[0], cmd.slice(1), env);
	if (code !== 0 || !fs.existsSync(CHROMIUM)) {
		throw new Error(`Installing Chromium failed (apt-get exit code ${code}); install it with ${INSTALL_HINT}.\n${out.slice(-3000)}`);
	}
	log(`installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	return CHROMIUM;
}

export async function launchChromium(): Promise<Browser> {
	await ensureChromium();
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Numbered screenshots `<dir>/NN-step.png`; the folder is emptied first so a run never mixes with an older one. */
export class Screenshots {
	private n = 0;
	readonly taken: string[] = [];

	constructor(
		private readonly page: Page,
		readonly dir: string,
	) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
	}

	async take(step: string): Promise<string> {
		this.n += 1;
		const file = path.join(this.dir, `${String(this.n).padStart(2, '0')}-${step}.png`);
		await settled(this.page);
		await this.page.screenshot({ path: file });
		this.taken.push(file);
		return file;
	}
}

/** Waits (up to 3 s, then goes on) until no finite CSS animation or transition runs, so a panel is not caught mid-slide. */
export async function settled(page: Page): Promise<void> {
	// A string: the test's TypeScript has no DOM types.
	const idle =
		'document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)' +
		".every((a) => a.playState !== 'running')";
	await page
		.waitForFunction(idle, undefined, { timeout: 3_000, polling: 100 })
		.catch(() => undefined);
}

/** The visible text of each element, trimmed, in document order. */
export async function texts(locator: Locator): Promise<string[]> {
	return (await locator.allInnerTexts()).map((t) => t.trim());
}

/** A regular expression matching exactly `text` (for `filter({ hasText })`). */
export function exactly(text: string): RegExp {
	return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
