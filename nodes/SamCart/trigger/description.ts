import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, SAMCART_EVENTS } from './events';

/** The Events options, generated from the catalogue: the eight core events first, then the others, then All Events. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	...SAMCART_EVENTS.filter((event) => event.core),
	...SAMCART_EVENTS.filter((event) => !event.core),
].map((event) => ({ name: event.label, value: event.key, description: event.description }));

EVENT_OPTIONS.push({
	name: 'All Events',
	value: ALL_EVENTS,
	description: 'Every event SamCart sends, including types this node does not know (event "unknown")',
});

/**
 * Setting up SamCart's side, one notice per step: n8n 2.x strips HTML (and line breaks) from a notice, so each
 * numbered step is a notice of its own, shown one under the other.
 */
export const SETUP_STEPS = [
	'Set up once in SamCart (it has no API to register webhooks):',
	'1. Copy the Production URL from Webhook URLs at the top of this panel (SamCart accepts only https:// addresses). With a Secret Token under Options, add ?token= and the token to its end.',
	'2. In SamCart open Apps › App Marketplace, search Webhooks, Install, paste the URL as the Notify URL and Connect.',
	'3. In the Webhooks app, Add New Rule once for each event selected below (a Global Rule, or a Product Specific Rule for one product).',
	'4. Publish (activate) this workflow. To try it while editing, paste the Test URL into SamCart instead, then listen for a test event (Execute step in n8n 2.x).',
];

export const triggerProperties: INodeProperties[] = [
	...SETUP_STEPS.map(
		(step, index): INodeProperties => ({
			displayName: step,
			name: index === 0 ? 'setupNotice' : `setupStep${index}`,
			type: 'notice',
			default: '',
		}),
	),
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		// Core-first order on purpose (the eight events most workflows need come first), so the list is not
		// alphabetical. The sort rule cannot see generated options, so no disable comment is needed here.
		options: EVENT_OPTIONS,
		description:
			"The events that start the workflow. Add a rule for each of them in SamCart's Webhooks app; other events are acknowledged and ignored.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Enrich',
				name: 'enrich',
				type: 'boolean',
				default: false,
				description:
					'Whether to attach the full order, customer and subscription (with its plan) fetched from the SamCart API. Needs the SamCart API credential.',
			},
			{
				displayName: 'Ignore Duplicate Deliveries',
				name: 'ignoreDuplicates',
				type: 'boolean',
				default: false,
				description:
					'Whether to skip an event that was already received (the last 500 event IDs are remembered in the workflow and in the process that receives webhooks)',
			},
			{
				displayName: 'Once Per Order',
				name: 'oncePerOrder',
				type: 'boolean',
				default: false,
				description:
					'Whether only the first delivery of each order starts the workflow. SamCart sends one delivery per product (primary, bump, upsell), so an order can arrive several times; later ones within the window are acknowledged and ignored. For alerts and onboarding, not for revenue: add up the per-product amounts instead.',
			},
			{
				displayName: 'Once Per Order Window (Hours)',
				name: 'oncePerOrderHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 8760 },
				default: 24,
				description:
					'With Once Per Order: how long after the first delivery of an order later deliveries of it are ignored',
			},
			{
				displayName: 'Products',
				name: 'products',
				type: 'string',
				default: '',
				placeholder: 'e.g. 350399, 350400',
				description:
					'Only events about these SamCart product IDs start the workflow. Comma-separated, or an expression returning a list. Empty = all products.',
			},
			{
				displayName: 'Secret Token',
				name: 'secretToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'When set, SamCart must call the URL with ?token= followed by this value; other requests are refused with 401. At least 16 letters, digits or . _ ~ -.',
			},
			{
				displayName: 'Test-Mode Events',
				name: 'testMode',
				type: 'options',
				default: 'include',
				options: [
					{ name: 'Include', value: 'include', description: 'Test purchases start the workflow too' },
					{
						name: 'Ignore',
						value: 'ignore',
						description: 'Events marked test_mode are acknowledged and ignored',
					},
				],
				description:
					"What to do with events from SamCart's test mode (test_mode true on the event or its order)",
			},
			{
				displayName: 'Verify With SamCart',
				name: 'verify',
				type: 'boolean',
				default: false,
				description:
					'Whether to check with the SamCart API that the order, subscription or charge the event names exists, and refuse it otherwise. Needs the SamCart API credential.',
			},
		],
	},
];
