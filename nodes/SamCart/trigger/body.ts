/**
 * A delivery's body as an object: JSON or form fields, from the bytes n8n kept, from the request stream it left
 * unread, or from n8n's own parse; and the 400/413 refusals for a body the trigger will not read. Every limit here
 * keeps the cost of reading a body in proportion to its size.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Refusal } from './decide';

/** SamCart's deliveries are a few kilobytes; anything above this is refused with 413 before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Objects and arrays nested deeper than this are refused with 400: SamCart's deliveries are a few levels deep, and
 * a deeper body would overflow the stack of the recursive canonical form (event id) and make n8n answer 500.
 */
export const MAX_BODY_DEPTH = 64;
/**
 * Form fields in one body; SamCart's deliveries have a few dozen. More is refused with 400 before any field is
 * read: 70 000 one-byte fields fit in MAX_BODY_BYTES, and each costs far more memory as an object than as text.
 */
export const MAX_FORM_FIELDS = 1000;
/** Form keys deeper than this are left out. */
const MAX_FORM_DEPTH = 20;
/**
 * A numeric segment up to this is an array index, above it an object key, so a form keyed by ids
 * (`products[350399][name]`) keeps them. An index costs the same whatever its value: arrays are built from the
 * indexes present, in their order.
 */
const MAX_FORM_INDEX = 1000;
/**
 * Keys refused at any depth. An own `toString` or `hasOwnProperty` that is not a function breaks whoever calls
 * the inherited one later (`String(payload)` throws; n8n itself calls `value.hasOwnProperty(key)`), and
 * `__proto__` / `constructor` / `prototype` are the ways to pollute prototypes. SamCart sends none of them.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

type Outcome<T> = ({ ok: true } & T) | { ok: false; refusal: Refusal };
export type ParsedBody = Outcome<{ body: IDataObject; encoding: 'json' | 'form' }>;
export type ParsedForm = Outcome<{ body: IDataObject }>;

const refused = (status: number, error: string, message: string): { ok: false; refusal: Refusal } => ({
	ok: false,
	refusal: { status, body: { error, message } },
});

const emptyBody = () => refused(400, 'empty_body', 'The request has no body.');

const tooLarge = (size: string) =>
	refused(413, 'body_too_large', `The body has ${size} bytes; at most ${MAX_BODY_BYTES} are accepted.`);

const reservedKey = (key: string) =>
	refused(
		400,
		'reserved_key',
		`The body has a field named ${JSON.stringify(key)}; names of JavaScript's built-in object members are refused.`,
	);

export const isPlainObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The refusal for a body nested deeper than MAX_BODY_DEPTH or holding a reserved key anywhere; undefined when it
 * has neither. Iterative: a hostile body cannot overflow the stack here.
 */
function shapeRefusal(value: object): { ok: false; refusal: Refusal } | undefined {
	const stack: Array<[object, number]> = [[value, 1]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop()!;
		if (depth > MAX_BODY_DEPTH) {
			return refused(400, 'too_deep', `The body is nested more than ${MAX_BODY_DEPTH} levels deep.`);
		}
		for (const key of Object.keys(current)) {
			if (RESERVED_KEYS.has(key)) return reservedKey(key);
			const inner = (current as Record<string, unknown>)[key];
			if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
		}
	}
	return undefined;
}

function headerValue(value: string | string[] | undefined): string {
	return (Array.isArray(value) ? value[0] : (value ?? '')).toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Form encoding

/**
 * A form object or array while its fields are read. Entries are keyed by name, or by index as digits, so an index
 * costs one entry whatever its value; `named` says whether it ends as an object, `next` is where `[]` appends.
 */
interface FormNode {
	entries: Map<string, string | FormNode>;
	named: boolean;
	next: number;
}

const formNode = (): FormNode => ({ entries: new Map(), named: false, next: 0 });

/** The fields URLSearchParams would read (the non-empty pieces between `&`), counted without building them. */
function formFieldCount(text: string): number {
	let count = 0;
	for (let start = 0; start <= text.length;) {
		let end = text.indexOf('&', start);
		if (end === -1) end = text.length;
		if (end > start) count++;
		start = end + 1;
	}
	return count;
}

function formPath(key: string): string[] {
	const match = /^([^[\]]*)((?:\[[^[\]]*\])*)$/.exec(key);
	if (!match || match[1] === '') return [key];
	const segments = [match[1]];
	for (const part of match[2].matchAll(/\[([^[\]]*)\]/g)) segments.push(part[1]);
	return segments;
}

/** The entry key a segment below the top level addresses: `[]` appends, small numbers are indexes. */
function slot(node: FormNode, segment: string): string {
	if (segment === '') return String(node.next++);
	if (/^\d{1,4}$/.test(segment) && Number(segment) <= MAX_FORM_INDEX) {
		node.next = Math.max(node.next, Number(segment) + 1);
		return String(Number(segment));
	}
	node.named = true;
	return segment;
}

/** A plain key seen again collects its values in order, as `key[]` would. */
function setTopLevel(root: FormNode, key: string, value: string): void {
	const existing = root.entries.get(key);
	if (existing === undefined) {
		root.entries.set(key, value);
		return;
	}
	const list = typeof existing === 'string' ? formNode() : existing;
	if (typeof existing === 'string') list.entries.set(slot(list, ''), existing);
	list.entries.set(slot(list, ''), value);
	root.entries.set(key, list);
}

/** A later field wins where two address the same place, and a value and a container replace each other. */
function setNested(root: FormNode, segments: string[], value: string): void {
	let node = root;
	let key = segments[0];
	for (const segment of segments.slice(1)) {
		const existing = node.entries.get(key);
		const child = typeof existing === 'object' ? existing : formNode();
		node.entries.set(key, child);
		node = child;
		key = slot(node, segment);
	}
	node.entries.set(key, value);
}

/** Index-only nodes become dense arrays in index order (holes closed); any named key makes an object. */
function finishForm(value: string | FormNode): unknown {
	if (typeof value === 'string') return value;
	if (!value.named) {
		return [...value.entries].sort(([a], [b]) => Number(a) - Number(b)).map(([, entry]) => finishForm(entry));
	}
	const out: IDataObject = {};
	for (const [key, entry] of value.entries) out[key] = finishForm(entry) as IDataObject;
	return out;
}

/**
 * `customer[email]=a&order[custom_fields][0][name]=b` → `{ customer: { email: 'a' }, order: { custom_fields: [{ name: 'b' }] } }`.
 * Numeric segments (and `[]`) make arrays ordered by index, holes closed; a repeated plain key makes an array of
 * its values. Refused: more than MAX_FORM_FIELDS fields, and any segment in RESERVED_KEYS.
 */
export function parseFormEncoded(text: string): ParsedForm {
	const count = formFieldCount(text);
	if (count > MAX_FORM_FIELDS) {
		return refused(
			400,
			'too_many_fields',
			`The form body has ${count} fields; at most ${MAX_FORM_FIELDS} are accepted.`,
		);
	}
	const root: FormNode = { ...formNode(), named: true };
	for (const [key, value] of new URLSearchParams(text)) {
		const segments = formPath(key);
		const reserved = segments.find((segment) => RESERVED_KEYS.has(segment));
		if (reserved !== undefined) return reservedKey(reserved);
		if (segments.length === 1) setTopLevel(root, key, value);
		else if (segments.length <= MAX_FORM_DEPTH) setNested(root, segments, value);
	}
	return { ok: true, body: finishForm(root) as IDataObject };
}

/** Flat form keys n8n's body parser left as `customer[email]` are expanded the same way. */
function expandFlatFormKeys(body: IDataObject): ParsedForm {
	if (!Object.keys(body).some((key) => key.includes('['))) return { ok: true, body };
	const params = new URLSearchParams();
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (typeof value === 'string') params.append(key, value);
		else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
			for (const item of value) params.append(key, item as string);
		else out[key] = value;
	}
	const parsed = parseFormEncoded(params.toString());
	return parsed.ok ? { ok: true, body: { ...parsed.body, ...out } } : parsed;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/**
 * The body bytes when n8n left them in the request stream: from trigger version 1.1 n8n parses only the content
 * types it knows (JSON, text, form, XML), so a delivery without a Content-Type arrives unread. Bytes past `limit` are
 * drained but not kept (the size check then refuses the body), and the stream is never destroyed, so the answer can
 * still be sent. undefined when n8n already read the stream.
 */
export async function readUnreadBody(req: unknown, limit = MAX_BODY_BYTES): Promise<Buffer | undefined> {
	const stream = req as Partial<AsyncIterable<unknown>> & { readable?: boolean; readableEnded?: boolean };
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return undefined;
	if (!stream.readable || stream.readableEnded) return undefined;
	const kept: Buffer[] = [];
	let keptBytes = 0;
	for await (const chunk of stream as AsyncIterable<Buffer | string>) {
		if (keptBytes > limit) continue;
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		kept.push(bytes);
		keptBytes += bytes.length;
	}
	return Buffer.concat(kept);
}

export interface IncomingBody {
	/** `req.rawBody`: the bytes as received, when n8n kept them. */
	rawBody?: Buffer | string;
	/** `this.getBodyData()`: n8n's own parse, used only when the raw bytes are absent. */
	parsedBody?: unknown;
	contentType?: string | string[];
}

/** The raw bytes as an object: form fields by content type or shape, else JSON. */
function parseRaw(raw: Buffer | string, contentType: string): ParsedBody {
	const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
	if (size > MAX_BODY_BYTES) return tooLarge(String(size));
	const text = (typeof raw === 'string' ? raw : raw.toString('utf8')).replace(/^\uFEFF/, '').trim();
	if (text === '') return emptyBody();
	const looksJson = text.startsWith('{') || text.startsWith('[');
	if (
		contentType.includes('application/x-www-form-urlencoded') ||
		(!contentType.includes('json') && !looksJson)
	) {
		const parsed = parseFormEncoded(text);
		if (!parsed.ok) return parsed;
		if (Object.keys(parsed.body).length === 0) {
			return refused(400, 'invalid_body', 'The body is neither JSON nor form fields.');
		}
		return { ok: true, body: parsed.body, encoding: 'form' };
	}
	try {
		return { ok: true, body: JSON.parse(text) as IDataObject, encoding: 'json' };
	} catch {
		return refused(400, 'invalid_json', 'The body is not valid JSON.');
	}
}

/** What n8n parsed itself, checked for shape before JSON.stringify measures it (deep nesting would overflow it). */
function readParsed(body: unknown, contentType: string): ParsedBody {
	if (!isPlainObject(body)) {
		if (body === undefined || body === null || body === '') return emptyBody();
		return { ok: true, body: body as IDataObject, encoding: 'json' };
	}
	if (Object.keys(body).length === 0) return emptyBody();
	const problem = shapeRefusal(body);
	if (problem) return problem;
	const size = Buffer.byteLength(JSON.stringify(body));
	if (size > MAX_BODY_BYTES) return tooLarge(`about ${size}`);
	if (!contentType.includes('application/x-www-form-urlencoded')) return { ok: true, body, encoding: 'json' };
	const expanded = expandFlatFormKeys(body);
	return expanded.ok ? { ok: true, body: expanded.body, encoding: 'form' } : expanded;
}

/**
 * The delivery as an object, or the refusal to answer: 413 over MAX_BODY_BYTES; 400 when empty, not JSON or form,
 * not an object, nested deeper than MAX_BODY_DEPTH, over MAX_FORM_FIELDS form fields, holding a reserved key, or
 * without a non-empty string `type`.
 */
export function readBody(incoming: IncomingBody): ParsedBody {
	const contentType = headerValue(incoming.contentType);
	const raw = incoming.rawBody;
	const parsed =
		raw !== undefined && raw !== null && raw.length > 0
			? parseRaw(raw, contentType)
			: readParsed(incoming.parsedBody, contentType);
	if (!parsed.ok) return parsed;
	const { body } = parsed;
	if (!isPlainObject(body)) {
		return refused(
			400,
			'invalid_body',
			'The body must be a JSON object (or form fields), not an array or a single value.',
		);
	}
	const problem = shapeRefusal(body);
	if (problem) return problem;
	if (!('type' in body) || body.type === undefined || body.type === null) {
		return refused(400, 'missing_type', 'The body has no "type" field naming the SamCart event.');
	}
	if (typeof body.type !== 'string' || body.type.trim() === '') {
		return refused(400, 'invalid_type', 'The "type" field must be a non-empty string.');
	}
	return parsed;
}
