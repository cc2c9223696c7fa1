/**
 * `node scan-community-package.mjs <folder> <tarball|source>`: n8n's own community-package analysis
 * (@n8n/scan-community-package, with the rule plugins at the versions that package pins) on a folder, offline.
 *   tarball: an extracted package, linted as n8n lints a published version (its compiled .js and package.json);
 *   source:  a checkout, linted on the files n8n's scan takes from the attested source (SOURCE_FILE_PATTERNS).
 * Prints one JSON line: { passed, findings, files, details }. `passed` is the analyzer's own verdict
 * (analyzePackage); `findings` counts errors and warnings of the same configuration (buildScanConfig) over the same
 * files, so a rule that only warns is counted too. ESM because the scanner is ESM; jest runs it as a child process.
 */
import { ESLint } from 'eslint';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const [folder, kind] = process.argv.slice(2);
if (!folder || !['tarball', 'source'].includes(kind)) {
	process.stderr.write('usage: node scan-community-package.mjs <folder> <tarball|source>\n');
	process.exit(2);
}
// The tarball leg of n8n's scan (analyzePackageByName): compiled JavaScript and the published package.json.
const patterns = kind === 'tarball' ? ['**/*.js', 'package.json'] : SOURCE_FILE_PATTERNS;

const verdict = await analyzePackage(folder, patterns);

const eslint = new ESLint({
	cwd: folder,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await buildScanConfig(),
	errorOnUnmatchedPattern: false,
});
const results = await eslint.lintFiles(patterns);
const findings = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
const details = findings > 0 ? await (await eslint.loadFormatter('stylish')).format(results) : undefined;

process.stdout.write(
	`${JSON.stringify({ passed: verdict.passed, message: verdict.message, findings, files: results.length, details: details ?? verdict.details })}\n`,
);
process.exit(0);
