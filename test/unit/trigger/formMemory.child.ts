/**
 * Run by formMemory.test.ts in its own `node --expose-gc --import tsx` process: reads one form body with readBody
 * and prints, as JSON, the peak heap growth it caused. The peak is the largest heap used before any collection
 * during the call (v8.GCProfiler reports each one) or at its end, so it counts what the call allocated and kept
 * until then, whenever the collections ran.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

import { readBody } from '../../../nodes/SamCart/trigger/body';

/** `k0[<index>]=1&k1[<index>]=1&…`: `count` fields naming the same array index, optionally led by `type=Order`. */
function indexedFormBody(count: number, index: number, withType: boolean): Buffer {
	const fields = Array.from({ length: count }, (_, n) => `k${n}[${index}]=1`);
	return Buffer.from((withType ? ['type=Order', ...fields] : fields).join('&'));
}

function measure(rawBody: Buffer) {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with node --expose-gc');
	// Once first, so that compiling the parser's code is not counted as the body's cost.
	readBody({ rawBody, contentType: 'application/x-www-form-urlencoded' });
	gc();
	gc();
	const before = getHeapStatistics().used_heap_size;
	const profiler = new GCProfiler();
	profiler.start();
	const result = readBody({ rawBody, contentType: 'application/x-www-form-urlencoded' });
	const atEnd = getHeapStatistics().used_heap_size;
	const { statistics } = profiler.stop();
	const peak = Math.max(atEnd, ...statistics.map((gcRun) => gcRun.beforeGC.heapStatistics.usedHeapSize));
	return {
		bodyBytes: rawBody.length,
		peakGrowth: peak - before,
		answer: result.ok ? 'accepted' : `${result.refusal.status} ${result.refusal.body.error}`,
	};
}

if (require.main === module) {
	const [count, index, withType] = process.argv.slice(2);
	process.stdout.write(
		JSON.stringify(measure(indexedFormBody(Number(count), Number(index), withType === 'type'))),
	);
}
