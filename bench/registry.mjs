// The registry client beside skopeo (Debian 12's skopeo 1.9, installed here when
// missing), on the same real registries in the same run: listing 1,500 tags,
// inspecting one image, copying a ~300 MB image between two repositories of one
// registry (both mount) and between two registries (every byte crosses; a fresh
// target registry each run, so skopeo's blob cache cannot turn it into a mount).
// stowage is timed as the UI runs it: inside a running process, a new client (cold
// connection, auth from config.json) per run; skopeo is a process run to its end,
// so its time includes its start (~10 ms for a Go binary). The median after one warm-up.
// Part of `npm run bench -- registry`; `node bench/registry.mjs` runs it alone.
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {register} from 'tsx/esm/api';
import {startRegistry} from '../test/bed/registry.mjs';
import {median} from './measure.mjs';
import {table} from './report.mjs';

const runs = 5;
const copyRuns = 3;
const user = 'bench';
const password = 'bench-pass';

function ensureSkopeo() {
	if (spawnSync('skopeo', ['--version']).status === 0) return;
	const installed = spawnSync('apt-get', ['install', '-y', 'skopeo'], {encoding: 'utf8'});
	if (installed.status !== 0) throw new Error(`bench: apt-get install skopeo failed:\n${installed.stderr}`);
}

async function timed(command, args, env) {
	const started = performance.now();
	const result = spawnSync(command, args, {env: {...process.env, ...env}, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	const ms = performance.now() - started;
	if (result.status !== 0) throw new Error(`bench: ${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
	return {ms, stdout: result.stdout};
}

async function inProcess(work) {
	const started = performance.now();
	await work();
	return {ms: performance.now() - started};
}

async function sample(count, make) {
	await make(-1);
	const values = [];
	for (let i = 0; i < count; i++) values.push((await make(i)).ms);
	return values;
}

/** Measures; returns the rows of the report. */
export async function measureRegistry(log = message => console.log(`bench: ${message}`)) {
	ensureSkopeo();
	const unregister = register();
	const {Pusher, basicAuthorize} = await import('../test/helpers/registry-fixtures.ts');
	const {RegistryClient} = await import('../source/engine/registry/client.ts');
	const {copyImage} = await import('../source/engine/registry/copy.ts');
	const {compressedSize} = await import('../source/engine/registry/manifest.ts');
	const work = mkdtempSync('/tmp/stowage-bench-registry-');
	const source = await startRegistry({users: {[user]: password}});
	const targets = [];
	const freshTarget = async () => {
		const made = await startRegistry({users: {[user]: password}});
		targets.push(made);
		return made;
	};
	try {
		const config = path.join(work, 'docker-config');
		mkdirSync(config);
		const auth = Buffer.from(`${user}:${password}`).toString('base64');
		const env = {...process.env, DOCKER_CONFIG: config};
		const writeAuths = () => writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: Object.fromEntries([source, ...targets].map(registry => [registry.host, {auth}]))}));
		writeAuths();
		const client = host => new RegistryClient({registry: host, env});
		const skopeoAuth = ['--creds', `${user}:${password}`, '--tls-verify=false'];

		log('pushing 1,500 tags and a ~300 MB image');
		const pusher = new Pusher(source.port, basicAuthorize(user, password));
		const small = await pusher.image('bench/tags', 't0000', {labels: {bench: 'yes'}});
		await pusher.tags('bench/tags', small, Array.from({length: 1499}, (_, i) => `t${String(i + 1).padStart(4, '0')}`));
		const started = performance.now();
		// Six layers of random base64 (gzip takes a quarter off): ~316 MB of blobs, the bytes a copy moves (the 300 MB).
		await pusher.image('bench/big', 'v1', {layers: [0, 1, 2, 3, 4, 5].map(i => [{name: `blob-${i}`, content: randomBytes(50 * 1024 * 1024).toString('base64')}])});
		log(`pushed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

		const listStowage = await sample(runs, () => inProcess(async () => {
			const remote = client(source.host);
			const tags = await remote.allTags('bench/tags');
			remote.close();
			if (tags.length !== 1500) throw new Error(`bench: stowage listed ${tags.length} tags`);
		}));
		const listSkopeo = await sample(runs, () => timed('skopeo', ['list-tags', ...skopeoAuth, `docker://${source.host}/bench/tags`]));
		let bytes = 0;
		const inspectStowage = await sample(runs, () => inProcess(async () => {
			const remote = client(source.host);
			const manifest = await remote.manifest('bench/big', 'v1');
			await remote.config('bench/big', manifest);
			bytes = compressedSize(manifest);
			remote.close();
		}));
		const inspectSkopeo = await sample(runs, () => timed('skopeo', ['inspect', ...skopeoAuth, `docker://${source.host}/bench/big:v1`]));

		// A new target repository each run, so nothing is skipped as already there.
		let n = 0;
		const copy = async (from, to, repository) => {
			const [a, b] = [client(from.host), from === to ? undefined : client(to.host)];
			await copyImage({client: a, repository: 'bench/big', reference: 'v1'}, {client: b ?? a, repository, reference: 'v1'});
			a.close();
			b?.close();
		};
		const skopeoCopy = (to, repository) => timed('skopeo', ['copy', '-q', '--src-creds', `${user}:${password}`, '--dest-creds', `${user}:${password}`, '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${source.host}/bench/big:v1`, `docker://${to.host}/${repository}:v1`]);
		const mountStowage = await sample(copyRuns, () => inProcess(() => copy(source, source, `bench/mount-s${n++}`)));
		const mountSkopeo = await sample(copyRuns, () => skopeoCopy(source, `bench/mount-k${n++}`));
		const copyStowage = [];
		const copySkopeo = [];
		for (let i = 0; i < copyRuns; i++) {
			// Alternating, each on a registry of its own that has never seen the blobs.
			const forStowage = await freshTarget();
			const forSkopeo = await freshTarget();
			writeAuths();
			copyStowage.push((await inProcess(() => copy(source, forStowage, 'bench/copy'))).ms);
			copySkopeo.push((await skopeoCopy(forSkopeo, 'bench/copy')).ms);
			await Promise.all([forStowage.stop(), forSkopeo.stop()]);
		}

		const size = `${(bytes / 1e6).toFixed(0)} MB`;
		const rows = [
			{name: 'list 1,500 tags', stowage: listStowage, skopeo: listSkopeo, target: 1.0},
			{name: 'inspect one image', stowage: inspectStowage, skopeo: inspectSkopeo, target: 1.0},
			{name: `copy ${size}, same registry (mounts)`, stowage: mountStowage, skopeo: mountSkopeo, target: 1.1},
			{name: `copy ${size}, registry to registry`, stowage: copyStowage, skopeo: copySkopeo, target: 1.1},
		];
		return rows.map(row => ({...row, ratio: median(row.stowage) / median(row.skopeo)}));
	} finally {
		await Promise.all([source.stop(), ...targets.map(made => made.stop())]);
		rmSync(work, {recursive: true, force: true});
		await unregister();
	}
}

export function reportRegistry(rows) {
	const lines = rows.map(row => [row.name, `${median(row.stowage).toFixed(0)} ms`, `${median(row.skopeo).toFixed(0)} ms`, `${row.ratio.toFixed(2)}×`, `≤ ${row.target.toFixed(1)}×`, row.ratio <= row.target ? 'PASS' : 'FAIL']);
	console.log(`\nRegistry client beside skopeo (median wall time; stowage in its process as the UI, skopeo a process; ${runs} runs, copies ${copyRuns})\n\n${table([['', 'stowage', 'skopeo', 'ratio', 'target', ''], ...lines])}\n`);
	return rows.map(row => ({name: `registry: ${row.name}`, pass: row.ratio <= row.target}));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const checks = reportRegistry(await measureRegistry());
	process.exitCode = checks.every(check => check.pass) ? 0 : 1;
}
