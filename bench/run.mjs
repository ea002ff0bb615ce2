// `npm run bench`: stowage against `docker images` at 1,000, 10,000 and 50,000 images (first frame,
// `stowage ls`, peak RSS and keys at 10,000 and 50,000), each dataset in its own engine whose data-root is cached in bench/.cache;
// then push, save and load against the docker CLI (io.mjs), in a third engine;
// then the SSH transports (ssh.mjs); then key latency during an event storm (storm.mjs);
// then the registry client beside skopeo (registry.mjs) and its browser's keys while tags stream in (registry-keys.mjs);
// and, when asked for, a soak of events and jobs (soak.mjs).
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ensurePrereqs} from '../test/bed/prereqs.mjs';
import {ensureDataset} from './dataset.mjs';
import {measureIo} from './io.mjs';
import {measureScan} from './scan.mjs';
import {measureDiff, printDiffReport} from './diff.mjs';
import {startEngine} from './engine.mjs';
import {driveStowage, median, p95, timeApiList, timeCommand} from './measure.mjs';
import {printReport} from './report.mjs';
import {measureSsh, reportSsh} from './ssh.mjs';
import {measureStorm, reportStorm} from './storm.mjs';
import {measureRegistry, reportRegistry} from './registry.mjs';
import {measureRegistryKeys, reportRegistryKeys} from './registry-keys.mjs';
import {measureSoak, reportSoak, soakMinutes} from './soak.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(here, '.cache');
const runs = 5;
const log = message => console.log(`bench: ${message}`);

const datasets = [
	{count: 1000, dataRoot: path.join(cache, 'engine-1k')},
	{count: 10_000, dataRoot: path.join(cache, 'engine-10k'), keys: true},
	{count: 50_000, dataRoot: path.join(cache, 'engine-50k'), keys: true},
];

/** `npm run bench -- datasets`: only build (or check) the cached datasets. */
async function buildDataset({count, dataRoot}) {
	const engine = await startEngine(dataRoot);
	try {
		log(`${count} images: cached in ${path.relative(process.cwd(), dataRoot)} (the first build takes ~10 s here at 50,000)`);
		const made = await ensureDataset(engine, count, message => log(message));
		log(made.created ? `${count} images: created ${made.created} images in ${made.seconds.toFixed(1)} s` : `${count} images: dataset cached`);
	} finally {
		await engine.stop();
	}
}

const down = '\u001B[B';
const pageDown = '\u001B[6~';
const filterText = 'bench/img-0';
const filterRounds = 8;

function keyGroups() {
	const groups = [
		{name: 'down', keys: Array(100).fill(down), measure: true},
		{name: 'pageDown', keys: Array(50).fill(pageDown), measure: true},
	];
	// Every key of a filter round counts: `/` opens it, each character re-filters, Esc clears.
	for (let round = 0; round < filterRounds; round++) {
		groups.push({name: 'filter', keys: ['/', ...filterText, '\u001B'], measure: true});
	}
	return groups;
}

// The load average would count our own previous run: sample the CPUs instead, for one second.
async function cpuBusy() {
	const sample = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
	const before = sample();
	await new Promise(resolve => setTimeout(resolve, 1000));
	const delta = sample().map((value, i) => value - before[i]);
	const total = delta.reduce((sum, value) => sum + value, 0);
	// Fields 4 and 5 are idle and iowait.
	return total ? 1 - (delta[3] + delta[4]) / total : 0;
}

// One warm-up run first: the first call after an engine starts pays for cold caches.
async function repeat(fn) {
	await fn();
	const values = [];
	for (let i = 0; i < runs; i++) values.push(await fn());
	return values;
}

async function measureDataset({count, dataRoot, keys}) {
	const result = {count};
	let started = performance.now();
	const engine = await startEngine(dataRoot);
	result.engineStartMs = performance.now() - started;
	try {
		log(`${count} images: engine up in ${(result.engineStartMs / 1000).toFixed(1)} s (data-root ${path.relative(process.cwd(), dataRoot)})`);
		result.dataset = await ensureDataset(engine, count, message => log(message));
		log(result.dataset.created ? `created ${result.dataset.created} images in ${result.dataset.seconds.toFixed(1)} s` : 'dataset cached');

		const listed = await repeat(() => timeCommand('docker', ['images'], engine.host));
		// Anything else in the data-root would change both lists and the `Images N` stowage shows.
		if (listed[0].lines !== count + 1) throw new Error(`bench: docker images lists ${listed[0].lines - 1} images, expected ${count}; delete ${dataRoot} to rebuild it`);
		result.dockerImagesMs = listed.map(run => run.ms);
		result.apiListMs = await repeat(() => timeApiList(engine.socketPath));
		const ls = await repeat(() => timeCommand(path.join(here, '..', 'dist', 'cli.js'), ['ls'], engine.host));
		result.stowageLsMs = ls.map(run => run.ms);
		if (ls[0].lines !== count + 1) throw new Error(`stowage ls printed ${ls[0].lines} lines, expected ${count + 1}`);
		result.firstFrameMs = (await repeat(() => driveStowage(engine.host, count))).map(run => run.firstFrameMs);
		log(`${count} images: docker images ${median(result.dockerImagesMs).toFixed(0)} ms, stowage first frame ${median(result.firstFrameMs).toFixed(0)} ms`);

		if (keys) {
			started = performance.now();
			const driven = await driveStowage(engine.host, count, keyGroups());
			result.keys = Object.fromEntries(Object.entries(driven.latencies).map(([name, samples]) => [name, {samples, median: median(samples), p95: p95(samples), missed: driven.missed[name] ?? 0}]));
			// Decimal MB, the stricter reading of the target (VmHWM counts KiB).
			result.vmHwmMb = driven.vmHwmKb * 1024 / 1e6;
			log(`${count} images: keystroke runs took ${((performance.now() - started) / 1000).toFixed(1)} s`);
		}
	} finally {
		await engine.stop();
	}
	return result;
}

const began = performance.now();
ensurePrereqs();
if (!existsSync(path.join(here, '..', 'dist', 'cli.js'))) throw new Error('bench: dist/cli.js is missing; run `npm run bench`, which builds first');
mkdirSync(cache, {recursive: true});

const results = {
	startedAt: new Date().toISOString(),
	machine: {cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, kernel: os.release()},
	terminal: '120x40',
	// Other work on these 2 cores moves every number here: say how busy they were.
	busyBefore: await cpuBusy(),
	datasets: {},
};
// `npm run bench -- lists scan` runs just those parts (datasets, lists, io, ssh, scan, diff, storm, soak, registry); no argument
// runs all but the soak, which takes 20 minutes (`-- soak --minutes 5` for a shorter one).
const args = process.argv.slice(2);
const minutes = soakMinutes(args);
const withValue = ['--minutes', '--counts'];
const parts = args.filter((arg, i) => !withValue.includes(arg) && !withValue.includes(args[i - 1]));
// `--counts 1000,10000`: only those datasets (the 50,000 one takes minutes a run).
const countsAt = args.indexOf('--counts');
const counts = countsAt === -1 ? undefined : args[countsAt + 1]?.split(',').map(Number);
if (counts && counts.some(count => !datasets.some(dataset => dataset.count === count))) throw new Error(`bench: --counts takes some of ${datasets.map(dataset => dataset.count).join(',')}`);
const chosen = datasets.filter(dataset => !counts || counts.includes(dataset.count));
const known = ['datasets', 'lists', 'io', 'ssh', 'scan', 'diff', 'storm', 'soak', 'registry'];
const unknown = parts.filter(part => !known.includes(part));
if (unknown.length > 0) throw new Error(`bench: unknown part ${unknown.join(', ')}; the parts are ${known.join(', ')}`);
const wanted = part => (parts.length === 0 ? part !== 'soak' : parts.includes(part));
if (parts.includes('datasets')) {
	for (const dataset of chosen) await buildDataset(dataset);
}
if (wanted('lists')) {
	for (const dataset of chosen) {
		results.datasets[dataset.count] = await measureDataset(dataset);
	}
}
/** One part after the lists: a failure is reported as a failed check and costs none of the other parts. */
async function section(key, what, measure) {
	const started = performance.now();
	try {
		results[key] = await measure(log);
		log(`${what} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
	} catch (error) {
		console.error(error);
		results[key] = {error: error instanceof Error ? error.message.split('\n')[0] : String(error)};
		process.exitCode = 1;
	}
}

if (wanted('io')) await section('io', 'push/save/load', measureIo);
if (wanted('ssh')) await section('ssh', 'ssh transports', measureSsh);
if (wanted('scan')) await section('scan', 'deep scan', measureScan);
if (wanted('diff')) await section('diff', 'image comparison', measureDiff);
if (wanted('storm')) await section('storm', 'event storm', measureStorm);
if (wanted('registry')) await section('registry', 'registry client beside skopeo', measureRegistry);
if (wanted('registry')) await section('registryKeys', 'registry keys while tags stream in', measureRegistryKeys);
if (wanted('soak')) await section('soak', 'soak', log => measureSoak(log, minutes));
results.totalSeconds = (performance.now() - began) / 1000;
const ran = ['lists', 'io', 'scan'].filter(part => wanted(part));
results.checks = [...printReport(results, ran), ...(wanted('ssh') ? reportSsh(results.ssh) : []), ...(wanted('diff') ? printDiffReport(results.diff) : []), ...(wanted('storm') ? reportStorm(results.storm) : []), ...(wanted('registry') && Array.isArray(results.registry) ? reportRegistry(results.registry) : []), ...(wanted('registry') ? reportRegistryKeys(results.registryKeys) : []), ...(wanted('soak') ? reportSoak(results.soak) : [])];
const file = path.join(cache, 'last-results.json');
writeFileSync(file, JSON.stringify(results, null, '\t') + '\n');
log(`results in ${path.relative(process.cwd(), file)}; whole run ${results.totalSeconds.toFixed(0)} s`);
