import { failureCategory } from '../../../nodes/SamCart/actions/failedCharge/failureCategory';
import type { FailureCategory } from '../../../nodes/SamCart/actions/failedCharge/failureCategory';

/** Real-world phrasings from Stripe, Braintree, Authorize.net and PayPal, and how a dunning workflow should read them. */
const CASES: Array<[string, FailureCategory]> = [
	// Expired or invalid expiry
	['Your card has expired.', 'expired_card'],
	['Expired Card', 'expired_card'],
	['The credit card has expired.', 'expired_card'],
	["Your card's expiration year is invalid.", 'expired_card'],
	["Your card's expiration month is invalid.", 'expired_card'],
	['Credit card expiration date is invalid.', 'expired_card'],
	['CARD_EXPIRED', 'expired_card'],
	['expired_card', 'expired_card'],
	['Your card was declined. (expired_card)', 'expired_card'],
	// Security code
	["Your card's security code is incorrect.", 'incorrect_cvc'],
	["Your card's security code is invalid.", 'incorrect_cvc'],
	['Card Issuer Declined CVV', 'incorrect_cvc'],
	['Gateway Rejected: cvv', 'incorrect_cvc'],
	['The card code is invalid.', 'incorrect_cvc'],
	['This transaction has been declined. CVV2 mismatch', 'incorrect_cvc'],
	['incorrect_cvc', 'incorrect_cvc'],
	['The CVC number is incorrect.', 'incorrect_cvc'],
	// Funds
	['Your card has insufficient funds.', 'insufficient_funds'],
	['Insufficient Funds', 'insufficient_funds'],
	['insufficient_funds', 'insufficient_funds'],
	['Your card was declined. (insufficient_funds)', 'insufficient_funds'],
	['Your card does not have sufficient funds.', 'insufficient_funds'],
	['NSF - Not Sufficient Funds', 'insufficient_funds'],
	['Limit Exceeded', 'insufficient_funds'],
	['Transaction exceeds credit limit', 'insufficient_funds'],
	['Over credit limit', 'insufficient_funds'],
	['Exceeds withdrawal amount limit', 'insufficient_funds'],
	// Declines
	['Your card was declined.', 'card_declined'],
	['card_declined', 'card_declined'],
	['This transaction has been declined.', 'card_declined'],
	['Do Not Honor', 'card_declined'],
	['do_not_honor', 'card_declined'],
	['Processor Declined', 'card_declined'],
	['Processor Declined - Fraud Suspected', 'card_declined'],
	['Pick Up Card', 'card_declined'],
	['Lost or Stolen Card', 'card_declined'],
	['Restricted Card', 'card_declined'],
	['Transaction Not Allowed', 'card_declined'],
	['Declined - Call Issuer', 'card_declined'],
	["Cardholder's Activity Limit Exceeded", 'card_declined'],
	['Gateway Rejected: fraud', 'card_declined'],
	['Gateway Rejected: avs', 'card_declined'],
	['INSTRUMENT_DECLINED', 'card_declined'],
	[
		"The instrument presented was either declined by the processor or bank, or it can't be used for this payment.",
		'card_declined',
	],
	['PAYER_CANNOT_PAY', 'card_declined'],
	['TRANSACTION_REFUSED', 'card_declined'],
	['Your card does not support this type of purchase.', 'card_declined'],
	['The merchant does not accept this type of credit card.', 'card_declined'],
	[
		'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
		'card_declined',
	],
	['Your card was declined. Please try again later.', 'card_declined'],
	// Processing errors: a retry may work
	['An error occurred while processing your card. Try again in a little bit.', 'processing_error'],
	['processing_error', 'processing_error'],
	['Processor Network Unavailable - Try Again', 'processing_error'],
	['An error occurred during processing. Please try again.', 'processing_error'],
	['Issuer or Switch Inoperative', 'processing_error'],
	['The request timed out.', 'processing_error'],
	['Gateway Timeout', 'processing_error'],
	['Service temporarily unavailable', 'processing_error'],
	['INTERNAL_SERVER_ERROR', 'processing_error'],
	// Nothing we recognise
	['Your card number is incorrect.', 'other'],
	['The credit card number is invalid.', 'other'],
	['A duplicate transaction has been submitted.', 'other'],
	['', 'other'],
	['   ', 'other'],
];

describe('failureCategory', () => {
	it.each(CASES)('%j → %s', (message, category) => {
		expect(failureCategory(message)).toBe(category);
	});

	it('is case-insensitive', () => {
		expect(failureCategory('YOUR CARD HAS EXPIRED.')).toBe('expired_card');
		expect(failureCategory('insufficient FUNDS')).toBe('insufficient_funds');
	});

	it.each([null, undefined, 42, {}, ['Your card was declined.']])('reads %p as other', (value) => {
		expect(failureCategory(value)).toBe('other');
	});
});
