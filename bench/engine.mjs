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

export async function startEngine(dataRoot, {timeoutMs = 60_000} = {}) {
	mkdirSync(dataRoot, {recursive: true});
	unmountUnder(dataRoot);
	let engine;
	try {
		engine = await startBedEngine({timeoutMs, dataRoot});
	} catch (error) {
		unmountUnder(dataRoot);
		throw new Error(`bench: dockerd (data-root ${dataRoot}) did not start: ${error instanceof Error ? error.message : error}`);
	}
	const stop = engine.stop;
	let stopped;
	return {
		...engine,
		dataRoot,
		stop() {
			stopped ??= stop().then(() => unmountUnder(dataRoot));
			return stopped;
		},
	};
}
