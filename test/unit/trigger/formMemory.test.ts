/**
 * Issue 21, defect 4: a form body of array indexes must cost memory in proportion to its size, not to the indexes
 * it names. Each case runs formMemory.child.ts in a fresh `node --expose-gc` process (jest runs without
 * --expose-gc, and its own heap would blur the figure) and reads the peak heap growth of one readBody call.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(__dirname, 'formMemory.child.ts');

interface Measurement {
	bodyBytes: number;
	peakGrowth: number;
	answer: string;
}

function measure(fields: number, index: number, withType: boolean): Measurement {
	const args = [String(fields), String(index), withType ? 'type' : 'none'];
	// A fixed 64 MB young generation: no collection runs during a call that allocates less, so the figure is what
	// the call allocated, the same from run to run.
	const flags = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', '--import', 'tsx'];
	const run = spawnSync(process.execPath, [...flags, CHILD, ...args], {
		encoding: 'utf8',
		cwd: join(__dirname, '../../..'),
	});
	if (run.status !== 0) throw new Error(`the measuring process failed: ${run.stderr}`);
	const measurement = JSON.parse(run.stdout) as Measurement;
	// The figure goes to the log so a regression shows how far off it is.
	console.log(`${fields} fields at index ${index}: ${JSON.stringify(measurement)}`);
	return measurement;
}

describe('form bodies cost memory in proportion to their size', () => {
	it('refuses 70 632 fields `k<N>[1000]=1` (about 1 MB) with 400, growing the heap at most 8× the body', () => {
		const { bodyBytes, peakGrowth, answer } = measure(70_632, 1000, false);
		expect(bodyBytes).toBeGreaterThan(1_000_000);
		expect(peakGrowth).toBeLessThanOrEqual(8 * bodyBytes);
		expect(answer).toBe('400 too_many_fields');
	});

	it("reads the most fields it accepts at index 1000 in at most 1.5× the heap of index 0: the index's value costs nothing", () => {
		const atZero = measure(999, 0, true);
		const atLimit = measure(999, 1000, true);
		expect(atLimit.peakGrowth).toBeLessThanOrEqual(1.5 * atZero.peakGrowth);
		expect([atZero.answer, atLimit.answer]).toEqual(['accepted', 'accepted']);
	});
});
