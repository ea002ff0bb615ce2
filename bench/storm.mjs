// `npm run bench -- storm`: key latency at 10,000 images during a bounded event
// storm (waves of 300 tags then 300 untags, 24 requests in flight, a pause between
// waves), beside the same keys at rest; and how far the list's count lags behind
// the engine's during the storm. Runnable alone: `node bench/storm.mjs` (after a build).
import {spawn} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {ensureDataset} from './dataset.mjs';
import {startEngine} from './engine.mjs';
import {driveStowage, median, p95} from './measure.mjs';
import {table} from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const count = 10_000;
export const WAVE = 300;
export const PARALLEL = 24;
const pauseMs = 1500;
// The oldest image: its storm tags sort last (by created), below the rows on screen.
const source = 'bench/img-00000:latest';
const down = '\u001B[B';
const pageDown = '\u001B[6~';
const filterText = 'bench/img-0';

/** The list bench's keys, each with what its answer looks like on screen. */
export function frameGroups() {
	const groups = [
		{name: 'down', keys: Array(100).fill(down), until: Array(100).fill({move: true})},
		{name: 'pageDown', keys: Array(50).fill(pageDown), until: Array(50).fill({move: true})},
	];
	for (let round = 0; round < 8; round++) {
		const keys = ['/', ...filterText, '\u001B'];
		// `/` opens an empty filter, which the title does not show: its answer is the field on the status line.
		const until = keys.map((_, i) => (i === 0 ? {prompt: true} : {filter: i === keys.length - 1 ? null : filterText.slice(0, i)}));
		groups.push({name: 'filter', keys, until});
	}
	return groups;
}

function childEnv(host) {
	const env = {...process.env, DOCKER_HOST: host, TERM: 'xterm-256color'};
	for (const name of ['CI', 'DOCKER_CONTEXT', 'NO_COLOR', 'FORCE_COLOR']) delete env[name];
	return env;
}

const clock = () => Number(process.hrtime.bigint()) / 1e9;

function request(agent, socketPath, method, urlPath) {
	return new Promise((resolve, reject) => {
		const req = http.request({agent, socketPath, method, path: urlPath}, res => {
			res.resume();
			res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(`${method} ${urlPath}: ${res.statusCode}`))));
		});
		req.on('error', reject);
		req.end();
	});
}

/** `ops(i)` for i < WAVE, PARALLEL at a time; each completion logged as [clock, delta]. */
async function pool(ops, log, delta) {
	let next = 0;
	const worker = async () => {
		while (next < WAVE) {
			const i = next++;
			await ops(i);
			log.push([clock(), delta]);
		}
	};
	await Promise.all(Array.from({length: PARALLEL}, worker));
}

/** Waves until `stop()` says so; returns the op log ([clock, +1 | -1] in completion order). */
export async function storm(socketPath, stop) {
	const agent = new http.Agent({keepAlive: true, maxSockets: PARALLEL});
	const log = [];
	const waves = [];
	const lists = [];
	const began = clock();
	try {
		for (let wave = 0; !stop(); wave++) {
			const began = clock();
			const tags = pool(i => request(agent, socketPath, 'POST', `/images/${encodeURIComponent(source)}/tag?repo=storm/t-${i}&tag=latest`), log, 1);
			// What `docker images` costs the engine meanwhile, beside the list's lag.
			lists.push(await timedList(socketPath));
			await tags;
			await new Promise(resolve => setTimeout(resolve, pauseMs));
			const untags = pool(i => request(agent, socketPath, 'DELETE', `/images/${encodeURIComponent(`storm/t-${i}:latest`)}`), log, -1);
			lists.push(await timedList(socketPath));
			await untags;
			waves.push(clock() - began);
			await new Promise(resolve => setTimeout(resolve, pauseMs));
		}
	} finally {
		agent.destroy();
	}
	return {log, waves, lists, began};
}

function listImages(socketPath) {
	return new Promise((resolve, reject) => {
		http.get({socketPath, path: '/images/json'}, res => {
			const chunks = [];
			res.on('data', chunk => chunks.push(chunk));
			res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
		}).on('error', reject);
	});
}

/** One GET /images/json, read whole: {ms, images}. */
async function timedList(socketPath) {
	const started = performance.now();
	const images = await listImages(socketPath);
	return {ms: performance.now() - started, images: images.length};
}

/**
 * How far behind the engine the list is, at each storm request's answer: the count on
 * screen then is what the engine held some time before; the lag is how long ago that was
 * (0 while the screen is current). The engine's count moves by one per request, so the
 * last moment it equalled the count shown is well defined.
 */
export function lags(log, counts, base, began) {
	const result = [];
	const engine = [[began, base]];
	let engineCount = base;
	for (const [at, delta] of log) {
		engineCount += delta;
		engine.push([at, engineCount]);
		const shown = counts.findLast(([when]) => when <= at)?.[1] ?? base;
		const since = engine.findLast(([, value]) => value === shown)?.[0] ?? began;
		// The engine still holds what is shown: current, not behind.
		result.push(shown === engineCount ? 0 : (at - since) * 1000);
	}
	return result;
}

/** `more`: other pty-frames.py spec fields (patterns, setup, busy, expect), `env` added to the child's. */
export function drive(host, {groups, startFile, onReady, onKeysDone, env = {}, ...more}) {
	const spec = {cmd: [cli], cols: 120, rows: 40, expect: `Images ${count} `, timeoutMs: 30_000, settleMs: 2000, quietMs: 120, gapMs: 400, startFile, groups, quit: 'q', ...more, env: {...childEnv(host), ...env}};
	return new Promise((resolve, reject) => {
		const child = spawn('python3', [path.join(here, 'pty-frames.py'), JSON.stringify(spec)], {stdio: ['ignore', 'pipe', 'pipe']});
		const out = [];
		let err = '';
		child.stdout.on('data', chunk => out.push(chunk));
		child.stderr.on('data', chunk => {
			err += chunk;
			if (err.includes('READY\n') && onReady) {
				const ready = onReady;
				onReady = undefined;
				ready();
			}
			if (err.includes('KEYS\n') && onKeysDone) {
				const done = onKeysDone;
				onKeysDone = undefined;
				done();
			}
		});
		child.on('error', reject);
		child.on('close', code => {
			try {
				const parsed = JSON.parse(Buffer.concat(out).toString());
				if (parsed.error) reject(new Error(`stowage: ${parsed.error}\nlast output: ${JSON.stringify(parsed.screenTail)}`));
				else if (parsed.exitCode !== 0) reject(new Error(`stowage exited ${parsed.exitCode} after q`));
				else resolve(parsed);
			} catch {
				reject(new Error(`pty-frames.py failed (exit ${code}): ${Buffer.concat(out)}${err}`));
			}
		});
	});
}

const summary = latencies => Object.fromEntries(Object.entries(latencies).map(([name, samples]) => [name, {samples: samples.length, median: median(samples), p95: p95(samples)}]));

export async function measureStorm(log = () => {}) {
	const engine = await startEngine(path.join(here, '.cache', 'engine-10k'));
	try {
		await ensureDataset(engine, count, message => log(message));
		// Leftovers of an interrupted run (any storm/ tag) would change the count.
		const agent = new http.Agent({keepAlive: true, maxSockets: PARALLEL});
		const leftovers = (await listImages(engine.socketPath)).flatMap(image => image.RepoTags ?? []).filter(name => name.startsWith('storm/'));
		await Promise.all(leftovers.map(name => request(agent, engine.socketPath, 'DELETE', `/images/${encodeURIComponent(name)}`).catch(() => {})));
		agent.destroy();
		log('storm: keys at rest, as the list bench times them');
		const restList = await driveStowage(engine.host, count, frameGroups().map(({name, keys}) => ({name, keys, measure: true})));
		log('storm: keys at rest, timed by frame');
		const rest = await drive(engine.host, {groups: frameGroups()});
		log(`storm: keys during waves of ${WAVE} tags and ${WAVE} untags, ${PARALLEL} at a time`);
		const startFile = path.join(os.tmpdir(), `stowage-storm-${process.pid}`);
		let keysDone = false;
		let stormRun;
		const during = await drive(engine.host, {
			groups: frameGroups(),
			startFile,
			onReady() {
				stormRun = storm(engine.socketPath, () => keysDone);
				writeFileSync(startFile, '');
			},
			// The storm ends its wave (untagged, and a pause for the list to catch up); pty-frames follows the count until then.
			onKeysDone() {
				keysDone = true;
				void stormRun.finally(() => rmSync(startFile, {force: true}));
			},
		}).finally(() => rmSync(startFile, {force: true}));
		return {rest: summary(restList.latencies), restByFrame: summary(rest.latencies), storm: summary(during.latencies), missed: during.missed, missedKeys: during.missedKeys, restMissed: rest.missed, ...await finishStorm(stormRun, during)};
	} finally {
		await engine.stop();
	}
}

async function finishStorm(stormRun, during) {
	const {log, waves, lists, began} = await stormRun;
	const lag = lags(log, during.counts, count, began);
	return {requests: log.length, waves: waves.length, waveSeconds: median(waves), engineListMs: lists.map(list => list.ms), countChanges: during.counts.length - 1, lagMs: {median: median(lag), p95: p95(lag), max: Math.max(...lag)}};
}

const fmt = value => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'never');

export function printStormReport(storm) {
	if (!storm || storm.error) {
		console.log(`\nevent storm: not measured (${storm?.error ?? 'skipped'})\n`);
		return [{name: 'keys during the storm', value: 'not measured', target: '', pass: false}];
	}

	console.log(`\nkeys at 10,000 images: at rest, and during ${storm.waves} waves of ${WAVE} tags + ${WAVE} untags (${PARALLEL} in flight, ${storm.requests} requests, median wave ${storm.waveSeconds.toFixed(1)} s)\n`);
	const names = Object.keys(storm.storm);
	console.log(table([
		['', 'rest (list bench) median / p95', 'rest (by frame) median / p95', 'storm (by frame) median / p95', 'storm p95 / rest p95'],
		...names.map(name => [name, `${fmt(storm.rest[name].median)} / ${fmt(storm.rest[name].p95)}`, `${fmt(storm.restByFrame[name].median)} / ${fmt(storm.restByFrame[name].p95)}`, `${fmt(storm.storm[name].median)} / ${fmt(storm.storm[name].p95)}`, `${(storm.storm[name].p95 / storm.restByFrame[name].p95).toFixed(2)}×`]),
	]));
	console.log(`\nGET /images/json during the storm (the engine's own list time): ${storm.engineListMs.map(value => fmt(value)).join(', ')}`);
	console.log(`the list's count changed ${storm.countChanges} times on screen; behind the engine during the storm: median ${fmt(storm.lagMs.median)}, p95 ${fmt(storm.lagMs.p95)}, max ${fmt(storm.lagMs.max)}${Object.keys(storm.missed).length > 0 ? `; keys with no answer within 2 s: ${JSON.stringify(storm.missed)} (${JSON.stringify(storm.missedKeys ?? {})})` : ''}`);
	return [
		...names.map(name => ({name: `${name} at rest (median / p95)`, value: `${fmt(storm.rest[name].median)} / ${fmt(storm.rest[name].p95)}`, target: '< 16 ms / < 50 ms', pass: storm.rest[name].median < 16 && storm.rest[name].p95 < 50})),
		...names.map(name => ({name: `${name} during the storm, p95`, value: `${fmt(storm.storm[name].p95)} (${(storm.storm[name].p95 / storm.restByFrame[name].p95).toFixed(2)}× rest)`, target: '< 100 ms', pass: storm.storm[name].p95 < 100 && !storm.missed[name]})),
		{name: 'list behind the engine, max', value: fmt(storm.lagMs.max), target: '< 1 s', pass: storm.lagMs.max < 1000},
	];
}

export function reportStorm(storm) {
	const checks = printStormReport(storm);
	console.log(`\nstorm targets\n\n${table([['', 'measured', 'target', ''], ...checks.map(check => [check.name, check.value, check.target, check.pass ? 'PASS' : 'FAIL'])])}\n`);
	return checks;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const checks = reportStorm(await measureStorm(message => console.log(`bench: ${message}`)));
	process.exitCode = checks.every(check => check.pass) ? 0 : 1;
}
