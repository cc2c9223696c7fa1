/**
 * The release path: .github/workflows/ci.yml and publish.yml (parsed as YAML), the release step
 * (.github/scripts/release.mjs, run in a scratch git repository) and the check publish.yml runs before publishing
 * (.github/scripts/check-release.mjs, run with the environment GitHub Actions gives it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..', '..');
const CHECK = join(root, '.github', 'scripts', 'check-release.mjs');
const RELEASE = join(root, '.github', 'scripts', 'release.mjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Step {
	name?: string;
	run?: string;
	uses?: string;
}
interface Job {
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, { branches?: string[]; tags?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow =>
	parse(readFileSync(join(root, '.github', 'workflows', name), 'utf8')) as Workflow;

/** Index of the first step whose `run` matches, -1 when none does. */
const stepIndex = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? ''));

/** GitHub's filter pattern for refs (`*` within a segment, `**` across), as a regular expression. */
const refPattern = (glob: string) => {
	const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
	const segment = (part: string) => part.split('*').map(escape).join('[^/]*');
	return new RegExp(`^${glob.split('**').map(segment).join('.*')}$`);
};

/** Node with GitHub's variables in a scratch folder; returns exit status and output. */
function node(script: string, args: string[], cwd: string, env: Record<string, string> = {}) {
	const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|npm_)/.test(k)));
	const result = spawnSync('node', [script, ...args], { cwd, env: { ...clean, ...env }, encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('ci.yml', () => {
	const ci = workflow('ci.yml');

	it('runs on pushes to main and on pull requests', () => {
		expect(ci.on.push?.branches).toContain('main');
		expect(Object.keys(ci.on)).toContain('pull_request');
	});

	it('installs, lints, builds and runs the README test command, in that order', () => {
		const [job] = Object.values(ci.jobs);
		const order = [/^npm ci\b/, /^npm run lint\b/, /^npm run build\b/, /^npm test\b/].map((p) =>
			stepIndex(job, p),
		);
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	it("has a lane that runs the e2e tests against n8n's official image with the packed package installed", () => {
		const lanes = Object.values(ci.jobs).filter(
			(job) => stepIndex(job, /e2e-external\.ts --external-n8n/) >= 0,
		);
		expect(lanes).toHaveLength(1);
		const [lane] = lanes;
		const pack = stepIndex(lane, /^npm pack\b/);
		const docker = stepIndex(lane, /docker run\b[\s\S]*N8N_UNVERIFIED_PACKAGES_ENABLED=true/);
		const e2e = stepIndex(lane, /e2e-external\.ts --external-n8n/);
		expect(pack).toBeGreaterThanOrEqual(0);
		expect(docker).toBeGreaterThan(pack);
		expect(e2e).toBeGreaterThan(docker);
		const images = (lane as Job & { strategy: { matrix: { image: string[] } } }).strategy.matrix.image;
		expect(images.length).toBeGreaterThan(0);
		for (const image of images) expect(image).toMatch(/^n8nio\/n8n:\d+\.\d+\.\d+$/);
	});
});

describe('publish.yml', () => {
	const publish = workflow('publish.yml');
	const [job] = Object.values(publish.jobs);

	it('runs only for version tags', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push?.branches).toBeUndefined();
		const tags = (publish.on.push?.tags ?? []).map(refPattern);
		const matches = (ref: string) => tags.some((t) => t.test(ref));
		expect(matches(`v${pkg.version}`)).toBe(true);
		expect(matches('v1.12.0')).toBe(true);
		expect(matches('main')).toBe(false);
		expect(matches('latest')).toBe(false);
	});

	it('may mint an OIDC token (id-token: write) and publishes with provenance after the release check', () => {
		expect(job.permissions?.['id-token']).toBe('write');
		const check = stepIndex(job, /node \.github\/scripts\/check-release\.mjs/);
		const publishStep = stepIndex(job, /^npm publish\b.*--provenance/);
		expect(check).toBeGreaterThanOrEqual(0);
		expect(publishStep).toBeGreaterThan(check);
		expect(job.steps.filter((s) => /\bnpm publish\b/.test(s.run ?? ''))).toHaveLength(1);
	});

	it('package.json names a GitHub repository (npm checks it against the provenance)', () => {
		expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
	});
});

describe('check-release.mjs (before npm publish)', () => {
	let dir: string;
	const write = (
		repository: unknown,
		changelog = '# Changelog\n\n## Unreleased\n\n## 1.2.3 - 2026-12-01\n\n- x\n',
	) => {
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify({ name: 'n8n-nodes-samcart', version: '1.2.3', repository }),
		);
		writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
	};
	const check = (tag: string, repo = 'acme/n8n-nodes-samcart', refType = 'tag') =>
		node(CHECK, [], dir, { GITHUB_REF_NAME: tag, GITHUB_REF_TYPE: refType, GITHUB_REPOSITORY: repo });

	beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'samcart-check-release-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('passes for the tag v<version> pushed to the repository package.json names', () => {
		for (const repository of [
			{ type: 'git', url: 'git+https://github.com/acme/n8n-nodes-samcart.git' },
			'https://github.com/Acme/n8n-nodes-samcart',
			'github:acme/n8n-nodes-samcart',
			'git@github.com:acme/n8n-nodes-samcart.git',
		]) {
			write(repository);
			expect(check('v1.2.3')).toEqual({
				status: 0,
				output: 'release check passed: n8n-nodes-samcart@1.2.3 from acme/n8n-nodes-samcart\n',
			});
		}
	});

	it("refuses a tag that differs from package.json's version", () => {
		write({ url: 'git+https://github.com/acme/n8n-nodes-samcart.git' });
		for (const tag of ['v1.2.4', '1.2.3', 'v1.2.3-rc.1']) {
			const result = check(tag);
			expect(result.status).toBe(1);
			expect(result.output).toContain(`tag "${tag}" does not match package.json's version 1.2.3`);
		}
		expect(check('main', undefined, 'branch').status).toBe(1);
	});

	it('refuses when repository names another repository than the one running the workflow', () => {
		write({ url: 'git+https://github.com/acme/n8n-nodes-samcart.git' });
		const fork = check('v1.2.3', 'someone/n8n-nodes-samcart');
		expect(fork.status).toBe(1);
		expect(fork.output).toContain('does not name someone/n8n-nodes-samcart');
		for (const repository of [
			undefined,
			'git+https://gitlab.com/acme/n8n-nodes-samcart.git',
			{ type: 'git' },
		]) {
			write(repository);
			expect(check('v1.2.3').status).toBe(1);
		}
	});

	it('refuses a version without its CHANGELOG.md section', () => {
		write('github:acme/n8n-nodes-samcart', '# Changelog\n\n## Unreleased\n\n- x\n\n## 1.2.30 - 2026-12-01\n');
		const result = check('v1.2.3');
		expect(result.status).toBe(1);
		expect(result.output).toContain('CHANGELOG.md has no "## 1.2.3" section');
	});
});

describe('release.mjs (npm run release -- <version>)', () => {
	let dir: string;
	const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
	const today = () => new Date().toISOString().slice(0, 10);

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'samcart-release-'));
		const version = '0.1.0';
		writeFileSync(
			join(dir, 'package.json'),
			`${JSON.stringify({ name: 'n8n-nodes-samcart', version, repository: pkg.repository }, null, '\t')}\n`,
		);
		writeFileSync(
			join(dir, 'package-lock.json'),
			`${JSON.stringify({ name: 'n8n-nodes-samcart', version, lockfileVersion: 3, requires: true, packages: { '': { name: 'n8n-nodes-samcart', version } } }, null, '\t')}\n`,
		);
		writeFileSync(
			join(dir, 'CHANGELOG.md'),
			'# Changelog\n\n## Unreleased\n\n- New: a thing.\n\n## 0.1.0 - 2026-12-01\n\n- First.\n',
		);
		git('init', '--quiet');
		git(
			'-c',
			'user.name=t',
			'-c',
			'user.email=t@example.com',
			'commit',
			'--quiet',
			'--allow-empty',
			'-m',
			'start',
		);
		git('add', '.');
		git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'files');
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	const release = (arg: string) =>
		node(RELEASE, [arg], dir, {
			GIT_AUTHOR_NAME: 't',
			GIT_AUTHOR_EMAIL: 't@example.com',
			GIT_COMMITTER_NAME: 't',
			GIT_COMMITTER_EMAIL: 't@example.com',
		});

	it('moves the Unreleased notes under the new version, sets it in package.json and the lockfile, commits and tags', () => {
		const result = release('minor');
		expect(result.status).toBe(0);
		expect(result.output).toContain('git push origin HEAD v0.2.0');
		expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toBe(
			`# Changelog\n\n## Unreleased\n\n## 0.2.0 - ${today()}\n\n- New: a thing.\n\n## 0.1.0 - 2026-12-01\n\n- First.\n`,
		);
		expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe('0.2.0');
		const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
		expect([lock.version, lock.packages[''].version]).toEqual(['0.2.0', '0.2.0']);
		expect(git('log', '-1', '--format=%s')).toBe('Release 0.2.0');
		expect(git('status', '--porcelain')).toBe('');
		expect(git('rev-parse', 'v0.2.0^{commit}')).toBe(git('rev-parse', 'HEAD'));

		// what publish.yml then checks on the pushed tag
		const named = /github\.com\/([\w.-]+\/[\w.-]+?)\.git$/.exec(pkg.repository.url)?.[1] as string;
		const checked = node(CHECK, [], dir, {
			GITHUB_REF_NAME: 'v0.2.0',
			GITHUB_REF_TYPE: 'tag',
			GITHUB_REPOSITORY: named,
		});
		expect(checked).toEqual({
			status: 0,
			output: `release check passed: n8n-nodes-samcart@0.2.0 from ${named}\n`,
		});
	});

	it('refuses when there is nothing under Unreleased, when the tag exists, or when the files have changes', () => {
		writeFileSync(
			join(dir, 'CHANGELOG.md'),
			'# Changelog\n\n## Unreleased\n\n## 0.1.0 - 2026-12-01\n\n- First.\n',
		);
		expect(release('0.1.1')).toMatchObject({
			status: 1,
			output: expect.stringContaining('commit or drop the changes'),
		});
		git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-am', 'empty notes');
		expect(release('0.1.1')).toMatchObject({
			status: 1,
			output: expect.stringContaining('nothing to release'),
		});

		git('tag', 'v0.3.0');
		expect(release('0.3.0')).toMatchObject({
			status: 1,
			output: expect.stringContaining('tag v0.3.0 exists already'),
		});
		expect(release('next')).toMatchObject({
			status: 1,
			output: expect.stringContaining('usage: npm run release'),
		});
		expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe('0.1.0');
		expect(git('tag', '--list')).toBe('v0.3.0');
	});
});
