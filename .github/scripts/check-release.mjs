#!/usr/bin/env node
/**
 * Run by .github/workflows/publish.yml before `npm publish --provenance`. Exits 1 (and publishes nothing) unless:
 *   - the workflow runs for a tag (GITHUB_REF_TYPE) named v<version of package.json> (GITHUB_REF_NAME);
 *   - package.json's `repository` names the GitHub repository running the workflow (GITHUB_REPOSITORY): npm ties the
 *     provenance statement to that repository and refuses a package whose `repository` names another one;
 *   - CHANGELOG.md has a section for that version (`npm run release` writes it).
 * Plain Node, no dependency: it runs right after checkout. Reads package.json and CHANGELOG.md from the current folder.
 */
import { readFileSync } from 'node:fs';

/** `owner/name` (lower case) of a GitHub repository named by package.json's `repository`, or undefined. */
function githubRepository(repository) {
	const value = typeof repository === 'string' ? repository : repository?.url;
	if (typeof value !== 'string') return undefined;
	const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(value.trim());
	const url =
		/^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
			value.trim(),
		);
	const scp = /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(value.trim());
	const match = shorthand ?? url ?? scp;
	return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}

function checkRelease({ env, pkg, changelog }) {
	const problems = [];
	const tag = env.GITHUB_REF_NAME ?? '';
	if (env.GITHUB_REF_TYPE && env.GITHUB_REF_TYPE !== 'tag') {
		problems.push(
			`this run is for a ${env.GITHUB_REF_TYPE} (${tag}), not a tag: publish by pushing a version tag`,
		);
	} else if (tag !== `v${pkg.version}`) {
		problems.push(
			`tag "${tag}" does not match package.json's version ${pkg.version}: the tag must be v${pkg.version} ` +
				'(run `npm run release -- <version>`, which sets both)',
		);
	}
	const running = (env.GITHUB_REPOSITORY ?? '').toLowerCase();
	const named = githubRepository(pkg.repository);
	if (!running) problems.push('GITHUB_REPOSITORY is not set: this check runs inside GitHub Actions');
	else if (named !== running) {
		problems.push(
			`package.json's repository (${JSON.stringify(pkg.repository)}) does not name ${env.GITHUB_REPOSITORY}, ` +
				'the repository running this workflow: npm provenance would not match. Set repository.url to ' +
				`"git+https://github.com/${env.GITHUB_REPOSITORY}.git"`,
		);
	}
	const escaped = String(pkg.version).replace(/[.+]/g, '\\$&');
	if (!new RegExp(`^## \\[?${escaped}\\]?(\\s|$)`, 'm').test(changelog ?? '')) {
		problems.push(`CHANGELOG.md has no "## ${pkg.version}" section (\`npm run release\` writes it)`);
	}
	return problems;
}

function main() {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
	let changelog = '';
	try {
		changelog = readFileSync('CHANGELOG.md', 'utf8');
	} catch {
		/* reported as a missing section */
	}
	const problems = checkRelease({ env: process.env, pkg, changelog });
	if (problems.length > 0) {
		for (const problem of problems) process.stderr.write(`release refused: ${problem}\n`);
		process.exit(1);
	}
	process.stdout.write(
		`release check passed: ${pkg.name}@${pkg.version} from ${process.env.GITHUB_REPOSITORY}\n`,
	);
}

main();
