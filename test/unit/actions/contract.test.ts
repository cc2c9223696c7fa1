/**
 * Contract tests generated from the operations table (RESOURCES): every operation the node declares is held to the
 * request it declares (method, path with the item's IDs, query), SamCart's 404 in words that name the record, its
 * Simplify default, Return All paging and the Limit, Newest First paging, item linking and Continue On Fail. A new
 * operation is covered by being declared; a parameter these tests cannot fill makes them fail, naming it.
 */
// A retried failure costs no time here; the retry policy is asserted in the transport's tests.
jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { RESOURCES } from '../../../nodes/SamCart/actions/resources';
import { ABOVE_EVERY_ID } from '../../../nodes/SamCart/transport';
import { isWrite } from '../../../nodes/SamCart/actions/operation';
import type { SamCartOperation } from '../../../nodes/SamCart/actions/operation';
import { run } from './support';

const BASE = 'https://api.samcart.com';

/** Values for parameters whose default sends nothing (an empty list, a date to come), by parameter name. */
const EXAMPLES: Record<string, string> = {
	orderIds: '501, 502',
	productIds: '351',
	batchId: 'batch-1',
	customFieldSlug: 'custom_company',
	customFieldValue: 'Acme',
	nextRebillingDate: '2099-01-01T09:00:00',
};

interface Case {
	resource: string;
	name: string;
	operation: SamCartOperation;
}

const CASES: Case[] = RESOURCES.flatMap((resource) =>
	Object.entries(resource.operations).map(([name, operation]) => ({
		resource: resource.value,
		name,
		operation,
	})),
);
const READS = CASES.filter(({ operation }) => !isWrite(operation));
const has = (operation: SamCartOperation, name: string) =>
	operation.properties.find((property) => property.name === name);
const isIdParameter = (property: INodeProperties) =>
	property.type === 'resourceLocator' || (property.type === 'string' && /Id$/.test(property.name));

/**
 * The parameters of one item: every ID gets its own number (the first `base + 1`, the next `base + 2`, …), every
 * other parameter its default or its example. Returns them with the path the item should reach and the IDs in it.
 */
function itemOf({ resource, name, operation }: Case, base = 100, extra: IDataObject = {}) {
	const parameters: IDataObject = { resource, operation: name };
	const values: Record<string, string> = {};
	for (const property of operation.properties) {
		if (isIdParameter(property)) {
			values[property.name] = String(base + Object.keys(values).length + 1);
			parameters[property.name] =
				property.type === 'resourceLocator'
					? { mode: 'id', value: values[property.name] }
					: values[property.name];
		} else if (property.name in EXAMPLES) {
			parameters[property.name] = EXAMPLES[property.name];
			values[property.name] = String(EXAMPLES[property.name]);
		} else if (
			property.required &&
			!property.displayOptions &&
			[undefined, ''].includes(property.default as string)
		) {
			throw new Error(`${resource} > ${name}: give an example for the required parameter "${property.name}"`);
		} else {
			parameters[property.name] = property.default as IDataObject[string];
		}
	}
	const ids: string[] = [];
	const path = operation.request.path.replace(/\{(\w+)\}/g, (_, parameter: string) => {
		if (!(parameter in values))
			throw new Error(`${resource} > ${name}: the path names no parameter ${parameter}`);
		ids.push(values[parameter]);
		return values[parameter];
	});
	return { parameters: { ...parameters, ...extra }, path, ids };
}

/** What SamCart would send for a record: a few known fields and one that only raw output keeps. */
const record = (id: number): IDataObject => ({
	id,
	currency: 'USD',
	total: 4900,
	created_at: '2025-03-01 10:00:00',
	only_in_raw: 'kept when Simplify is off',
});
const records = (from: number, count: number) => Array.from({ length: count }, (_, i) => record(from + i));

/** The answer to a successful request: a page, a bare array or one record, as the operation's kind of list. */
function answer(operation: SamCartOperation, list: IDataObject[], next?: string): nock.Body {
	if (operation.request.answer === 'pages') return { data: list, pagination: { next: next ?? null } };
	return operation.request.answer === 'list' ? list : list[0];
}

/** Answers `method path` on nock, recording every query. */
function intercept(operation: SamCartOperation, path: string) {
	const queries: Array<Record<string, string>> = [];
	const scope = nock(BASE)
		.intercept(`/v1${path}`, operation.request.method)
		.query((query) => (queries.push({ ...(query as Record<string, string>) }), true));
	return { scope, queries };
}

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
const title = ({ resource, name }: Case) => `${resource} > ${name}`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('the operations table', () => {
	it('declares every operation with a request and a path whose placeholders are parameters', () => {
		expect(CASES.length).toBeGreaterThan(30);
		for (const kase of CASES) expect(() => itemOf(kase)).not.toThrow();
	});
});

describe.each(CASES.map((kase) => [title(kase), kase] as const))('%s', (_title, kase) => {
	const { operation } = kase;

	it('sends its declared request: method, path with the item’s IDs, and the query of its defaults', async () => {
		const { parameters, path } = itemOf(kase);
		const { scope: interceptor, queries } = intercept(operation, path);
		const scope = interceptor.reply(200, answer(operation, records(1, 2)));
		await run({ parameters });
		expect(scope.isDone()).toBe(true);
		// A paged list asks for one page the size of the Limit (default 50); no filter is sent unless set.
		expect(queries).toEqual([operation.request.answer === 'pages' ? { limit: '50' } : {}]);
	});

	it('answers SamCart’s 404 with “… was not found”, naming the record the item gave', async () => {
		const { parameters, path, ids } = itemOf(kase);
		intercept(operation, path).scope.reply(404, { message: 'Object could not be found' });
		const error = (await run({ parameters }).catch((e: unknown) => e)) as Error & { description: string };
		expect(error).toMatchObject({ httpCode: '404', context: { itemIndex: 0 } });
		expect(error.message).toMatch(/ was not found$/);
		for (const id of ids) expect(error.message).toContain(id);
		expect(error.description).toMatch(/^SamCart has no such record/);
	});

	it('links each output item to its input item and, with Continue On Fail, turns a failure into an error item', async () => {
		const first = itemOf(kase, 100);
		const second = itemOf(kase, 200);
		const [failing, working] =
			first.path === second.path
				? [intercept(operation, first.path).scope, intercept(operation, first.path).scope]
				: [intercept(operation, first.path).scope, intercept(operation, second.path).scope];
		failing.reply(404, { message: 'Object could not be found' });
		working.reply(200, answer(operation, records(7, 2)));
		const output = await run({
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parametersFor: (index) => (index === 0 ? first : second).parameters,
		});
		expect(output[0]).toMatchObject({
			json: { error: expect.stringMatching(/was not found/) },
			pairedItem: { item: 0 },
		});
		expect(output.length).toBeGreaterThan(1);
		for (const item of output.slice(1)) expect(item.pairedItem).toEqual({ item: 1 });
	});
});

describe.each(
	READS.filter(({ operation }) => has(operation, 'simplify')).map((kase) => [title(kase), kase] as const),
)('%s: Simplify', (_title, kase) => {
	const { operation } = kase;
	const isList = Boolean(has(operation, 'returnAll'));

	it(`is ${isList ? 'on' : 'off'} by default (${isList ? 'a list' : 'one record'})`, () => {
		expect(has(operation, 'simplify')?.default).toBe(isList);
	});

	it('off: every field as SamCart sent it; on: only the simplified fields, amounts with their unit', async () => {
		const sent = records(1, 2);
		for (const simplify of [false, true]) {
			const { parameters, path } = itemOf(kase, 100, { simplify });
			intercept(operation, path).scope.reply(200, answer(operation, sent));
			const output = jsonOf(await run({ parameters }));
			expect(output.length).toBeGreaterThan(0);
			for (const [index, json] of output.entries()) {
				if (simplify) {
					expect(json).not.toHaveProperty('only_in_raw');
					expect(json).toMatchObject({ id: sent[index].id });
				} else {
					expect(json).toMatchObject(sent[index]);
				}
			}
		}
	});
});

describe.each(
	READS.filter(({ operation }) => has(operation, 'returnAll')).map((kase) => [title(kase), kase] as const),
)('%s: Return All and Limit', (_title, kase) => {
	const { operation } = kase;
	const paged = operation.request.answer === 'pages';

	it(
		paged
			? 'Return All follows pagination.next to the last page, 100 records a page'
			: 'Return All returns the whole list SamCart sent, in one request',
		async () => {
			const { parameters, path } = itemOf(kase, 100, { returnAll: true, simplify: false });
			const { scope, queries } = intercept(operation, path);
			if (paged) {
				scope
					.times(2)
					.reply(() => [
						200,
						queries.length === 1
							? answer(operation, records(1, 100), `${BASE}/v1${path}?offset=100&dir=next`)
							: answer(operation, records(101, 3)),
					]);
			} else scope.reply(200, answer(operation, records(1, 103)));
			const output = jsonOf(await run({ parameters }));
			expect(output.map((json) => json.id)).toEqual(records(1, 103).map((json) => json.id));
			expect(queries).toEqual(
				paged ? [{ limit: '100' }, { limit: '100', offset: '100', dir: 'next' }] : [{}],
			);
		},
	);

	it('Limit keeps the first records, and asks a paged list for no more', async () => {
		const { parameters, path } = itemOf(kase, 100, { returnAll: false, limit: 3, simplify: false });
		const { scope, queries } = intercept(operation, path);
		scope.reply(200, answer(operation, paged ? records(1, 3) : records(1, 10)));
		const output = jsonOf(await run({ parameters }));
		expect(output.map((json) => json.id)).toEqual([1, 2, 3]);
		expect(queries).toEqual([paged ? { limit: '3' } : {}]);
	});
});

describe.each(
	READS.filter(({ operation }) => has(operation, 'newestFirst')).map((kase) => [title(kase), kase] as const),
)('%s: Newest First', (_title, kase) => {
	const { operation } = kase;
	/** A page as SamCart sends it, with both of its cursors. */
	const page = (list: IDataObject[], prev: string | null, next: string | null = null) => ({
		data: list,
		pagination: { next, prev },
	});
	/** A filter every page must carry again, when the operation has one to set. */
	const filterOptions = (has(operation, 'filters')?.options ?? []).map((option) => option.name);
	const filters: IDataObject = filterOptions.includes('createdAfter') ? { createdAfter: '2025-03-01' } : {};

	it('is a paged list’s option, off by default (oldest first, as before)', () => {
		expect(operation.request.answer).toBe('pages');
		expect(has(operation, 'newestFirst')).toMatchObject({ type: 'boolean', default: false });
	});

	it('with Return All starts dir=prev above every ID, follows pagination.prev with the filters, newest first', async () => {
		const { parameters, path } = itemOf(kase, 100, {
			returnAll: true,
			newestFirst: true,
			simplify: false,
			filters,
		});
		const { scope, queries } = intercept(operation, path);
		scope
			.times(2)
			.reply(() => [
				200,
				queries.length === 1
					? page(records(4, 100), `${BASE}/v1${path}?offset=4&dir=prev`)
					: page(records(1, 3), null, `${BASE}/v1${path}?offset=3&dir=next`),
			]);
		const output = jsonOf(await run({ parameters }));
		expect(queries).toHaveLength(2);
		expect(output.map((json) => json.id)).toEqual(
			records(1, 103)
				.map((json) => json.id)
				.reverse(),
		);
		const [first, second] = queries;
		expect(first).toMatchObject({ limit: '100', offset: ABOVE_EVERY_ID, dir: 'prev' });
		expect(second).toMatchObject({ limit: '100', offset: '4', dir: 'prev' });
		const sent = (query: Record<string, string>) => {
			const { limit: _limit, offset: _offset, dir: _dir, ...rest } = query;
			return rest;
		};
		expect(sent(second)).toEqual(sent(first));
		if (Object.keys(filters).length) expect(Object.keys(sent(first)).length).toBeGreaterThan(0);
	});

	it('with a Limit asks for that many of the newest records, in one request, and keeps them newest first', async () => {
		const { parameters, path } = itemOf(kase, 100, {
			returnAll: false,
			limit: 3,
			newestFirst: true,
			simplify: false,
		});
		const { scope, queries } = intercept(operation, path);
		scope.reply(200, page(records(8, 3), `${BASE}/v1${path}?offset=8&dir=prev`));
		const output = jsonOf(await run({ parameters }));
		expect(output.map((json) => json.id)).toEqual([10, 9, 8]);
		expect(queries).toEqual([{ limit: '3', offset: ABOVE_EVERY_ID, dir: 'prev' }]);
	});
});
