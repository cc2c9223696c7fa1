/**
 * The poll trigger as n8n sees it: a polling node told apart from the webhook trigger at a glance, on the same
 * credential, with its events generated from the events table; and its parameters checked before any request.
 */
import nock from 'nock';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { POLL_EVENTS } from '../../../nodes/SamCart/poll/events';
import { SamCartPollTrigger } from '../../../nodes/SamCart/SamCartPollTrigger.node';
import { SamCartTrigger } from '../../../nodes/SamCart/SamCartTrigger.node';
import { createFakePollContext } from '../helpers/fakePollContext';
import { orders, serveList } from './helpers';

const { description } = new SamCartPollTrigger();

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('description', () => {
	it('is a polling trigger on the samCartApi credential, named apart from the webhook trigger', () => {
		const webhook = new SamCartTrigger().description;
		expect(description).toMatchObject({
			name: 'samCartPollTrigger',
			displayName: 'SamCart Poll Trigger',
			subtitle: 'polls SamCart’s API',
			polling: true,
			inputs: [],
			credentials: [{ name: 'samCartApi', required: true }],
			icon: webhook.icon,
		});
		expect(description.displayName).not.toBe(webhook.displayName);
		expect(description.webhooks).toBeUndefined();
	});

	it('offers the events of the events table, in its order', () => {
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.options?.map((option) => (option as { value: string }).value)).toEqual(
			POLL_EVENTS.map((event) => event.key),
		);
	});
});

describe('parameters', () => {
	const poll = (parameters: Record<string, unknown>, timezone = 'UTC') =>
		new SamCartPollTrigger().poll.call(
			createFakePollContext({ parameters, timezone, staticData: {} }) as unknown as IPollFunctions,
		);

	it('refuses a poll without events, an unknown event and a product that is not an ID, before any request', async () => {
		await expect(poll({ events: [] })).rejects.toThrow('Select at least one event');
		await expect(poll({ events: ['newLead'] })).rejects.toThrow(
			'"newLead" is not an event this trigger can poll',
		);
		await expect(poll({ events: ['newOrder'], options: { products: '350399, abc' } })).rejects.toThrow(
			'"abc" is not a SamCart product ID',
		);
	});

	it('reads a Start From without a zone in the workflow’s time zone', async () => {
		const list = serveList('/orders', orders(1, 1));
		const staticData: IDataObject = {};
		await new SamCartPollTrigger().poll.call(
			createFakePollContext({
				parameters: { events: ['newOrder'], options: { startFrom: '2026-11-01T00:00:00' } },
				timezone: 'Europe/Berlin',
				staticData,
			}) as unknown as IPollFunctions,
		);
		expect(list.queries[0]).toMatchObject({ created_at_min: '2026-10-31T23:00:00Z' });
		expect(staticData.cursors).toEqual({ newOrder: { lastId: 1 } });
	});
});
