// A second engine of the tests' own (never the run's shared one) that a test kills
// and starts again on the same socket path and data-root, as a crash and a restart would.
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {startEngine, type TestEngine} from '../bed/engine.mjs';

export type KillableEngine = {
	readonly host: string;
	readonly socketPath: string;
	readonly dir: string;
	/** SIGKILL dockerd (a crash: no clean shutdown, its socket file left behind), and wait until it is gone. */
	kill(): Promise<void>;
	/** SIGTERM, as `systemctl stop docker` does. */
	terminate(): Promise<void>;
	/** A new dockerd on the same socket and data-root. */
	start(): Promise<void>;
	running(): boolean;
	/** Stops it if running and removes its dir: call in after(), however the test ended. */
	dispose(): Promise<void>;
};

export async function startKillableEngine(): Promise<KillableEngine> {
	let current: TestEngine | undefined = await startEngine({keepDir: true});
	const {dir, host, socketPath} = current;
	return {
		host,
		socketPath,
		dir,
		async kill() {
			const pid = Number(readFileSync(path.join(dir, 'docker.pid'), 'utf8').trim());
			process.kill(pid, 'SIGKILL');
			// The guard sees dockerd die, kills what it left (containerd, shims) and unmounts; the dir stays.
			await current?.stop();
			current = undefined;
			// The containerd dockerd started outlives it, is killed by the guard, and may stay a zombie
			// (no init reaps it in a container): a new dockerd would take its pid file as a live containerd.
			rmSync(path.join(dir, 'exec', 'containerd', 'containerd.pid'), {force: true});
		},
		async terminate() {
			await current?.stop();
			current = undefined;
		},
		async start() {
			current = await startEngine({dir, keepDir: true});
		},
		running: () => current !== undefined,
		async dispose() {
			await current?.stop();
			current = undefined;
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
