/**
 * Record IDs from the resource locators and the plain ID parameters (issue 21, defect 6): By ID takes a positive
 * whole number or a text of digits only, By URL only the address of that kind of record. Anything else, which an
 * expression can easily produce (another record's URL, a path, an array), is refused before any request.
 */
import nock from 'nock';
import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { SamCart } from '../../../nodes/SamCart/SamCart.node';
import { RECORDS } from '../../../nodes/SamCart/actions/records';
import { recordLocator } from '../../../nodes/SamCart/descriptions/locators';
import type { LocatableKind } from '../../../nodes/SamCart/descriptions/locators';
import { run } from './support';

const BASE = 'https://api.samcart.com';
const CHARGE = { id: 12, currency: 'USD', total: 4900 };

/** Runs the node and records every request that left it. */
async function runRecording(parameters: Record<string, unknown>) {
	const sent: string[] = [];
	const outcome = await run({
		parameters,
		onRequest: ({ method, url }) => sent.push(`${method} ${new URL(url).pathname}`),
	}).catch((error: unknown) => error as Error);
	return { outcome, sent };
}
const refund = (chargeId: unknown) => ({
	resource: 'charge',
	operation: 'refund',
	refundType: 'full',
	chargeId,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('By ID (and From List): a positive whole number, or digits only', () => {
	it.each([
		[
			'another record’s URL',
			'https://app.samcart.com/app/orders/1200001',
			'https://app.samcart.com/app/orders/1200001',
		],
		['a path that ends in a number', '1/../../refunds/charges/5', '1/../../refunds/charges/5'],
		['an array', [7], '[7]'],
		['an object', { id: 7 }, '{"id":7}'],
		['a fraction', 7.5, '7.5'],
		['a negative number', -7, '-7'],
		['zero', 0, '0'],
		['true', true, 'true'],
		['two numbers', '12 13', '12 13'],
		['a number with a unit', '12a', '12a'],
		['nothing', '', ''],
		['null', null, ''],
	])('refuses %s before sending anything', async (_what, value, shown) => {
		const { outcome, sent } = await runRecording(refund({ mode: 'id', value }));
		expect(sent).toEqual([]);
		expect(outcome).toMatchObject({
			name: 'NodeOperationError',
			message: `Charge ID "${shown}" is not valid`,
			context: { itemIndex: 0 },
		});
		expect((outcome as Error & { description: string }).description).toMatch(
			/^A SamCart charge ID is a whole number such as 12345/,
		);
	});

	it.each([
		['id', 12],
		['id', '12'],
		['id', ' 12 '],
		['list', '12'],
	])('%s mode finds the charge from %p', async (mode, value) => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		const { outcome, sent } = await runRecording({
			resource: 'charge',
			operation: 'get',
			chargeId: { mode, value },
		});
		expect(sent).toEqual(['GET /v1/charges/12']);
		expect(outcome).toEqual([{ json: CHARGE, pairedItem: { item: 0 } }]);
	});

	it('a plain ID parameter (Refund ID) refuses a URL too', async () => {
		const { outcome, sent } = await runRecording({
			resource: 'refund',
			operation: 'get',
			refundId: 'https://app.samcart.com/app/refunds/60001',
		});
		expect(sent).toEqual([]);
		expect(outcome).toMatchObject({
			message: 'Refund ID "https://app.samcart.com/app/refunds/60001" is not valid',
		});
	});
});

describe('By URL: only the address of that kind of record', () => {
	it.each([
		['an order’s address', 'https://app.samcart.com/app/orders/12'],
		['a charge’s address that goes on to an order', 'https://app.samcart.com/app/charges/12/../../orders/5'],
		['a charge number followed by letters', 'https://app.samcart.com/app/charges/12abc'],
		['a charge address in the query of another', 'https://app.samcart.com/app/orders/5?from=/charges/12'],
		['no address at all', '12'],
		['an array', ['https://app.samcart.com/app/charges/12']],
	])('refuses %s before sending anything', async (_what, value) => {
		const { outcome, sent } = await runRecording(refund({ mode: 'url', value }));
		expect(sent).toEqual([]);
		expect(outcome).toMatchObject({
			name: 'NodeOperationError',
			message: `Charge URL "${typeof value === 'string' ? value : JSON.stringify(value)}" is not the address of a charge`,
			context: { itemIndex: 0 },
		});
	});

	it.each([
		'https://app.samcart.com/app/charges/12',
		'https://app.samcart.com/app/charges/12/',
		'https://app.samcart.com/app/charges/12?tab=refunds',
		'http://samcart.example/charges/12#top',
		'  https://app.samcart.com/app/charges/12  ',
	])('finds charge 12 from %s', async (value) => {
		nock(BASE).get('/v1/charges/12').reply(200, CHARGE);
		const { outcome, sent } = await runRecording({
			resource: 'charge',
			operation: 'get',
			chargeId: { mode: 'url', value },
		});
		expect(sent).toEqual(['GET /v1/charges/12']);
		expect(outcome).toEqual([{ json: CHARGE, pairedItem: { item: 0 } }]);
	});

	// n8n checks a literal against the mode's validation regex and extracts the ID with extractValue: same rule.
	const LOCATABLE = Object.values(RECORDS).filter(
		(record): record is LocatableKind & (typeof RECORDS)[keyof typeof RECORDS] => 'searchMethod' in record,
	);
	const urlMode = (record: LocatableKind) =>
		(recordLocator(record).modes as INodePropertyMode[]).find((mode) => mode.name === 'url')!;
	it.each(LOCATABLE.map((record) => [record.label, record] as const))(
		'%s: the regexes n8n applies accept that record’s address only, with the ID as their one group',
		(_label, record) => {
			const path = record.dashboard;
			const other = path === 'orders' ? 'charges' : 'orders';
			const mode = urlMode(record);
			const extract = new RegExp((mode.extractValue as { regex: string }).regex);
			const validate = new RegExp(
				(mode.validation![0] as unknown as { properties: { regex: string } }).properties.regex,
			);
			for (const regex of [extract, validate]) {
				expect(regex.exec(`https://app.samcart.com/app/${path}/345/`)?.[1]).toBe('345');
				expect(regex.test(`https://app.samcart.com/app/${other}/345`)).toBe(false);
				expect(regex.test(`https://app.samcart.com/app/${path}/345/../../${other}/9`)).toBe(false);
			}
		},
	);

	it('every locator of the node uses those modes', () => {
		const locators = new SamCart().description.properties.filter(
			(property: INodeProperties) => property.type === 'resourceLocator',
		);
		expect(locators.length).toBeGreaterThan(0);
		for (const locator of locators) {
			const record = LOCATABLE.find((candidate) => candidate.idParameter === locator.name)!;
			expect(locator.modes).toEqual(recordLocator(record).modes);
		}
	});
});
