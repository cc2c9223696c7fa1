import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { isoTime } from '../../shared/simplify';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import { toInstant } from './dates';

export const updateNextRebillingDate: SamCartOperation = {
	option: {
		name: 'Update Next Rebilling Date',
		action: 'Update the next rebilling date of a subscription',
		description: 'Move the next charge of an active or delinquent subscription to a future date and time',
	},
	request: { method: 'POST', path: '/subscriptions/{subscriptionId}/update' },
	properties: [
		recordLocator(RECORDS.subscription),
		{
			displayName: 'Next Rebilling Date',
			name: 'nextRebillingDate',
			type: 'dateTime',
			default: '',
			required: true,
			description:
				"When SamCart should charge the subscription next; must be in the future (Stripe subscriptions: within 2 years). A time without a zone is read in the workflow's time zone; a date alone means its midnight.",
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		const raw = this.getNodeParameter('nextRebillingDate', itemIndex, '') as unknown;
		let instant: string;
		try {
			if (raw === '' || raw === null || raw === undefined) throw new RangeError('no date was given');
			instant = toInstant(raw, this.getTimezone());
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`The Next Rebilling Date is not valid: ${(error as Error).message}`,
				{ itemIndex, description: 'Pick a future date and time, e.g. 2026-12-31T09:00:00.' },
			);
		}
		if (Date.parse(instant) <= Date.now()) {
			throw new NodeOperationError(
				this.getNode(),
				`The Next Rebilling Date ${instant} is not in the future`,
				{
					itemIndex,
					description: 'SamCart only moves the next charge to a time after now. Nothing was sent.',
				},
			);
		}
		const response = await samCartRequest.call(this, {
			method: 'POST',
			path: `/subscriptions/${id}/update`,
			body: { next_rebilling_date: instant },
			itemIndex,
			subject: `Subscription ${id}`,
			conflict: `Subscription ${id} is not active or delinquent, so its next rebilling date cannot be changed`,
		});
		return {
			subscription_id: id,
			updated: true,
			status: response.status ?? null,
			next_rebilling_date: isoTime(response.next_rebilling_date) ?? instant,
		} as IDataObject;
	},
};
