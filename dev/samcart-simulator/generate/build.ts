/** Builds the marketplace from its seed, one kind of record after another, in the one order the Rng is drawn in. */
import { loadFakerPool, type FakerPool } from '../pool';
import { Rng } from '../rng';
import { Dataset, ID_BASE, recomputeLifetimeValues, resolveSize, type DatasetOptions } from '../store';
import { DAY_MS } from '../time';
import { sortAssign, type Generation } from './context';
import { addRefunds, numberCharges } from './charges';
import { addLeads, numberCustomers } from './customers';
import { addDeclinedCheckouts, addOrders, planOrders } from './orders';
import { addCatalogue, addCustomFields } from './products';
import { simulateSubscription } from './subscriptions';

export async function generateDataset(options: DatasetOptions): Promise<Dataset> {
	const sizes = resolveSize(options.size);
	const pool = await loadFakerPool(options.seed, sizes.customers, sizes.products);
	return buildDataset(options, pool);
}

export function buildDataset(options: DatasetOptions, pool: FakerPool): Dataset {
	const sizes = resolveSize(options.size);
	const now = Math.floor(options.now / 1000) * 1000;
	const spanDays = options.spanDays ?? 730;
	if (!(spanDays > 0)) throw new Error(`spanDays must be a positive number of days, got ${spanDays}`);
	const g: Generation = {
		rng: new Rng(options.seed),
		ds: new Dataset(options.seed, now, sizes, options.currency),
		pool,
		now,
		windowStart: now - spanDays * DAY_MS,
		customerDrafts: [],
		buyers: [],
		orderCustomer: new Map(),
		chargeDrafts: [],
		subscriptionDrafts: [],
		failedDrafts: [],
		failedCustomer: new Map(),
		historyDrafts: [],
	};
	const { ds } = g;

	addCustomFields(g);
	const catalogue = addCatalogue(g);
	const plan = planOrders(g);
	addLeads(g, plan.leadCount);
	addOrders(g, catalogue, plan);
	addDeclinedCheckouts(g, plan.orderTimes.length);
	for (const draft of g.subscriptionDrafts) simulateSubscription(g, draft);

	// Every record is known: IDs ascend with time within each kind.
	numberCustomers(g);
	numberCharges(g);
	ds.failedCharges = sortAssign(g.failedDrafts, ID_BASE.failedCharge);
	ds.history = sortAssign(g.historyDrafts, ID_BASE.history);
	ds.orders.sort((a, b) => a.id - b.id);

	addRefunds(g);
	ds.touch();
	recomputeLifetimeValues(ds);
	ds.touch();
	return ds;
}
