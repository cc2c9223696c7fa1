import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { getRecordId, recordLocator } from '../../descriptions/locators';
import { samCartRequest } from '../../transport';
import type { SamCartOperation } from '../operation';
import { conflictMessage, isConflict, notActiveOption } from './conflict';

export const cancelSubscription: SamCartOperation = {
	option: {
		name: 'Cancel',
		value: 'cancel',
		action: 'Cancel a subscription',
		description:
			'Cancel an active, delinquent or paused subscription now. It is sent once and never retried automatically.',
	},
	properties: [
		recordLocator('subscription'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Silent Cancel',
					name: 'silentCancel',
					type: 'boolean',
					default: false,
					description: 'Whether to cancel without SamCart notifying the customer',
				},
				notActiveOption(
					"Treat 'Not Active' as Success",
					'treatNotActiveAsSuccess',
					'the subscription is already canceled or otherwise not active, delinquent or paused',
				),
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = getRecordId(this, 'subscriptionId', 'Subscription', itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as {
			silentCancel?: boolean;
			treatNotActiveAsSuccess?: boolean;
		};
		const silent = options.silentCancel === true;
		try {
			const response = await samCartRequest.call(this, {
				method: 'POST',
				path: `/subscriptions/${id}/cancel`,
				body: { silent_cancel: silent },
				itemIndex,
				subject: `Subscription ${id}`,
				conflict: `Subscription ${id} cannot be canceled: it is not active, delinquent or paused (it may already be canceled)`,
			});
			return {
				subscription_id: id,
				canceled: true,
				already_in_state: false,
				status: response.status ?? 'canceled',
				silent_cancel: silent,
			} as IDataObject;
		} catch (error) {
			if (options.treatNotActiveAsSuccess && isConflict(error)) {
				return {
					subscription_id: id,
					canceled: false,
					already_in_state: true,
					message: conflictMessage(error),
				};
			}
			// Already a NodeApiError with its item index: passed on unchanged.
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
	},
};
