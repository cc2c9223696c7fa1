#!/usr/bin/env node
/**
 * `npm run release -- <version | patch | minor | major>`: the release step.
 *   1. moves the notes under CHANGELOG.md's "## Unreleased" into a new "## <version> - <date>" section (refuses when
 *      there are none: nothing to release);
 *   2. sets the version in package.json and package-lock.json (`npm version --no-git-tag-version`);
 *   3. commits those three files ("Release <version>") and creates the annotated tag v<version>.
 * It pushes nothing: `git push origin HEAD v<version>` then starts .github/workflows/publish.yml, which checks the tag
 * against package.json and publishes with provenance. Refuses when the three files have uncommitted changes or the
 * tag exists. Plain Node, no dependency.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const FILES = ['package.json', 'package-lock.json', 'CHANGELOG.md'];
const UNRELEASED = /^## \[?Unreleased\]?[^\n]*\n/im;

function fail(message) {
	process.stderr.write(`release: ${message}\n`);
	process.exit(1);
}

function git(...args) {
	return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function nextVersion(current, wanted) {
	const [major, minor, patch] = current.split(/[.-]/).map(Number);
	if (wanted === 'major') return `${major + 1}.0.0`;
	if (wanted === 'minor') return `${major}.${minor + 1}.0`;
	if (wanted === 'patch') return `${major}.${minor}.${patch + 1}`;
	if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(wanted ?? '')) return wanted;
	return fail('usage: npm run release -- <x.y.z | patch | minor | major>');
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const version = nextVersion(pkg.version, process.argv[2]);
const tag = `v${version}`;

if (git('status', '--porcelain', '--', ...FILES))
	fail(`commit or drop the changes to ${FILES.join(', ')} first`);
if (git('tag', '--list', tag)) fail(`tag ${tag} exists already`);

const changelog = readFileSync('CHANGELOG.md', 'utf8');
const heading = UNRELEASED.exec(changelog);
if (!heading) fail('CHANGELOG.md has no "## Unreleased" section');
const start = heading.index + heading[0].length;
const nextSection = changelog.slice(start).search(/^## /m);
const end = nextSection === -1 ? changelog.length : start + nextSection;
const notes = changelog.slice(start, end).trim();
if (!notes) fail('nothing to release: the "## Unreleased" section of CHANGELOG.md is empty');

const date = new Date().toISOString().slice(0, 10);
writeFileSync(
	'CHANGELOG.md',
	`${changelog.slice(0, start)}\n## ${version} - ${date}\n\n${notes}\n\n${changelog.slice(end).replace(/^\n+/, '')}`,
);
if (version !== pkg.version) {
	execFileSync('npm', ['version', version, '--no-git-tag-version', '--ignore-scripts'], { stdio: 'ignore' });
}
git('add', '--', ...FILES);
git('commit', '--quiet', '-m', `Release ${version}`, '--', ...FILES);
git('tag', '--annotate', tag, '--message', `${pkg.name} ${version}`);

process.stdout.write(
	`Released ${pkg.name} ${version} locally: CHANGELOG.md section, version, commit and tag ${tag}.\n` +
		`Publish it: git push origin HEAD ${tag}\n`,
);
