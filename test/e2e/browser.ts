/**
 * Debian's Chromium driven by playwright-core, for the editor e2e tests. No browser is ever downloaded: the binary
 * is /usr/bin/chromium (`apt-get install -y --no-install-recommends chromium fonts-dejavu-core`; `.ci/run` installs it
 * when missing). SAMCART_CHROMIUM points at another binary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SAMCART_CHROMIUM ?? '/usr/bin/chromium';

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

/** Throws (never skips) when the browser is missing, saying how to install it. */
export function assertChromium(): void {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(
			`${CHROMIUM} is missing: the editor e2e test needs Debian's Chromium. Install it with ` +
				'`apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core` ' +
				'(.ci/run does this on CI), or set SAMCART_CHROMIUM to a Chromium binary. No browser is downloaded.',
		);
	}
}

export async function launchChromium(): Promise<Browser> {
	assertChromium();
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
