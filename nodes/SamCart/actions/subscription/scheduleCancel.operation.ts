import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { isoTime } from '../../shared/simplify';
import { conflictOption, writeUnlessConflict } from '../conflict';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import { dateIn, toCalendarDate } from './dates';

const ALREADY_SCHEDULED = conflictOption(
	"Treat 'Already Scheduled or Not Active' as Success",
	'treatAlreadyScheduledAsSuccess',
	'a cancellation is already scheduled or the subscription is not active',
	RECORDS.subscription,
);

export const scheduleSubscriptionCancellation: SamCartOperation = {
	option: {
		name: 'Schedule Cancellation',
		action: 'Schedule the cancellation of a subscription',
		description:
			'Schedule an active subscription to cancel at the end of its billing period or on a future date',
	},
	request: { method: 'POST', path: '/subscriptions/{subscriptionId}/scheduleCancel' },
	properties: [
		recordLocator(RECORDS.subscription),
		{
			displayName: 'Cancel When',
			name: 'cancelWhen',
			type: 'options',
			default: 'end',
			options: [
				{
					name: 'End of Billing Period',
					value: 'end',
					description: 'Cancel when the period the customer has paid for ends',
				},
				{ name: 'On a Date', value: 'custom', description: 'Cancel on a date you choose' },
			],
		},
		{
			displayName: 'Cancellation Date',
			name: 'scheduleDate',
			type: 'dateTime',
			default: '',
			required: true,
			description:
				"The day the subscription cancels, after today. Read in the workflow's time zone; only the date is sent.",
			displayOptions: { show: { cancelWhen: ['custom'] } },
		},
		optionsCollection([ALREADY_SCHEDULED.property]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		const cancelWhen = this.getNodeParameter('cancelWhen', itemIndex, 'end') as 'end' | 'custom';
		const body: IDataObject = { cancel_when: cancelWhen };
		if (cancelWhen === 'custom') {
			const timeZone = this.getTimezone();
			const raw = this.getNodeParameter('scheduleDate', itemIndex, '') as unknown;
			let date: string;
			try {
				if (raw === '' || raw === null || raw === undefined) throw new RangeError('no date was given');
				date = toCalendarDate(raw, timeZone);
			} catch (error) {
				throw new NodeOperationError(
					this.getNode(),
					`The Cancellation Date is not valid: ${(error as Error).message}`,
					{ itemIndex, description: 'Pick a date after today, e.g. 2026-12-31.' },
				);
			}
			const today = dateIn(new Date(), timeZone);
			if (date <= today) {
				throw new NodeOperationError(this.getNode(), `The Cancellation Date ${date} is not in the future`, {
					itemIndex,
					description: `SamCart schedules cancellations after today (${today} in ${timeZone}). To cancel now, use the Cancel operation.`,
				});
			}
			body.schedule_date = date;
		}
		const response = await writeUnlessConflict.call(
			this,
			{
				method: 'POST',
				path: `/subscriptions/${id}/scheduleCancel`,
				body,
				itemIndex,
				subject: `Subscription ${id}`,
				conflict: `Subscription ${id} cannot be scheduled for cancellation: a cancellation is already scheduled or it is not active`,
			},
			ALREADY_SCHEDULED,
			(samCartSaid) => ({ subscription_id: id, scheduled: false, message: samCartSaid }),
		);
		if (response.already_in_state) return response;
		const schedule = response.cancel_schedule as IDataObject | undefined;
		return {
			subscription_id: id,
			scheduled: true,
			already_in_state: false,
			status: response.status ?? null,
			cancel_when: cancelWhen,
			...(body.schedule_date ? { schedule_date: body.schedule_date } : {}),
			scheduled_cancel_date: isoTime(schedule?.cancel_date),
		} as IDataObject;
	},
};
