/**
 * Who may call, and which event this is: the secret-token check and the event ID that recognises a redelivery.
 */
import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from './body';

/**
 * True when no token is configured, or when `provided` equals it. Both sides are hashed with SHA-256 first, so the
 * constant-time comparison runs on equal-length buffers and the time taken says nothing about the token's length.
 */
export function tokenMatches(expected: string, provided: unknown): boolean {
	if (!expected) return true;
	if (typeof provided !== 'string' || provided === '') return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(expected), digest(provided));
}

/** A token must survive being pasted into a URL unchanged and be long enough not to be guessed. */
export function tokenProblem(token: string): string | undefined {
	if (!token) return undefined;
	if (!/^[A-Za-z0-9._~-]+$/.test(token)) {
		return 'The Secret Token may contain only letters, digits and . _ ~ - (it travels in the URL unencoded)';
	}
	if (token.length < 16) return 'The Secret Token must be at least 16 characters long';
	return undefined;
}

/**
 * The body in canonical form: object keys sorted, and every scalar written as text (null as ""), so the same event
 * gives the same id whether it came as JSON or as form fields.
 */
export function canonicalise(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalise).join(',')}]`;
	if (isPlainObject(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalise(value[key])}`).join(',')}}`;
	}
	return JSON.stringify(value === null || value === undefined ? '' : String(value));
}

/**
 * sha256 of the canonical body. A redelivery carries the same body, so it gets the same id; two different events
 * never share one, even when they name the same order or subscription (a monthly Subscription Charged names the
 * same subscription every month, which is why ids are not built from record ids).
 */
export function computeEventId(body: IDataObject): string {
	return createHash('sha256').update(canonicalise(body), 'utf8').digest('hex');
}
