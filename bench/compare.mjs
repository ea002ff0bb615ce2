// `node bench/compare.mjs OTHER/dist/cli.js [--first-frame]`: key latencies (or first frames, below) at 10,000 images of this build and
// another (an earlier commit built elsewhere), alternating runs in one engine so both see the
// same machine. Uses the cached 10,000-image engine of `npm run bench`.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ensureDataset} from './dataset.mjs';
import {startEngine} from './engine.mjs';
import {driveStowage, median, p95, timeCommand} from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const other = process.argv[2];
if (!other) throw new Error('usage: node bench/compare.mjs OTHER/dist/cli.js');
const builds = {this: path.join(here, '..', 'dist', 'cli.js'), other: path.resolve(other)};
const count = 10_000;
const rounds = Number(process.env.ROUNDS ?? 3);
const groups = [
	{name: 'down', keys: Array(100).fill('\u001B[B'), measure: true},
	{name: 'pageDown', keys: Array(50).fill('\u001B[6~'), measure: true},
	...Array.from({length: 8}, () => ({name: 'filter', keys: ['/', ...'bench/img-0', '\u001B'], measure: true})),
];

if (process.argv.includes('--first-frame')) {
	await compareFirstFrames();
	process.exit(0);
}

/**
 * `--first-frame [--counts 1000,10000]`: process start to the first frame of the list, this build, the
 * other one and `docker images` in turn on each cached engine (ROUNDS rounds, after one warm-up each,
 * which also writes each build's code cache).
 */
async function compareFirstFrames() {
	const at = process.argv.indexOf('--counts');
	const counts = at === -1 ? [1000, 10_000] : process.argv[at + 1].split(',').map(Number);
	const names = {1000: 'engine-1k', 10_000: 'engine-10k'};
	for (const count of counts) {
		const engine = await startEngine(path.join(here, '.cache', names[count]));
		const times = {docker: [], this: [], other: []};
		try {
			await ensureDataset(engine.socketPath, count, message => console.log(`bench: ${message}`));
			const docker = async () => (await timeCommand('docker', ['images'], engine.host)).ms;
			const stowage = async name => (await driveStowage(engine.host, count, [], builds[name])).firstFrameMs;
			await docker();
			await stowage('this');
			await stowage('other');
			for (let round = 0; round < rounds; round++) {
				const order = round % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
				times.docker.push(await docker());
				for (const name of order) times[name].push(await stowage(name));
			}
		} finally {
			await engine.stop();
		}

		const line = name => `${median(times[name]).toFixed(0)} ms (${Math.min(...times[name]).toFixed(0)}–${Math.max(...times[name]).toFixed(0)}), ${(median(times[name]) / median(times.docker)).toFixed(2)}× docker images`;
		console.log(`\nfirst frame at ${count} images, ${rounds} alternating rounds (median, range)`);
		console.log(`docker images ${median(times.docker).toFixed(0)} ms (${Math.min(...times.docker).toFixed(0)}–${Math.max(...times.docker).toFixed(0)})`);
		console.log(`this          ${line('this')}`);
		console.log(`other         ${line('other')}`);
		console.log(`this / other  ${(median(times.this) / median(times.other)).toFixed(2)}×`);
	}
}

const engine = await startEngine(path.join(here, '.cache', 'engine-10k'));
const samples = {this: {}, other: {}};
// Peak RSS (VmHWM, decimal MB) after each run's keys, as the list bench reads it.
const peaks = {this: [], other: []};
try {
	await ensureDataset(engine, count, message => console.log(`bench: ${message}`));
	for (let round = 0; round < rounds; round++) {
		// Alternate which goes first, so neither always gets the warmer machine.
		for (const name of round % 2 === 0 ? ['this', 'other'] : ['other', 'this']) {
			const {latencies, vmHwmKb} = await driveStowage(engine.host, count, groups, builds[name]);
			for (const [key, values] of Object.entries(latencies)) (samples[name][key] ??= []).push(...values);
			peaks[name].push(vmHwmKb * 1024 / 1e6);
		}
	}
} finally {
	await engine.stop();
}

console.log(`\nkey → next frame at ${count} images, ${rounds} alternating runs each (median / p95, ms)\n`);
for (const key of Object.keys(samples.this)) {
	const line = name => `${median(samples[name][key]).toFixed(1)} / ${p95(samples[name][key]).toFixed(1)}`;
	console.log(`${key.padEnd(10)} this ${line('this').padEnd(14)} other ${line('other').padEnd(14)} ratio ${(median(samples.this[key]) / median(samples.other[key])).toFixed(2)}×`);
}
console.log(`peak RSS   this ${peaks.this.map(mb => mb.toFixed(1)).join(', ')} MB   other ${peaks.other.map(mb => mb.toFixed(1)).join(', ')} MB`);
