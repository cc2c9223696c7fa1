import type { IDataObject } from 'n8n-workflow';

/**
 * Reads made during one execution of the node, keyed by what was asked. Many input items asking for the same
 * order, or the same list with the same filters, cost one request. Writes are never cached.
 */
export class RunCache {
	private readonly reads = new Map<string, { value: Promise<unknown>; served: number }>();

	async read<T extends IDataObject | IDataObject[]>(key: string, load: () => Promise<T>): Promise<T> {
		let entry = this.reads.get(key);
		if (!entry) {
			entry = { value: load(), served: 0 };
			this.reads.set(key, entry);
			// A failed read is not remembered: the next item asks again and gets its own error.
			entry.value.catch(() => this.reads.delete(key));
		}
		const value = (await entry.value) as T;
		// The first reader takes SamCart's answer as it is (no copy of a 20 000-record list); every later reader gets
		// its own copy, so that a node changing one item cannot change another.
		return entry.served++ === 0 ? value : structuredClone(value);
	}
}
