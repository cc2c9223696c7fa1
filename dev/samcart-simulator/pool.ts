import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** One fake person from @faker-js/faker (see faker-pool.mjs for why this runs in a child process). */
export interface PoolPerson {
	first_name: string;
	last_name: string;
	email: string;
	phone: string;
	street: string;
	city: string;
	state: string | null;
	region: string | null;
	postal_code: string;
	country: string;
	country_code: string;
	ip: string;
	company: string;
}

export interface FakerPool {
	people: PoolPerson[];
	products: Array<{ name: string; description: string }>;
}

const cache = new Map<string, Promise<FakerPool>>();

/** Seeded faker output, cached per (seed, counts) for the life of the process. */
export function loadFakerPool(seed: number, people: number, products: number): Promise<FakerPool> {
	const key = `${seed}:${people}:${products}`;
	let pending = cache.get(key);
	if (!pending) {
		pending = new Promise<FakerPool>((resolve, reject) => {
			const script = join(__dirname, 'faker-pool.mjs');
			execFile(
				process.execPath,
				[script, String(seed), String(people), String(products)],
				{ maxBuffer: 512 * 1024 * 1024 },
				(error, stdout) => {
					if (error) reject(error);
					else resolve(JSON.parse(stdout) as FakerPool);
				},
			);
		});
		pending.catch(() => cache.delete(key));
		cache.set(key, pending);
	}
	return pending;
}
