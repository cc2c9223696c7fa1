import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

export interface IdListRule {
	/** The parameter's display name, e.g. "Order IDs". */
	label: string;
	/** One of them, e.g. "order". */
	what: string;
	max: number;
}

/**
 * A list of record IDs from a parameter: an array (from an expression) or text separated by commas, semicolons,
 * spaces or new lines. Every entry must be a positive whole number, none twice, between 1 and `max` of them;
 * otherwise a NodeOperationError that names the entry, before anything is sent.
 */
export function parseIdList(
	context: IExecuteFunctions,
	value: unknown,
	rule: IdListRule,
	itemIndex: number,
): number[] {
	const refuse = (message: string) =>
		new NodeOperationError(context.getNode(), `${rule.label}: ${message}`, {
			itemIndex,
			description: `Give 1 to ${rule.max.toLocaleString('en-US')} different ${rule.what} IDs (whole numbers), separated by commas, e.g. 500001, 500002, or an expression that returns an array of IDs.`,
		});
	const entries: unknown[] = Array.isArray(value)
		? value
		: String(value ?? '')
				.split(/[\s,;]+/)
				.filter((entry) => entry !== '');
	if (!entries.length) throw refuse(`no ${rule.what} IDs given`);
	if (entries.length > rule.max) {
		throw refuse(
			`${entries.length.toLocaleString('en-US')} IDs given; SamCart accepts at most ${rule.max.toLocaleString('en-US')} in one batch`,
		);
	}
	const seen = new Set<number>();
	return entries.map((entry) => {
		const text = typeof entry === 'number' ? String(entry) : String(entry ?? '').trim();
		const id = /^\d+$/.test(text) ? Number(text) : Number.NaN;
		if (!Number.isSafeInteger(id) || id <= 0) throw refuse(`"${text}" is not a valid ${rule.what} ID`);
		if (seen.has(id)) throw refuse(`${id} appears more than once`);
		seen.add(id);
		return id;
	});
}
