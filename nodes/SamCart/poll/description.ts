import type { INodeProperties } from 'n8n-workflow';

import { POLL_EVENTS } from './events';

/** Subscription statuses SamCart's `status` filter takes (samcart-api.md §3.1). */
const SUBSCRIPTION_STATUSES = [
	'active',
	'canceled',
	'completed',
	'delinquent',
	'deleted',
	'invalid_processor',
	'paused',
	'sca_required',
];

const title = (status: string) =>
	status
		.split('_')
		.map((word) => (word === 'sca' ? 'SCA' : word[0].toUpperCase() + word.slice(1)))
		.join(' ');

export const pollTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Polls SamCart’s API at the Poll Times below and starts the workflow once per new record, oldest first. Each event keeps its own cursor, so records created while n8n was stopped come out at the next poll. Needs only the API key: no rule in SamCart’s Webhooks app.',
		name: 'pollNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		// Generated from the events table (poll/events.ts), in its order: orders first.
		options: POLL_EVENTS.map((event) => ({
			name: event.label,
			value: event.key,
			description: event.description,
		})),
		description:
			'The events to poll for. On first activation each starts at "now" (no history) unless Start From is set.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Products',
				name: 'products',
				type: 'string',
				default: '',
				placeholder: 'e.g. 350399, 350400',
				description:
					'Only orders (their products) and subscriptions of these SamCart product IDs start the workflow. Comma-separated. Empty = all products.',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description:
					'On first activation, emit every record created (or canceled) since this date instead of starting at "now". Has no effect once an event has a cursor.',
			},
			{
				displayName: 'Subscription Status',
				name: 'subscriptionStatus',
				type: 'options',
				default: '',
				options: [
					{ name: 'Any', value: '' },
					...SUBSCRIPTION_STATUSES.map((status) => ({ name: title(status), value: status })),
				],
				description:
					'New Subscription and Subscription Canceled: only subscriptions with this status (e.g. Canceled for voluntary cancellations only)',
			},
			{
				displayName: 'Test-Mode Records',
				name: 'testMode',
				type: 'options',
				default: 'include',
				options: [
					{ name: 'Include', value: 'include', description: 'Live and test records' },
					{ name: 'Ignore', value: 'ignore', description: 'Live records only' },
					{ name: 'Only', value: 'only', description: 'Test records only' },
				],
			},
		],
	},
];
