import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { conflictOption, writeUnlessConflict } from '../conflict';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';

const NOT_ACTIVE = conflictOption(
	"Treat 'Not Active' as Success",
	'treatNotActiveAsSuccess',
	'the subscription is already canceled or otherwise not active, delinquent or paused',
	RECORDS.subscription,
);

export const cancelSubscription: SamCartOperation = {
	option: {
		name: 'Cancel',
		action: 'Cancel a subscription',
		description:
			'Cancel an active, delinquent or paused subscription now. It is sent once and never retried automatically.',
	},
	request: { method: 'POST', path: '/subscriptions/{subscriptionId}/cancel' },
	properties: [
		recordLocator(RECORDS.subscription),
		optionsCollection([
			{
				displayName: 'Silent Cancel',
				name: 'silentCancel',
				type: 'boolean',
				default: false,
				description: 'Whether to cancel without SamCart notifying the customer',
			},
			NOT_ACTIVE.property,
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = getLocatedId(this, RECORDS.subscription, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { silentCancel?: boolean };
		const silent = options.silentCancel === true;
		const response = await writeUnlessConflict.call(
			this,
			{
				method: 'POST',
				path: `/subscriptions/${id}/cancel`,
				body: { silent_cancel: silent },
				itemIndex,
				subject: `Subscription ${id}`,
				conflict: `Subscription ${id} cannot be canceled: it is not active, delinquent or paused (it may already be canceled)`,
			},
			NOT_ACTIVE,
			(samCartSaid) => ({ subscription_id: id, canceled: false, message: samCartSaid }),
		);
		if (response.already_in_state) return response;
		return {
			subscription_id: id,
			canceled: true,
			already_in_state: false,
			status: response.status ?? 'canceled',
			silent_cancel: silent,
		} as IDataObject;
	},
};
