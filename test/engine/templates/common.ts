/**
 * Shared helpers of the schedule-driven template tests: load a template file as it ships, change its Settings the
 * way a user would, intercept Slack and Google Sheets with nock, and read SamCart times.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import type { WorkflowJson } from '../harness';

export const TEMPLATES_DIR = path.join(__dirname, '..', '..', '..', 'workflows-templates');
export const DAY_MS = 86_400_000;

/** A template file from workflows-templates/, parsed (a fresh copy on every call), exactly as it ships. */
export function readTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as WorkflowJson;
}

/**
 * A template as a user has it after importing it and picking a credential for each placeholder: the shipped
 * placeholders have an empty id, which n8n refuses to run ("Found credential with no ID"), so each gets one. The
 * harness serves the test credential data by credential type.
 */
export function loadTemplate(file: string): WorkflowJson {
	const wf = readTemplate(file);
	for (const node of wf.nodes)
		for (const [type, ref] of Object.entries(node.credentials ?? {}))
			if (ref && !ref.id) node.credentials![type] = { id: `${type}-selected`, name: ref.name };
	return wf;
}

interface Assignment {
	name: string;
	value: unknown;
	type: string;
}

function settingsAssignments(wf: WorkflowJson): Assignment[] {
	const settings = wf.nodes.find((n) => n.name === 'Settings');
	if (!settings) throw new Error('The template has no Settings node');
	return (settings.parameters.assignments as { assignments: Assignment[] }).assignments;
}

/** The template's Settings values, by name. */
export function readSettings(wf: WorkflowJson): Record<string, unknown> {
	return Object.fromEntries(settingsAssignments(wf).map((a) => [a.name, a.value]));
}

/** A copy of the template with some Settings values changed, as a user edits the Settings node. */
export function withSettings(
	wf: WorkflowJson,
	values: Record<string, string | number | boolean>,
): WorkflowJson {
	const copy = structuredClone(wf);
	const assignments = settingsAssignments(copy);
	for (const [name, value] of Object.entries(values)) {
		const a = assignments.find((x) => x.name === name);
		if (!a) throw new Error(`Settings has no "${name}"`);
		a.value = value;
	}
	return copy;
}

/** SamCart's "YYYY-MM-DD HH:MM:SS" (UTC) or ISO 8601 → epoch ms. */
export function samCartMs(value: string): number {
	return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

/** The window the workflow's "Report Window" node computed, as SamCart's filter sees it (whole seconds). */
export function windowOf(row: IDataObject | undefined): { start: number; end: number } {
	if (!row) throw new Error('Report Window did not run');
	const start = Math.floor(Date.parse(String(row.windowStart)) / 1000) * 1000;
	const end = Math.floor(Date.parse(String(row.windowEnd)) / 1000) * 1000;
	return { start, end };
}

export const SLACK_TOKEN = 'xoxb-template-test';

/** Intercepts chat.postMessage; every body Slack receives lands in `bodies`. */
export function mockSlack(): { bodies: Array<{ channel: string; text: string }>; scope: nock.Scope } {
	const bodies: Array<{ channel: string; text: string }> = [];
	const scope = nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK_TOKEN}` } })
		.persist()
		.post('/api/chat.postMessage', (body: { channel: string; text: string }) => {
			bodies.push(body);
			return true;
		})
		.reply(200, { ok: true, channel: 'C0TEMPLATE', ts: '1700000000.000100', message: {} });
	return { bodies, scope };
}

export const GOOGLE_TOKEN = 'ya29.template-test';

/** OAuth2 credential data as n8n stores it once connected (the token is used as is; nothing refreshes). */
export const googleSheetsCredentials = {
	clientId: 'template-test-client',
	clientSecret: 'template-test-secret',
	scope: 'https://www.googleapis.com/auth/spreadsheets',
	oauthTokenData: { access_token: GOOGLE_TOKEN, token_type: 'Bearer', expires_in: 3600 },
};

export interface FakeSpreadsheet {
	/** The rows of each sheet (row 1 = the header row), as the API returns them. */
	sheets: Record<string, unknown[][]>;
	/** Every request the Sheets API received: method, decoded path, body. */
	requests: Array<{ method: string; path: string; body: unknown }>;
	/** The data rows (below the header) of a sheet, as objects keyed by the header. */
	records(sheet: string): Array<Record<string, unknown>>;
	scope: nock.Scope;
}

/**
 * A small stand-in for the Google Sheets v4 API (sheets.googleapis.com) holding one spreadsheet in memory: sheet
 * lookup, reading value ranges, writing them (PUT / :append) and :batchUpdate (row/column growth, acknowledged).
 * Enough for the Google Sheets node's Append and Get Rows; anything else fails the request with 501.
 */
export function mockGoogleSheets(
	spreadsheetId: string,
	sheets: Record<string, unknown[][]>,
): FakeSpreadsheet {
	const state: FakeSpreadsheet = {
		sheets: structuredClone(sheets),
		requests: [],
		records(name) {
			const [header = [], ...rows] = state.sheets[name] ?? [];
			return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ''])));
		},
		scope: undefined as unknown as nock.Scope,
	};
	const titles = () => Object.keys(state.sheets);
	const parseRange = (raw: string) => {
		const [sheetPart, cells] = decodeURIComponent(raw).split('!');
		const name = sheetPart.replace(/^'(.*)'$/, '$1');
		if (!(name in state.sheets)) throw new Error(`no sheet ${name}`);
		const rows = /^(\d+):(\d+)$/.exec(cells ?? '');
		return { name, from: rows ? Number(rows[1]) : 1, to: rows ? Number(rows[2]) : Infinity };
	};
	const prefix = `/v4/spreadsheets/${spreadsheetId}`;
	const handle = (method: string, uri: string, body: unknown): [number, unknown] => {
		const url = new URL(uri, 'https://sheets.googleapis.com');
		const p = url.pathname;
		state.requests.push({ method, path: decodeURIComponent(p), body });
		if (!p.startsWith(prefix))
			return [404, { error: { code: 404, message: 'Requested entity was not found.' } }];
		const rest = p.slice(prefix.length);
		if (method === 'GET' && rest === '')
			return [200, { sheets: titles().map((title, i) => ({ properties: { sheetId: i, title, index: i } })) }];
		if (method === 'POST' && rest === ':batchUpdate') return [200, { spreadsheetId, replies: [] }];
		const values = /^\/values\/(.+?)(:append)?$/.exec(rest);
		if (values) {
			const { name, from, to } = parseRange(values[1]);
			const sheet = state.sheets[name];
			if (method === 'GET') {
				const rows = sheet.slice(from - 1, to === Infinity ? undefined : to);
				return [
					200,
					{ range: `${name}!A${from}`, majorDimension: 'ROWS', ...(rows.length ? { values: rows } : {}) },
				];
			}
			const written = (body as { values: unknown[][] }).values;
			if (method === 'POST' && values[2]) sheet.push(...structuredClone(written));
			else if (method === 'PUT') written.forEach((row, i) => (sheet[from - 1 + i] = structuredClone(row)));
			else return [501, { error: { message: `${method} ${rest} not simulated` } }];
			return [200, { spreadsheetId, updatedRange: `${name}!A${from}`, updatedRows: written.length }];
		}
		return [501, { error: { message: `${method} ${rest} not simulated` } }];
	};
	state.scope = nock('https://sheets.googleapis.com', {
		reqheaders: { authorization: `Bearer ${GOOGLE_TOKEN}` },
	})
		.persist()
		.get(/.*/)
		.reply((uri) => handle('GET', uri, undefined))
		.post(/.*/)
		.reply((uri, body) => handle('POST', uri, body))
		.put(/.*/)
		.reply((uri, body) => handle('PUT', uri, body));
	return state;
}

/**
 * Integer minor units in a message, "1234.50 EUR" or "1234 JPY": the decimals from ICU's own ISO 4217 data, not from
 * the template's table, so a template that assumes two decimals fails here.
 */
export const money = (cents: number, currency: string) => {
	const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits!;
	return `${(cents / 10 ** digits).toFixed(digits)} ${currency}`;
};

/** Integer cents as dollars for a message ("$1234.50"), the way the templates print them. */
export const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/**
 * The name of the template's Schedule Trigger. Pass it as `startNode`: the harness counts the Slack node (it has a
 * send-and-wait webhook) as a second trigger, so it cannot pick the start on its own.
 */
export function scheduleTrigger(wf: WorkflowJson): string {
	const nodes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (nodes.length !== 1) throw new Error(`expected one Schedule Trigger, found ${nodes.length}`);
	return nodes[0].name;
}
