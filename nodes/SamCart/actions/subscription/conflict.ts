import type { IDataObject } from 'n8n-workflow';

import { samCartErrorText } from '../../transport/errors';

/** Whether an error is SamCart's 409: the subscription is not in a state that allows the change. */
export function isConflict(error: unknown): boolean {
	return (error as { httpCode?: unknown })?.httpCode === '409';
}

/** SamCart's own words about a 409, else the message we give it. */
export function conflictMessage(error: unknown): string {
	const response = (error as { errorResponse?: IDataObject }).errorResponse;
	return samCartErrorText(response?.body) ?? (error as Error).message;
}

export const notActiveOption = (displayName: string, name: string, what: string) => ({
	displayName,
	name,
	type: 'boolean' as const,
	default: false,
	description: `Whether to output the subscription with \`already_in_state: true\` instead of failing when SamCart refuses because ${what}, so that running the workflow again is safe`,
});
