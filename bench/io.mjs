// Push, save and load: stowage's engine code against the docker CLI on the same
// images in the same engine (data-root bench/.cache/engine-io, images from
// io-dataset.mjs). Push: CPU time of the client process, each push into a fresh
// registry so that both send every layer. Save and load of ~1 GB: wall time, and
// stowage's peak RSS, which must not grow with the archive.
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {docker} from '../test/bed/docker-cli.mjs';
import {startRegistry} from '../test/bed/registry.mjs';
import {BIG_IMAGE, BIG_LAYER_BYTES, BIG_LAYERS, ensureIoImages, PUSH_IMAGE, PUSH_LAYER_BYTES, PUSH_LAYERS} from './io-dataset.mjs';
import {startEngine} from './engine.mjs';
import {median} from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const cache = path.join(here, '.cache');
const bundleDir = path.join(cache, 'stowage-io');
const rusage = path.join(here, 'rusage.py');

export const PUSH_ROUNDS = 5;
export const SAVE_LOAD_ROUNDS = 3;
export const MIN_FREE_BYTES = 5e9;
const rssSampleMs = 50;
const user = {name: 'bench', password: 'bench-secret'};

/** Free bytes (for an unprivileged user: bavail) on the filesystem holding `dir`. */
export function freeBytes(dir) {
	const stats = statfsSync(dir);
	return stats.bavail * stats.bsize;
}

// The UI's own heap flags, from dist/cli.js's shebang, so the child's GC behaves as the app's.
function cliNodeFlags() {
	const shebang = readFileSync(path.join(root, 'dist', 'cli.js'), 'utf8').split('\n')[0];
	return shebang.split(/\s+/).filter(word => word.startsWith('--'));
}

function bundle() {
	rmSync(bundleDir, {recursive: true, force: true});
	const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), path.join(here, 'stowage-io.ts'), bundleDir], {encoding: 'utf8'});
	if (built.status !== 0) throw new Error(`bench: bundling bench/stowage-io.ts failed:\n${built.stdout}${built.stderr}`);
	return path.join(bundleDir, 'stowage-io.js');
}

// Dirty pages of the previous step (a 1 GB tar, a loaded image, a registry's blobs)
// would otherwise be written back during the next one and slow whichever runs second.
function settle() {
	spawnSync('sync');
}

function cliEnv(host, dockerConfig) {
	const env = {...process.env, DOCKER_HOST: host, DOCKER_CONFIG: dockerConfig};
	delete env.DOCKER_CONTEXT;
	return env;
}

function collect(child) {
	const out = [];
	const err = [];
	child.stdout.on('data', chunk => out.push(chunk));
	child.stderr.on('data', chunk => err.push(chunk));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')}));
	});
}

/** The docker CLI under rusage.py: {code, stdout, stderr, wallMs, cpuMs, userMs, systemMs, maxRssKb}. */
async function timedCli(args, env, work) {
	const out = path.join(work, `rusage-${process.hrtime.bigint()}.json`);
	settle();
	const result = await collect(spawn('python3', [rusage, out, 'docker', ...args], {env, stdio: ['ignore', 'pipe', 'pipe']}));
	if (result.code !== 0) throw new Error(`bench: docker ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
	const usage = JSON.parse(readFileSync(out, 'utf8'));
	rmSync(out, {force: true});
	return {...result, ...usage};
}

function vmRssKb(pid) {
	try {
		const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/** Runs bench/stowage-io.ts (bundled) on one spec; samples its VmRSS every 50 ms from outside. */
async function timedStowage(script, spec, env) {
	settle();
	const child = spawn(process.execPath, [...cliNodeFlags(), script, JSON.stringify(spec)], {env, stdio: ['ignore', 'pipe', 'pipe']});
	const samples = [];
	const timer = setInterval(() => {
		const kb = vmRssKb(child.pid);
		if (kb !== undefined) samples.push(kb);
	}, rssSampleMs);
	let result;
	try {
		result = await collect(child);
	} finally {
		clearInterval(timer);
	}
	let report;
	try {
		report = JSON.parse(result.stdout.trim().split('\n').pop());
	} catch {
		throw new Error(`bench: stowage ${spec.op} exited ${result.code} without a report:\n${result.stdout}${result.stderr}`);
	}
	if (result.code !== 0 || !report.ok) throw new Error(`bench: stowage ${spec.op} failed: ${report.error ?? `exit ${result.code}`}\n${result.stderr}`);
	return {...report, sampledMaxRssKb: Math.max(0, ...samples), rssSamples: samples.length};
}

async function must(host, args) {
	const result = await docker(args, {host});
	if (result.code !== 0) throw new Error(`bench: docker ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
	return result.stdout.trim();
}

const imageIdOf = async (host, ref) => {
	const result = await docker(['image', 'inspect', '--format', '{{.Id}}', ref], {host});
	return result.code === 0 ? result.stdout.trim() : undefined;
};

// Every push goes to a registry of its own: a second push into the same registry,
// even to another repository, would find the blobs there or mount them, and send nothing.
async function withRegistry(work, fn) {
	const registry = await startRegistry({users: {[user.name]: user.password}});
	try {
		const dockerConfig = mkdtempSync(path.join(work, 'docker-config-'));
		const auth = Buffer.from(`${user.name}:${user.password}`).toString('base64');
		writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth}}}), {mode: 0o600});
		return await fn(registry, dockerConfig);
	} finally {
		await registry.stop();
	}
}

const countLines = (text, pattern) => text.split('\n').filter(line => pattern.test(line)).length;

async function pushWithCli(host, work, round) {
	return withRegistry(work, async (registry, dockerConfig) => {
		const ref = `${registry.host}/bench/big-cli:${round}`;
		await must(host, ['tag', PUSH_IMAGE, ref]);
		try {
			// stdout is a pipe, as stowage's child has no terminal either: no progress bars drawn.
			const run = await timedCli(['push', ref], cliEnv(host, dockerConfig), work);
			return {
				wallMs: run.wallMs, cpuMs: run.cpuMs, userMs: run.userMs, systemMs: run.systemMs, maxRssKb: run.maxRssKb,
				pushed: countLines(run.stdout, /: Pushed\s*$/),
				skipped: countLines(run.stdout, /: (Layer already exists|Mounted from)/),
			};
		} finally {
			await must(host, ['rmi', ref]);
		}
	});
}

async function pushWithStowage(host, work, script, round) {
	return withRegistry(work, async (registry, dockerConfig) => {
		const repository = `${registry.host}/bench/big-stowage`;
		const tag = String(round);
		await must(host, ['tag', PUSH_IMAGE, `${repository}:${tag}`]);
		try {
			const run = await timedStowage(script, {op: 'push', host, repository, tag}, cliEnv(host, dockerConfig));
			return {
				wallMs: run.wallMs, cpuMs: run.cpuMs, userMs: run.userMs, systemMs: run.systemMs, processCpuMs: run.processCpuMs, peakKb: run.peakKb, messages: run.messages, threads: run.threads,
				pushed: run.counts.Pushed ?? 0,
				skipped: (run.counts['Layer already exists'] ?? 0) + (run.counts['Mounted from'] ?? 0),
			};
		} finally {
			await must(host, ['rmi', `${repository}:${tag}`]);
		}
	});
}

async function measurePush(host, work, script, log) {
	const layers = (await must(host, ['image', 'inspect', '--format', '{{len .RootFS.Layers}}', PUSH_IMAGE])).trim();
	const result = {image: PUSH_IMAGE, layers: Number(layers), rounds: PUSH_ROUNDS, cli: [], stowage: []};
	// Alternating which goes first evens out whatever the first push of a round pays for.
	for (let round = 1; round <= PUSH_ROUNDS; round++) {
		const order = round % 2 ? ['cli', 'stowage'] : ['stowage', 'cli'];
		for (const who of order) {
			const run = who === 'cli' ? await pushWithCli(host, work, round) : await pushWithStowage(host, work, script, round);
			if (run.pushed !== result.layers || run.skipped !== 0) {
				throw new Error(`bench: ${who} push sent ${run.pushed} of ${result.layers} layers (${run.skipped} skipped): not a full push`);
			}
			result[who].push(run);
			log(`push ${round}/${PUSH_ROUNDS} ${who}: ${run.cpuMs.toFixed(0)} ms CPU, ${(run.wallMs / 1000).toFixed(1)} s wall, ${run.pushed} layers sent`);
		}
	}
	result.cliCpuMs = median(result.cli.map(run => run.cpuMs));
	result.stowageCpuMs = median(result.stowage.map(run => run.cpuMs));
	result.ratio = result.stowageCpuMs / result.cliCpuMs;
	return result;
}

async function measureSaveLoad(host, work, script, originalId, log) {
	const bytes = BIG_LAYERS * BIG_LAYER_BYTES;
	const result = {image: BIG_IMAGE, imageId: originalId, rounds: SAVE_LOAD_ROUNDS, save: {cli: [], stowage: []}, load: {cli: [], stowage: []}};
	const cliFile = path.join(work, 'cli.tar');
	const stowageFile = path.join(work, 'stowage.tar');
	const env = cliEnv(host, mkdtempSync(path.join(work, 'docker-config-')));
	const saveOnce = async who => {
		if (who === 'cli') {
			rmSync(cliFile, {force: true});
			const run = await timedCli(['save', '-o', cliFile, BIG_IMAGE], env, work);
			return {wallMs: run.wallMs, cpuMs: run.cpuMs, userMs: run.userMs, systemMs: run.systemMs, maxRssKb: run.maxRssKb, fileBytes: statSync(cliFile).size};
		}
		rmSync(stowageFile, {force: true});
		const run = await timedStowage(script, {op: 'save', host, image: BIG_IMAGE, file: stowageFile}, env);
		return {wallMs: run.wallMs, cpuMs: run.cpuMs, userMs: run.userMs, systemMs: run.systemMs, rssBeforeKb: run.rssBeforeKb, peakKb: run.peakKb, sampledMaxRssKb: run.sampledMaxRssKb, threads: run.threads, fileBytes: statSync(stowageFile).size};
	};
	const loadOnce = async who => {
		// Gone first, so that the load really imports every layer.
		await must(host, ['rmi', BIG_IMAGE]);
		let run;
		if (who === 'cli') {
			const cli = await timedCli(['load', '-i', cliFile], env, work);
			run = {wallMs: cli.wallMs, cpuMs: cli.cpuMs, userMs: cli.userMs, systemMs: cli.systemMs, maxRssKb: cli.maxRssKb};
		} else {
			const own = await timedStowage(script, {op: 'load', host, file: stowageFile}, env);
			run = {wallMs: own.wallMs, cpuMs: own.cpuMs, userMs: own.userMs, systemMs: own.systemMs, rssBeforeKb: own.rssBeforeKb, peakKb: own.peakKb, sampledMaxRssKb: own.sampledMaxRssKb, threads: own.threads, loaded: own.result};
		}
		const id = await imageIdOf(host, BIG_IMAGE);
		if (id !== originalId) throw new Error(`bench: after ${who} load, ${BIG_IMAGE} is ${id ?? 'missing'}, expected ${originalId}`);
		return run;
	};

	try {
		// One save first, measured by nobody: the first read of the image's layers after the
		// pushes is slow (~30 s once, against ~10 s) and would land on whoever goes first.
		const warm = await collect(spawn('sh', ['-c', 'docker save "$0" > /dev/null', BIG_IMAGE], {env, stdio: ['ignore', 'pipe', 'pipe']}));
		if (warm.code !== 0) throw new Error(`bench: warm-up docker save failed:\n${warm.stderr}`);
		for (let round = 1; round <= SAVE_LOAD_ROUNDS; round++) {
			const order = round % 2 ? ['cli', 'stowage'] : ['stowage', 'cli'];
			for (const who of order) {
				const run = await saveOnce(who);
				result.save[who].push(run);
				log(`save ${round}/${SAVE_LOAD_ROUNDS} ${who}: ${(run.wallMs / 1000).toFixed(2)} s, ${(run.fileBytes / 1e9).toFixed(2)} GB${run.peakKb ? `, peak RSS ${(run.peakKb / 1000).toFixed(0)} MB` : ''}`);
			}
			if (result.save.cli.at(-1).fileBytes !== result.save.stowage.at(-1).fileBytes) {
				throw new Error(`bench: docker save wrote ${result.save.cli.at(-1).fileBytes} bytes, stowage ${result.save.stowage.at(-1).fileBytes}`);
			}
			for (const who of order) {
				const run = await loadOnce(who);
				result.load[who].push(run);
				log(`load ${round}/${SAVE_LOAD_ROUNDS} ${who}: ${(run.wallMs / 1000).toFixed(2)} s${run.peakKb ? `, peak RSS ${(run.peakKb / 1000).toFixed(0)} MB` : ''}, image ID unchanged`);
			}
		}
	} finally {
		// A failed load must not cost the cached image: put it back from whichever tar is whole.
		if (!(await imageIdOf(host, BIG_IMAGE))) {
			for (const file of [cliFile, stowageFile]) {
				if ((await docker(['load', '-i', file], {host})).code === 0) break;
			}
		}
		rmSync(cliFile, {force: true});
		rmSync(stowageFile, {force: true});
	}
	result.archiveBytes = result.save.cli[0]?.fileBytes ?? bytes;
	for (const op of ['save', 'load']) {
		const cli = median(result[op].cli.map(run => run.wallMs));
		const own = median(result[op].stowage.map(run => run.wallMs));
		result[op].cliMs = cli;
		result[op].stowageMs = own;
		result[op].ratio = own / cli;
		result[op].cliCpuMs = median(result[op].cli.map(run => run.cpuMs));
		result[op].stowageCpuMs = median(result[op].stowage.map(run => run.cpuMs));
		// VmHWM of the operation (reset when it starts), in decimal MB.
		result[op].peakMb = Math.max(...result[op].stowage.map(run => run.peakKb)) * 1024 / 1e6;
		result[op].rssBeforeMb = Math.max(...result[op].stowage.map(run => run.rssBeforeKb)) * 1024 / 1e6;
	}
	return result;
}

// A tar left by a run that was killed: 1 GB each.
function removeStaleWork() {
	for (const name of readdirSync(cache)) {
		if (name.startsWith('io-work-')) rmSync(path.join(cache, name), {recursive: true, force: true});
	}
}

/** Everything push/save/load; {skipped: reason} for a section that could not run. */
export async function measureIo(log) {
	mkdirSync(cache, {recursive: true});
	removeStaleWork();
	const result = {};
	const free = freeBytes(cache);
	result.freeBytesBefore = free;
	if (free < MIN_FREE_BYTES) {
		const reason = `only ${(free / 1e9).toFixed(1)} GB free on the filesystem of ${path.relative(process.cwd(), cache)}; push, save and load need > ${MIN_FREE_BYTES / 1e9} GB`;
		log(`SKIPPING push/save/load: ${reason}`);
		return {skipped: reason, freeBytesBefore: free};
	}

	const script = bundle();
	const work = mkdtempSync(path.join(cache, 'io-work-'));
	// However this process ends (short of SIGKILL), the 1 GB tars go with it.
	const cleanup = () => rmSync(work, {recursive: true, force: true});
	process.on('exit', cleanup);
	let started = performance.now();
	const engine = await startEngine(path.join(cache, 'engine-io'));
	try {
		log(`io: engine up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		result.dataset = await ensureIoImages(engine.host, message => log(`io: ${message}`));
		log(result.dataset.built.length ? `io: built ${result.dataset.built.join(', ')} in ${result.dataset.seconds.toFixed(1)} s` : 'io: images cached');

		started = performance.now();
		result.push = await measurePush(engine.host, work, script, message => log(message));
		result.push.layerBytes = PUSH_LAYER_BYTES;
		result.push.imageLayers = PUSH_LAYERS;
		result.push.seconds = (performance.now() - started) / 1000;

		const freeNow = freeBytes(work);
		if (freeNow < MIN_FREE_BYTES) {
			result.saveLoad = {skipped: `only ${(freeNow / 1e9).toFixed(1)} GB free before save/load; they need > ${MIN_FREE_BYTES / 1e9} GB (two 1 GB tars and a reloaded image)`};
			log(`SKIPPING save/load: ${result.saveLoad.skipped}`);
		} else {
			started = performance.now();
			result.saveLoad = await measureSaveLoad(engine.host, work, script, result.dataset.ids[BIG_IMAGE], message => log(message));
			result.saveLoad.seconds = (performance.now() - started) / 1000;
		}
	} finally {
		await engine.stop();
		cleanup();
		process.off('exit', cleanup);
	}
	return result;
}
