import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { README_PATH, renderReadme } from '../../../dev/docs/readmeTables';
import { PICTURES } from '../../../dev/docs/screenshots';
import { RESOURCES } from '../../../nodes/SamCart/actions/resources';
import { SAMCART_EVENTS } from '../../../nodes/SamCart/trigger/events';

describe('README', () => {
	const readme = readFileSync(README_PATH, 'utf8');

	it('has the operations and events tables as the code defines them (run `npm run docs` after a change)', () => {
		expect(readme).toBe(renderReadme(readme));
	});

	it('lists every operation and every event', () => {
		for (const resource of RESOURCES) {
			for (const operation of Object.values(resource.operations)) {
				expect(readme).toContain(`| ${resource.name} | ${operation.option.name} |`);
			}
		}
		for (const event of SAMCART_EVENTS) expect(readme).toContain(`\`${event.key}\``);
	});

	it('states the development commands', () => {
		expect(readme).toMatch(/npm install\b/);
		expect(readme).toMatch(/npm test\b/);
		expect(readme).toMatch(/npm start\b/);
	});

	it('shows the pictures `npm run docs:screenshots` makes, and links only to files that exist', () => {
		for (const picture of Object.values(PICTURES)) expect(readme).toContain(`](docs/images/${picture})`);
		const local = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1]);
		expect(local.length).toBeGreaterThan(3);
		for (const file of local) expect({ file, exists: existsSync(join(dirname(README_PATH), file)) }).toEqual({ file, exists: true });
	});
});
