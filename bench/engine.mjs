// A dockerd of our own whose data-root lives in bench/.cache, so the datasets
// survive between runs: the test bed's engine (its guard stops dockerd however
// we end), given a data-root outside its temp dir.
import {mkdirSync, readFileSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {startEngine as startBedEngine} from '../test/bed/engine.mjs';

// dockerd bind-mounts its data-root onto itself; a killed dockerd leaves that mount behind.
function unmountUnder(dir) {
	const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
		.map(line => (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8))))
		.filter(point => point === dir || point.startsWith(`${dir}/`))
		.sort((a, b) => b.length - a.length);
	for (const point of points) {
		if (spawnSync('umount', [point]).status !== 0) spawnSync('umount', ['-l', point]);
	}
}

async function startIn(dataRoot, timeoutMs) {
	mkdirSync(dataRoot, {recursive: true});
	unmountUnder(dataRoot);
	try {
		return await startBedEngine({timeoutMs, dataRoot});
	} catch (error) {
		unmountUnder(dataRoot);
		throw new Error(`bench: dockerd (data-root ${dataRoot}) did not start: ${error instanceof Error ? error.message : error}`);
	}
}

/**
 * The engine's fields change in place on restart() (a new dir, so a new socket and host):
 * the dataset builder stops dockerd to write its image store, and callers keep one object.
 */
export async function startEngine(dataRoot, {timeoutMs = 60_000} = {}) {
	let current = await startIn(dataRoot, timeoutMs);
	let stopped;
	const stopCurrent = async () => {
		await current.stop();
		unmountUnder(dataRoot);
	};
	const engine = {
		...current,
		dataRoot,
		stop() {
			stopped ??= stopCurrent();
			return stopped;
		},
		/** Runs `whileDown` with dockerd stopped, then starts it again on the same data-root. */
		async restart(whileDown = () => {}) {
			await stopCurrent();
			await whileDown();
			current = await startIn(dataRoot, timeoutMs);
			Object.assign(engine, {dir: current.dir, host: current.host, socketPath: current.socketPath});
		},
	};
	return engine;
}
