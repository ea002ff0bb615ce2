// `npm run bench -- registry`, its second half: key latency in the registry browser
// while a repository's tags stream in, beside the same keys at rest (the listing done).
// stowage runs in a pty (pty-frames.py, as the storm bench times keys: a key's answer is
// the first frame that shows what it did). Three listings: 1,500 tags through a loopback
// proxy paced to 2 kB/s (~7 s; straight from the registry they are in before a key can
// land), 20,000 tags straight from a local registry (distribution 2.8 ignores `n` and sends
// them in one ~200 kB answer, in its storage's directory order, which stowage reads as it
// arrives), and the 20,000 through a proxy paced to 12 kB/s (a registry that answers
// slowly: ~15 s). A key counts as typed during the listing when
// the status line said `Esc cancel` then; a listing that has ended is started again (Esc,
// Enter) before the next key. The tags are the same manifest PUT under each name through
// the registry API once; the registry's storage is kept in bench/.cache/registry-tags.tar.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {register} from 'tsx/esm/api';
import {startRegistry} from '../test/bed/registry.mjs';
import {startEngine} from './engine.mjs';
import {median, p95} from './measure.mjs';
import {table} from './report.mjs';
import {drive} from './storm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const cache = path.join(here, '.cache');
const storage = path.join(cache, 'registry-tags.tar');
const user = 'bench';
const password = 'bench-pass';
const sizes = [1500, 20_000];
const pacedBytesPerSecond = 12_000;
const slowerBytesPerSecond = 2000;
const runs = Number(process.env.BENCH_REGISTRY_KEYS_RUNS ?? 3);
const down = '\u001B[B';
const pageDown = '\u001B[6~';
const filterText = '123';

const tagName = i => `t${String(i).padStart(5, '0')}`;
const repository = count => `bench/tags-${count}`;

/**
 * Short groups, so a listing that ended can be started again between them. The filter is
 * typed at a person's pace (150 ms a key, not the 400 ms the moves leave for their history
 * fetch), four times a round: the 20,000 tags straight from the registry are in within
 * ~0.3 s, and at 400 ms a key only the `/` of two rounds landed while they came in.
 */
export function keyGroups() {
	const groups = [];
	for (let round = 0; round < 2; round++) {
		groups.push({name: 'down', keys: Array(10).fill(down), until: Array(10).fill({move: true}), restartEach: true});
		groups.push({name: 'pageDown', keys: Array(4).fill(pageDown), until: Array(4).fill({move: true}), restartEach: true});
		const keys = ['/', ...filterText, '\u001B'];
		for (let typed = 0; typed < 4; typed++) {
			// `/` is answered by the field drawn empty, not by a frame that shows no field (filter '' too).
			groups.push({name: 'filter', keys, gapMs: 150, until: keys.map((_, i) => (i === 0 ? {filter: '', open: true} : {filter: i === keys.length - 1 ? null : filterText.slice(0, i)}))});
		}
	}
	return groups;
}

async function ensureStorage(registry, log) {
	if (existsSync(storage)) {
		const unpacked = spawnSync('tar', ['-C', registry.dir, '-xf', storage]);
		if (unpacked.status === 0) return;
		log(`${storage} did not unpack (${unpacked.stderr}); pushing again`);
	}
	const {Pusher, basicAuthorize} = await import('../test/helpers/registry-fixtures.ts');
	const pusher = new Pusher(registry.port, basicAuthorize(user, password));
	for (const count of sizes) {
		log(`pushing ${count} tags (once; kept in ${path.relative(process.cwd(), storage)})`);
		const image = await pusher.image(repository(count), tagName(0), {labels: {bench: 'yes'}, history: ['/bin/sh -c #(nop) ADD file:0 in /', '/bin/sh -c #(nop)  CMD ["sh"]']});
		await pusher.tags(repository(count), image, Array.from({length: count - 1}, (_, i) => tagName(i + 1)));
	}
	mkdirSync(cache, {recursive: true});
	const packed = spawnSync('tar', ['-C', registry.dir, '-cf', storage, 'data']);
	if (packed.status !== 0) throw new Error(`bench: tar of the registry storage failed: ${packed.stderr}`);
}

const summary = latencies => Object.fromEntries(Object.entries(latencies).map(([name, samples]) => [name, {samples: samples.length, median: median(samples), p95: p95(samples)}]));

function spec(host, registryHost, config, count) {
	const env = {DOCKER_CONFIG: config};
	// The tags' title line counts them; the selected row is inverse behind its ›.
	const patterns = {
		selected: '\\x1b\\[7m\\xe2\\x80\\xba (\\S+)',
		count: `${repository(count)} \\xc2\\xb7 tags (?:\\d+/)?(\\d+)`,
		filter: '\\x1b\\[36m/\\x1b\\[39m([^\\x1b ]*)',
		noFilter: 'sort: name',
	};
	const setup = [['R', 'Browse a registry'], ...[...registryHost].map(char => [char, char]), ['\r', repository(count)]];
	// Down to the repository (sorted by name: bench/tags-1500 first), then into it.
	if (count !== sizes[0]) setup.push([down, `\u203A ${repository(count)}`]);
	// Into the repository; the keys wait for its first page (a ↓ on no rows would do nothing).
	return {env, patterns, setup, enter: ['\r', `re:${repository(count)} \\xc2\\xb7 tags [1-9]`]};
}

async function driveBrowser(engine, registryHost, config, count, during) {
	const {env, patterns, setup, enter} = spec(engine.host, registryHost, config, count);
	const steps = during ? [...setup, enter] : [...setup, enter, ['', `tags ${count}`]];
	const options = {groups: keyGroups(), patterns, setup: steps, env, maxSeconds: 300};
	// STOWAGE_BENCH_CPU_PROF=DIR: each stowage run writes a CPU profile there (node --cpu-prof).
	if (process.env.STOWAGE_BENCH_CPU_PROF) options.cmd = [process.execPath, '--cpu-prof', `--cpu-prof-dir=${process.env.STOWAGE_BENCH_CPU_PROF}`, cli];
	// The status line's Esc hint says whether the listing still runs (cancel) or has ended (back).
	if (during) options.busy = {on: 'Esc cancel', off: 'Esc back', restart: [['\u001B', 'repositories'], enter]};
	return drive(engine.host, {...options, expect: 'Images'});
}

export async function measureRegistryKeys(log = message => console.log(`bench: ${message}`)) {
	const unregister = register();
	const {startPacedTcpProxy} = await import('../test/helpers/paced-proxy.ts');
	const work = mkdtempSync('/tmp/stowage-bench-registry-keys-');
	const engine = await startEngine(path.join(cache, 'engine-registry-keys'));
	const registry = await startRegistry({users: {[user]: password}});
	// Loopback proxies that pace the registry's answers: the 1,500 tags take ~7 s, the 20,000 ~15 s.
	const paced = await startPacedTcpProxy({host: '127.0.0.1', port: registry.port}, pacedBytesPerSecond);
	const slower = await startPacedTcpProxy({host: '127.0.0.1', port: registry.port}, slowerBytesPerSecond);
	try {
		await ensureStorage(registry, log);
		const config = path.join(work, 'docker-config');
		mkdirSync(config);
		const auth = Buffer.from(`${user}:${password}`).toString('base64');
		const pacedHost = `127.0.0.1:${paced.port}`;
		const slowerHost = `127.0.0.1:${slower.port}`;
		writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth}, [pacedHost]: {auth}, [slowerHost]: {auth}}}));
		// Straight from a loopback registry the 1,500 tags (two pages) are in before a key can land: only paced.
		const cases = [
			{name: `1,500 tags, ${slowerBytesPerSecond / 1000} kB/s`, host: slowerHost, count: 1500},
			{name: '20,000 tags', host: registry.host, count: 20_000},
			{name: `20,000 tags, ${pacedBytesPerSecond / 1000} kB/s`, host: pacedHost, count: 20_000},
		];
		const results = [];
		// BENCH_REGISTRY_KEYS_CASES=2,3: only those cases (1-based).
		const only = process.env.BENCH_REGISTRY_KEYS_CASES?.split(',').map(Number);
		for (const each of cases.filter((_, i) => !only || only.includes(i + 1))) {
			const rest = [];
			const during = [];
			for (let run = 0; run < runs; run++) {
				log(`registry keys: ${each.name}, run ${run + 1}: at rest, then while the tags stream in`);
				// A run that fails is reported as such; the others still count.
				const safely = busy => driveBrowser(engine, each.host, config, each.count, busy).catch(error => {
					log(`registry keys: ${each.name} failed: ${error.message.slice(0, 2000)}`);
					return undefined;
				});
				rest.push(await safely(false));
				during.push(await safely(true));
			}
			const summed = one => (one ? {...summary(one.latencies), missed: one.missed, idle: Object.values(one.idle).reduce((sum, samples) => sum + samples.length, 0)} : {missed: {failed: 1}, idle: 0});
			results.push({name: each.name, rest: rest.map(summed), during: during.map(summed)});
		}
		return results;
	} finally {
		await Promise.all([paced.stop(), slower.stop()]);
		await registry.stop();
		await engine.stop();
		rmSync(work, {recursive: true, force: true});
		await unregister();
	}
}

const fmt = value => (Number.isFinite(value) ? value.toFixed(1) : '—');
const range = values => (values.length === 0 ? '—' : `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`);
const names = ['down', 'pageDown', 'filter'];

/** The targets: issue 14's (median < 16 ms, p95 < 50 ms) during the listing, or no worse than 1.5× the same keys at rest. */
export function keyCheck(rest, during) {
	const ok = (value, target, restValue) => value < target || value <= 1.5 * restValue;
	return ok(during.median, 16, rest.median) && ok(during.p95, 50, rest.p95);
}

export function reportRegistryKeys(results) {
	if (!Array.isArray(results)) {
		console.log(`\nregistry keys while tags stream in: not measured (${results?.error ?? 'skipped'})\n`);
		return [{name: 'registry: keys while tags stream in', pass: false}];
	}
	const rows = [];
	const checks = [];
	for (const each of results) {
		for (const name of names) {
			const rest = each.rest.map(run => run[name]).filter(Boolean);
			const during = each.during.map(run => run[name]).filter(Boolean);
			const missed = each.during.reduce((sum, run) => sum + (run.missed[name] ?? 0) + (run.missed.failed ?? 0), 0);
			const pass = during.length === runs && during.every(run => run.samples > 0) && missed === 0 && during.every((run, i) => keyCheck(rest[i] ?? rest[0], run));
			rows.push([`${each.name}: ${name}`, `${range(rest.map(run => run.median))} / ${range(rest.map(run => run.p95))}`, `${range(during.map(run => run.median))} / ${range(during.map(run => run.p95))}`, `${during.reduce((sum, run) => sum + run.samples, 0)}${missed ? ` (${missed} missed)` : ''}`, pass ? 'PASS' : 'FAIL']);
			checks.push({name: `registry keys, ${each.name}: ${name}`, pass});
		}
	}
	console.log(`\nRegistry browser keys while a repository's tags stream in, beside the same keys at rest (ms, median / p95, ranges over ${runs} runs; target: < 16 / < 50 or ≤ 1.5× rest)\n\n${table([['', 'at rest', 'during the listing', 'keys timed during', ''], ...rows])}\n`);
	return checks;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const checks = reportRegistryKeys(await measureRegistryKeys());
	process.exitCode = checks.every(check => check.pass) ? 0 : 1;
}
