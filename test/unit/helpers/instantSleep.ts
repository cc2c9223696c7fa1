/**
 * n8n-workflow with a `sleep` that records what it was asked and waits at most `maxRealMs` (default: not at all), so
 * the transport's waits (backoff, Retry-After) cost little time and a test can assert them. In a test file:
 *   jest.mock('n8n-workflow', () => jest.requireActual('../helpers/instantSleep').instantSleep());
 */
export function instantSleep(maxRealMs = 0): object {
	const actual = jest.requireActual('n8n-workflow');
	return {
		...actual,
		sleep: jest.fn(async (ms: number) => {
			if (maxRealMs > 0) await actual.sleep(Math.min(ms, maxRealMs));
		}),
	};
}
