import type { SamCartResource } from './operation';
import { orderResource } from './order';

/** Every resource of the SamCart node. A new resource is one import and one entry here. */
export const RESOURCES: SamCartResource[] = [orderResource];
