import type { Dataset } from './dataset';
import type { Reply, RequestContext } from './http';

export interface BatchJob {
	batch_id: string;
	order_ids: number[];
	product_ids: number[];
	created_at: string;
	polls: number;
	results?: Array<{ order_id: number; product_id: number; status: 'success' | 'failed'; charge_id: number | null; error: string | null }>;
}

/** Everything a route handler may read or change. */
export interface SimState {
	data: Dataset;
	/** Simulated clock: the dataset's reference date plus the real time elapsed since start/reset (epoch ms). */
	clock(): number;
	batches: Map<string, BatchJob>;
	/** Status polls answered "processing" before a batch completes. */
	batchProcessingPolls: number;
}

export type Handler = (ctx: RequestContext, state: SimState) => Reply | Promise<Reply>;

export interface Route {
	method: 'GET' | 'POST' | 'PUT';
	/** Path below /v1 with `:name` params, e.g. `/orders/:id/charges`. */
	pattern: string;
	handler: Handler;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
