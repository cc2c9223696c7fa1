/**
 * Process-group bookkeeping: every n8n process the launcher starts is spawned detached (its own process group, so
 * the task runner child goes with it) and registered here. All registered groups are killed on every exit path:
 * explicit stop(), process 'exit', SIGINT/SIGTERM/SIGHUP and uncaught exceptions (n8n-runtime.md §8 item 8: an
 * orphaned 1.x n8n spun at 100% CPU ignoring SIGTERM, so we escalate to SIGKILL).
 * A pid file per group under <cache>/running/ lets the next launcher run reap groups whose owner died by SIGKILL.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot } from './paths';

const live = new Map<number, { child: ChildProcess; label: string; pidFile: string }>();
let hooksInstalled = false;

const runningDir = () => path.join(cacheRoot(), 'running');

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
	try {
		process.kill(-pgid, sig);
	} catch {
		/* already gone */
	}
}

/** Synchronous best effort for the 'exit' event: SIGTERM, a short busy wait, then SIGKILL. */
export function killAllSync(): void {
	const groups = [...live.keys()];
	if (groups.length === 0) return;
	for (const g of groups) signalGroup(g, 'SIGTERM');
	const deadline = Date.now() + 1500;
	while (Date.now() < deadline && groups.some(groupAlive)) {
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
	}
	for (const g of groups) {
		if (groupAlive(g)) signalGroup(g, 'SIGKILL');
		const entry = live.get(g);
		if (entry) fs.rmSync(entry.pidFile, { force: true });
		live.delete(g);
	}
}

function installHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAllSync);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			killAllSync();
			process.kill(process.pid, sig); // re-raise with default behaviour (the once-handler is gone now)
		});
	}
	// Jest owns uncaught exceptions inside its workers; everywhere else kill the servers and exit non-zero.
	if (process.env.JEST_WORKER_ID === undefined) {
		process.on('uncaughtException', (err) => {
			killAllSync();
			process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
			process.exit(1);
		});
		process.on('unhandledRejection', (err) => {
			killAllSync();
			process.stderr.write(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
			process.exit(1);
		});
	}
}

/**
 * A tiny watchdog process per group: when the launcher process dies in any way (including SIGKILL, or a jest worker
 * whose `process.on('exit')` is sandboxed and never fires), it kills the group: SIGTERM, then SIGKILL after 10 s.
 * It exits on its own once the group is gone.
 */
const GUARDIAN = `
const [owner, pgid] = process.argv.slice(1).map(Number);
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const t = setInterval(() => {
	if (!alive(-pgid)) process.exit(0);
	if (alive(owner)) return;
	clearInterval(t);
	try { process.kill(-pgid, 'SIGTERM'); } catch {}
	const start = Date.now();
	setInterval(() => {
		if (!alive(-pgid)) process.exit(0);
		if (Date.now() - start > 10000) { try { process.kill(-pgid, 'SIGKILL'); } catch {} process.exit(0); }
	}, 200);
}, 500);
`;

function startGuardian(pgid: number): void {
	const g = spawn(process.execPath, ['-e', GUARDIAN, String(process.pid), String(pgid)], { detached: true, stdio: 'ignore' });
	g.unref();
}

/** Registers a detached child (pid == pgid). */
export function register(child: ChildProcess, label: string): void {
	installHooks();
	const pid = child.pid;
	if (!pid) throw new Error(`${label}: spawn gave no pid`);
	child.unref(); // never keep the launcher (or jest) alive just because n8n runs; stop() and the guardian end it
	startGuardian(pid);
	fs.mkdirSync(runningDir(), { recursive: true });
	const pidFile = path.join(runningDir(), `${pid}.json`);
	fs.writeFileSync(pidFile, JSON.stringify({ pgid: pid, owner: process.pid, label, since: new Date().toISOString() }));
	live.set(pid, { child, label, pidFile });
	child.once('exit', () => {
		// the leader exited; the group may still have members (task runner) — stopGroup handles that
		if (!groupAlive(pid)) {
			live.delete(pid);
			fs.rmSync(pidFile, { force: true });
		}
	});
}

/** SIGTERM the whole group, wait up to `graceMs`, then SIGKILL. Resolves when no member of the group is left. */
export async function stopGroup(pgid: number, graceMs = 10_000): Promise<void> {
	signalGroup(pgid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
	if (groupAlive(pgid)) {
		signalGroup(pgid, 'SIGKILL');
		const hard = Date.now() + 5000;
		while (groupAlive(pgid) && Date.now() < hard) await new Promise((r) => setTimeout(r, 50));
	}
	const entry = live.get(pgid);
	if (entry) fs.rmSync(entry.pidFile, { force: true });
	live.delete(pgid);
	if (groupAlive(pgid)) throw new Error(`process group ${pgid} survived SIGKILL`);
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Kills groups left behind by launcher processes that died without cleaning up (e.g. SIGKILLed jest worker). */
export function reapOrphans(log: (m: string) => void = () => undefined): void {
	let files: string[] = [];
	try {
		files = fs.readdirSync(runningDir());
	} catch {
		return;
	}
	for (const f of files) {
		const file = path.join(runningDir(), f);
		try {
			const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as { pgid: number; owner: number; label: string };
			if (pidAlive(rec.owner) && rec.owner !== process.pid) continue;
			if (live.has(rec.pgid)) continue;
			if (groupAlive(rec.pgid)) {
				let cmd = '';
				try {
					cmd = fs.readFileSync(`/proc/${rec.pgid}/cmdline`, 'utf8');
				} catch {
					/* leader gone, members may remain */
				}
				if (cmd === '' || cmd.includes('n8n')) {
					log(`reaping orphaned n8n process group ${rec.pgid} (${rec.label}, owner ${rec.owner} is gone)`);
					signalGroup(rec.pgid, 'SIGKILL');
				}
			}
			fs.rmSync(file, { force: true });
		} catch {
			fs.rmSync(file, { force: true });
		}
	}
}

/** Stops every process group this launcher process started and has not stopped yet (e.g. in a jest afterAll). */
export async function stopAllGroups(): Promise<void> {
	await Promise.all([...live.keys()].map((g) => stopGroup(g).catch(() => undefined)));
}
