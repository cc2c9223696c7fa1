import { readFileSync } from 'node:fs';

import { README_PATH, renderReadme } from '../../../dev/docs/readmeTables';
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
});
