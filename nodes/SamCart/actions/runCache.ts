import type { IDataObject } from 'n8n-workflow';

/**
 * Reads made during one execution of the node, keyed by what was asked. Many input items asking for the same
 * order, or the same list with the same filters, cost one request. Writes are never cached.
 */
export class RunCache {
	private readonly reads = new Map<string, Promise<unknown>>();

	async read<T extends IDataObject | IDataObject[]>(key: string, load: () => Promise<T>): Promise<T> {
		let pending = this.reads.get(key) as Promise<T> | undefined;
		if (!pending) {
			pending = load();
			this.reads.set(key, pending);
			// A failed read is not remembered: the next item asks again and gets its own error.
			pending.catch(() => this.reads.delete(key));
		}
		const value = await pending;
		// Each item gets its own copy, so that a later node changing one item cannot change another.
		return structuredClone(value);
	}
}
