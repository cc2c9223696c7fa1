import type { Route } from '../state';
import { chargeRoutes } from './charges';
import { customerRoutes } from './customers';
import { orderRoutes } from './orders';
import { productRoutes } from './products';
import { refundRoutes } from './refunds';
import { subscriptionRoutes } from './subscriptions';

/** All 38 operations of samcart-api.md §3. */
export const ROUTES: Route[] = [
	...orderRoutes,
	...chargeRoutes,
	...customerRoutes,
	...productRoutes,
	...refundRoutes,
	...subscriptionRoutes,
];

export interface CompiledRoute extends Route {
	regex: RegExp;
	names: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
	return routes.map((route) => {
		const names: string[] = [];
		const source = route.pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		return { ...route, names, regex: new RegExp(`^${source}/?$`) };
	});
}

export function matchRoute(
	routes: CompiledRoute[],
	method: string,
	path: string,
): { route: CompiledRoute; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
	let pathMatched = false;
	for (const route of routes) {
		const m = route.regex.exec(path);
		if (!m) continue;
		pathMatched = true;
		if (route.method !== method) continue;
		const params: Record<string, string> = {};
		route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
		return { route, params };
	}
	return pathMatched ? { methodNotAllowed: true } : undefined;
}
