/**
 * The README's operations and events tables are generated from the code that defines them (the operation modules
 * and the events catalogue), so they cannot drift. `npm run docs` rewrites them; a unit test fails when stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RESOURCES } from '../../nodes/SamCart/actions/resources';
import { pathOf, POLL_EVENTS } from '../../nodes/SamCart/poll/events';
import { SAMCART_EVENTS } from '../../nodes/SamCart/trigger/events';

export const README_PATH = join(__dirname, '..', '..', 'README.md');

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function operationsTable(): string {
	const rows = RESOURCES.flatMap((resource) =>
		Object.values(resource.operations)
			.map((operation) => operation.option)
			.sort((a, b) => String(a.name).localeCompare(String(b.name)))
			.map((option) => `| ${resource.name} | ${cell(String(option.name))} | ${cell(option.description ?? option.action)} |`),
	);
	return ['| Resource | Operation | What it does |', '|---|---|---|', ...rows].join('\n');
}

export function eventsTable(): string {
	const rows = SAMCART_EVENTS.map((event) => {
		const aliases = event.aliases
			.map((alias) => `\`${alias.type}\`${alias.confirmed ? '' : '\\*'}`)
			.join(', ');
		// The rule builder's name for the event: what to pick in SamCart's Webhooks app.
		const rule = event.aliases.find((alias) => alias.family === 'rule');
		const ruleCell = rule ? `${rule.type}${rule.confirmed ? '' : '\\*'}` : '';
		return `| ${event.label}${event.core ? ' (core)' : ''} | \`${event.key}\` | ${ruleCell} | ${cell(event.description)} | ${aliases} |`;
	});
	return [
		"| Event | Key | Rule to add in SamCart's Webhooks app | When | SamCart `type` values accepted |",
		'|---|---|---|---|---|',
		...rows,
	].join('\n');
}

/** The poll trigger's events (poll/events.ts): the list each reads and how it knows what is new. */
export function pollEventsTable(): string {
	const rows = POLL_EVENTS.map((event) => {
		const how =
			event.watch === 'created'
				? `ID above the cursor (\`offset\` = last ID emitted)`
				: `\`canceled_at\` in the window since the last poll`;
		return `| ${event.label} | \`${event.key}\` | \`GET ${pathOf(event)}\` | ${how} | ${cell(event.description)} |`;
	});
	return ['| Event | Key | SamCart list | New when | What |', '|---|---|---|---|---|', ...rows].join('\n');
}

const SECTIONS: Record<string, () => string> = {
	operations: operationsTable,
	events: eventsTable,
	pollEvents: pollEventsTable,
};

/** README text with every generated section replaced by its current table. */
export function renderReadme(readme: string): string {
	let text = readme;
	for (const [name, render] of Object.entries(SECTIONS)) {
		const start = `<!-- generated:${name} -->`;
		const end = `<!-- /generated:${name} -->`;
		const from = text.indexOf(start);
		const to = text.indexOf(end);
		if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
		text = `${text.slice(0, from + start.length)}\n${render()}\n${text.slice(to)}`;
	}
	return text;
}

if (require.main === module) {
	writeFileSync(README_PATH, renderReadme(readFileSync(README_PATH, 'utf8')));
	console.log('README.md tables regenerated');
}
