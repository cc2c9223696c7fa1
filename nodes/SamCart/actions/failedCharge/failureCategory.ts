/**
 * Why a charge failed, in one of six words a workflow can branch on, read from the payment processor's own message
 * (SamCart's FailedCharge.error). SamCart passes through what Stripe, Braintree, Authorize.net or PayPal said, so the
 * same reason arrives in many phrasings: "Your card has expired.", "Expired Card", "The credit card has expired.".
 *
 * The rules are checked in order and the first that matches wins. The order matters where a message names two
 * things: "Card Issuer Declined CVV" is a security-code problem, "Your card was declined. (insufficient_funds)" is
 * a funds problem, "Processor Declined" is a decline, not a processing error.
 */
export const FAILURE_CATEGORIES = [
	'expired_card',
	'incorrect_cvc',
	'insufficient_funds',
	'card_declined',
	'processing_error',
	'other',
] as const;

export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

const RULES: Array<[FailureCategory, RegExp]> = [
	// Stripe expired_card / invalid_expiry_*, Braintree 2004, Authorize.net reason 8, PayPal CARD_EXPIRED.
	['expired_card', /expired|expir(?:y|ation)|\bexp(?:iry)?[ _-]?date\b|card_expired/i],
	// Stripe incorrect_cvc / invalid_cvc, Braintree 2010 and "Gateway Rejected: cvv", Authorize.net "card code".
	[
		'incorrect_cvc',
		/\b(?:cvc|cvv2?|cvn|cid|csc|cvc2)\b|incorrect_cvc|invalid_cvc|security code|card code|card verification|verification (?:code|value|number)/i,
	],
	// Stripe insufficient_funds, Braintree 2001/2002, NSF, "exceeds credit limit", PayPal balance messages.
	[
		'insufficient_funds',
		/insufficient|sufficient (?:funds|balance)|\bnsf\b|credit limit|(?<!activity )limit exceeded|exceeds? (?:the |your )?(?:credit |balance |available |withdrawal amount )?(?:limit|balance)|over (?:the |credit )?limit|not enough (?:funds|money|balance)/i,
	],
	// Any decline the issuer or processor gave: generic declines, do not honor, lost / stolen / pick up card,
	// fraud and risk rejections, restricted or unsupported cards, PayPal instrument refusals.
	[
		'card_declined',
		/declin|do[ _]not[ _]honou?r|not honou?red|pick[ _-]?up[ _]card|lost[ _]card|stolen|restricted[ _]card|(?:transaction|payment) (?:is )?not (?:permitted|allowed)|refused|security[ _]violation|fraud|blocked|call (?:the )?issuer|contact (?:your |the )?(?:card )?(?:issuer|bank)|instrument|payer_cannot_pay|gateway rejected|\bavs\b|address verification|activity limit|does not support|not supported|not accept|revoked|closed account|account (?:is )?closed|invalid account|risk/i,
	],
	// The processor, the issuer or the network could not complete the attempt: retrying later may succeed.
	[
		'processing_error',
		/error occurred|processing[ _]error|could not (?:be )?process|unable to process|try again|temporar|unavailable|inoperative|timed? ?out|timeout|network|gateway[ _]error|system[ _]error|internal[ _](?:server[ _])?error|service[ _](?:error|unavailable)|\bnot available\b|reattempt|retry/i,
	],
];

/** The category of a processor's failure message; `other` when the message is empty or says nothing we know. */
export function failureCategory(error: unknown): FailureCategory {
	if (typeof error !== 'string' || !error.trim()) return 'other';
	for (const [category, pattern] of RULES) {
		if (pattern.test(error)) return category;
	}
	return 'other';
}
