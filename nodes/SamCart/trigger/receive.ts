/**
 * One request to the trigger's URL: read it (token, body, delivery), decide (trigger/decide.ts), and gather what
 * only SamCart's API can tell (Verify, Enrich) before deciding again with those facts. The node maps the outcome to
 * an answer and an execution.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { readBody, readUnreadBody } from './body';
import type { ParsedBody } from './body';
import { decide, orderKeyOf } from './decide';
import type { Facts, TriggerConfig, Verdict } from './decide';
import { completeSummary, readDelivery } from './delivery';
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

	const fetch = config.verify || config.enrich ? createFetcher(context) : undefined;
	const { summary } = delivery;
	const orderId = typeof summary.order_id === 'number' ? summary.order_id : undefined;
	const subscriptionId = typeof summary.subscription_id === 'number' ? summary.subscription_id : undefined;
	let verified: string[] | undefined;
	let enrichment: Enrichment | undefined;
	let apiOrder: IDataObject | null = null;
	let apiSubscription: IDataObject | null = null;
	if (fetch) {
		// The fetcher asks for each record once, so what Verify read costs nothing more below.
		const fetched = async (path: string, subject: string) => await fetch(path, subject).catch(() => null);
		if (config.verify) {
			const verification = await verifyEvent(fetch, summary, delivery.event);
			facts.verifyRefusal = verification.refusal;
			verified = verification.checked;
		}
		if (!facts.verifyRefusal) {
			if (config.enrich) enrichment = await enrichEvent(fetch, summary);
			// Webhook payloads may not say test_mode, nor the item's cart item; the order SamCart's API returns does.
			// Verify already read it for order and refund events (the fetcher asks for it once).
			const readOrder =
				config.enrich || config.testMode === 'ignore' || verified?.includes(`Order ${orderId}`);
			if (orderId && readOrder) {
				apiOrder = enrichment?.order ?? (await fetched(`/orders/${orderId}`, `Order ${orderId}`));
				facts.apiTestMode = apiOrder?.test_mode === true;
			}
			if (subscriptionId && delivery.event?.subject === 'subscription') {
				apiSubscription =
					enrichment?.subscription ??
					(config.verify
						? await fetched(`/subscriptions/${subscriptionId}`, `Subscription ${subscriptionId}`)
						: null);
			}
		}
		verdict = decide(facts, config);
		if (verdict.kind === 'refuse') memory?.forget(keys);
		if (verdict.kind !== 'accept') return verdict;
	}

	const item: IDataObject = {
		event: verdict.event,
		eventLabel: verdict.label,
		eventType: delivery.type,
		eventId: delivery.eventId,
		receivedAt: new Date().toISOString(),
		testMode: delivery.testMode || facts.apiTestMode === true,
		summary: completeSummary(summary, {
			order: apiOrder,
			subscription: apiSubscription,
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
