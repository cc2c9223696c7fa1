/**
 * Deterministic SamCart marketplace: a pure function of (seed, sizes, reference date).
 * Ids are positive integers ascending with created_at within each resource; money is integer cents.
 * The records and their rules are in store.ts; the generator, one file per kind of record, in generate/.
 */
export * from './store';
export { buildDataset, generateDataset } from './generate/build';
