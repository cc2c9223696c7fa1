import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/listing';
import { getLocatedId, recordLocator } from '../../descriptions/locators';
import { centsToDecimalString, decimalToCents, fractionDigitsOf } from '../../shared/money';
import { currencyOf } from '../../shared/simplify';
import type { SamCartOperation } from '../operation';
import { RECORDS } from '../records';
import type { RunCache } from '../runCache';
import { conflictOption, writeUnlessConflict } from '../conflict';
import { readById } from '../read';
import { refundedCents } from './read';

const ALREADY_REFUNDED = conflictOption(
	"Treat 'Already Refunded' as Success",
	'treatAlreadyRefundedAsSuccess',
	'the charge is already fully refunded',
	RECORDS.charge,
);

export const refundCharge: SamCartOperation = {
	option: {
		name: 'Refund',
		action: 'Refund a charge',
		description: 'Refund a charge in full or in part',
	},
	request: { method: 'POST', path: '/refunds/charges/{chargeId}/' },
	properties: [
		recordLocator(RECORDS.charge),
		{
			displayName: 'Refund Type',
			name: 'refundType',
			type: 'options',
			default: 'full',
			options: [
				{ name: 'Full', value: 'full', description: 'Refund everything not yet refunded on the charge' },
				{
					name: 'Partial',
					value: 'partial',
					description: 'Refund an amount you give, at most what is not yet refunded',
				},
			],
		},
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'number',
			required: true,
			default: 0,
			typeOptions: { minValue: 0 },
			placeholder: 'e.g. 12.50',
			description:
				"Amount to refund in the charge's currency, e.g. 12.50 for $12.50. It is sent as exact cents; more decimals than the currency has are refused.",
			displayOptions: { show: { refundType: ['partial'] } },
		},
		optionsCollection([ALREADY_REFUNDED.property]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: RunCache) {
		const chargeId = getLocatedId(this, RECORDS.charge, itemIndex);
		const refundType = this.getNodeParameter('refundType', itemIndex, 'full') as string;
		const body: IDataObject = {};

		if (refundType === 'partial') {
			const raw = this.getNodeParameter('amount', itemIndex) as unknown;
			// The currency decides how many decimals an amount may have (JPY none, USD two, KWD three).
			const charge = await readById(this, RECORDS.charge, chargeId, itemIndex, cache);
			const currency = currencyOf(charge);
			const invalid = (
				why: string,
				description = `Give the amount to refund in ${currency} with at most ${fractionDigitsOf(currency)} decimal place(s), e.g. 12.50, or choose Refund Type "Full".`,
			) =>
				new NodeOperationError(this.getNode(), `Amount "${String(raw)}" is not valid: ${why}`, {
					itemIndex,
					description,
				});
			if (typeof raw !== 'number' && typeof raw !== 'string') throw invalid('it is not a number');
			let cents: number;
			try {
				cents = decimalToCents(raw, currency);
			} catch (error) {
				throw invalid((error as Error).message);
			}
			if (cents <= 0) throw invalid('a refund must be more than 0');
			if (typeof charge.total === 'number') {
				const total = charge.total;
				if (cents > total) {
					throw invalid(
						`it is more than charge ${chargeId}'s total of ${centsToDecimalString(total, currency)} ${currency}`,
					);
				}
				// SamCart refuses more than is left (400): say so before sending. A charge with nothing left goes on to
				// SamCart, whose 409 the "Already Refunded" option turns into success, as for a Full refund.
				const refunded = await refundedCents.call(this, chargeId, itemIndex);
				const left = refunded === undefined ? undefined : total - refunded;
				if (left !== undefined && left > 0 && cents > left) {
					throw invalid(
						`charge ${chargeId} has ${left} cents left to refund, ${cents} cents were asked`,
						`${refunded} of the charge's ${total} cents are already refunded. Nothing was sent. Refund at most ${centsToDecimalString(left, currency)} ${currency}, or choose Refund Type "Full" to refund what is left.`,
					);
				}
			}
			body.amount = cents;
		}

		const response = await writeUnlessConflict.call(
			this,
			{
				method: 'POST',
				// The trailing slash is how SamCart's reference writes this path.
				path: `/refunds/charges/${chargeId}/`,
				body,
				itemIndex,
				subject: `Charge ${chargeId}`,
				conflict: `Charge ${chargeId} is already fully refunded`,
			},
			ALREADY_REFUNDED,
			(samCartSaid) => ({
				charge_id: chargeId,
				refunded: false,
				already_refunded: true,
				message: samCartSaid,
			}),
		);
		return response;
	},
};
