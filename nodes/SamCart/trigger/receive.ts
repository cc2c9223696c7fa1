/**
 * One request to the trigger's URL: read it (token, body, delivery), decide (trigger/decide.ts), and gather what
 * only SamCart's API can tell (Verify, Enrich) before deciding again with those facts. The node maps the outcome to
 * an answer and an execution.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { readBody, readUnreadBody } from './body';
import type { ParsedBody } from './body';
import { decide, orderKeyOf } from './decide';
import type { Facts, Refusal, TriggerConfig, Verdict } from './decide';
import { completeSummary, readDelivery } from './delivery';
import type { Delivery } from './delivery';
import { tokenMatches } from './identity';
import { createFetcher, enrichEvent, verifyEvent } from './lookup';
import type { Enrichment } from './lookup';
import { DeliveryMemory } from './memory';

type Accepted = Extract<Verdict, { kind: 'accept' }>;

/** The verdict; an accepted delivery also has its output item. */
export type Received =
	| Exclude<Verdict, Accepted>
	| (Accepted & {
			item: IDataObject;
			/** Remembered (duplicates, Once Per Order): n8n must save the static data before it runs. */
			remembered: boolean;
	  });

/** The body's bytes (JSON or form), else what n8n parsed; trigger 1.1 may have to read the stream itself. */
async function readRequestBody(context: IWebhookFunctions): Promise<ParsedBody> {
	const req = context.getRequestObject();
	let rawBody = (req as unknown as { rawBody?: Buffer | string }).rawBody;
	if (!rawBody || rawBody.length === 0) rawBody = (await readUnreadBody(req)) ?? rawBody;
	return readBody({
		rawBody,
		parsedBody: rawBody && rawBody.length > 0 ? undefined : context.getBodyData(),
		contentType: req.headers?.['content-type'],
	});
}

/** What SamCart's API said about the delivery's records (Verify, Enrich). */
interface Lookups {
	verifyRefusal?: Refusal;
	verified?: string[];
	enrichment?: Enrichment;
	order?: IDataObject | null;
	subscription?: IDataObject | null;
	/** The order SamCart's API returned is in test mode. */
	apiTestMode?: boolean;
}

async function askSamCart(
	context: IWebhookFunctions,
	config: TriggerConfig,
	delivery: Delivery,
): Promise<Lookups> {
	const fetch = createFetcher(context);
	// The fetcher asks for each record once, so what Verify read costs nothing more below.
	const fetched = async (path: string, subject: string) => await fetch(path, subject).catch(() => null);
	const { summary } = delivery;
	const lookups: Lookups = {};
	if (config.verify) {
		const verification = await verifyEvent(fetch, summary, delivery.event);
		if (verification.refusal) return { verifyRefusal: verification.refusal };
		lookups.verified = verification.checked;
	}
	if (config.enrich) lookups.enrichment = await enrichEvent(fetch, summary);
	const orderId = typeof summary.order_id === 'number' ? summary.order_id : undefined;
	// Webhook payloads may not say test_mode, nor the item's cart item; the order SamCart's API returns does.
	// Verify already read it for order and refund events.
	const readOrder =
		config.enrich || config.testMode === 'ignore' || lookups.verified?.includes(`Order ${orderId}`);
	if (orderId && readOrder) {
		lookups.order = lookups.enrichment?.order ?? (await fetched(`/orders/${orderId}`, `Order ${orderId}`));
		lookups.apiTestMode = lookups.order?.test_mode === true;
	}
	const subscriptionId = typeof summary.subscription_id === 'number' ? summary.subscription_id : undefined;
	if (subscriptionId && delivery.event?.subject === 'subscription') {
		const path = `/subscriptions/${subscriptionId}`;
		lookups.subscription =
			lookups.enrichment?.subscription ??
			(config.verify ? await fetched(path, `Subscription ${subscriptionId}`) : null);
	}
	return lookups;
}

export async function receive(context: IWebhookFunctions, config: TriggerConfig): Promise<Received> {
	// Authenticate before reading anything else: a caller without the token learns nothing.
	const query = (context.getQueryData() ?? {}) as IDataObject;
	const facts: Facts = { tokenOk: tokenMatches(config.secretToken, query.token) };
	if (!facts.tokenOk) return decide(facts, config) as Received;
	const parsed = await readRequestBody(context);
	if (!parsed.ok) return decide({ ...facts, bodyRefusal: parsed.refusal }, config) as Received;
	const delivery = readDelivery(parsed.body);
	facts.delivery = delivery;

	// Test runs keep no memory: n8n saves no static data for them, and a resent test event should run.
	const keys = {
		eventId: config.ignoreDuplicates ? delivery.eventId : undefined,
		orderKey: orderKeyOf(delivery, config),
	};
	const remembering = (keys.eventId ?? keys.orderKey) !== undefined && context.getMode() !== 'manual';
	const memory = remembering ? DeliveryMemory.of(context, config.oncePerOrderMs) : undefined;
	facts.seen = memory?.seen(keys);
	let verdict = decide(facts, config);
	if (verdict.kind !== 'accept') return verdict;
	// Before any await: a copy this process reads meanwhile is then a duplicate.
	memory?.remember(keys);

	let lookups: Lookups = {};
	if (config.verify || config.enrich) {
		lookups = await askSamCart(context, config, delivery);
		verdict = decide(
			{ ...facts, verifyRefusal: lookups.verifyRefusal, apiTestMode: lookups.apiTestMode },
			config,
		);
		if (verdict.kind === 'refuse') memory?.forget(keys);
		if (verdict.kind !== 'accept') return verdict;
	}
	const { verified, enrichment } = lookups;

	const item: IDataObject = {
		event: verdict.event,
		eventLabel: verdict.label,
		eventType: delivery.type,
		eventId: delivery.eventId,
		receivedAt: new Date().toISOString(),
		testMode: delivery.testMode || lookups.apiTestMode === true,
		summary: completeSummary(delivery.summary, {
			order: lookups.order,
			subscription: lookups.subscription,
		}) as unknown as IDataObject,
	};
	if (verified) item.verified = verified;
	if (enrichment) {
		item.order = enrichment.order;
		item.customer = enrichment.customer;
		item.subscription = enrichment.subscription;
		if (enrichment.enrichErrors.length) item.enrichErrors = enrichment.enrichErrors;
	}
	item.payload = delivery.payload;
	return { ...verdict, item, remembered: memory !== undefined };
}
