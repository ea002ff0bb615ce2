// `stowage diff A docker://REGISTRY/B` (the registry side read from the registry, its
// layers shared with A never downloaded) against the local `stowage diff A B` of the
// same pair and `docker save` of both, in the same run, three rounds each, interleaved.
// The pair: four shared layers of 30 MB (600 files of 50 kB, random bytes), then A adds
// 10 MB of files, B rewrites 10% of the shared files (same sizes) and adds 10 MB.
// Alone: `node scripts/build.mjs && node --import tsx bench/regdiff.ts` (not in run.mjs).
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {docker} from '../test/bed/docker-cli.mjs';
import {startRegistry} from '../test/bed/registry.mjs';
import {layerTar, legacyArchive, type TarItem} from '../test/helpers/image-tar.ts';
import {basicAuthorize, Pusher} from '../test/helpers/registry-fixtures.ts';
import {startEngine} from './engine.mjs';
import {measured} from './scan.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const rounds = 3;
const fileBytes = 50_000;
const filesPerLayer = 600;
const sharedLayers = 4;
const files = (prefix: string, count: number): TarItem[] => [{name: `${prefix}/`, type: 'directory'}, ...Array.from({length: count}, (_, index) => ({name: `${prefix}/f${index}`, content: randomBytes(fileBytes)}))];

const work = mkdtempSync('/tmp/stowage-bench-regdiff-');
const engine = await startEngine(path.join(work, 'engine'));
const registry = await startRegistry({users: {bench: 'bench'}, accessLog: true});
try {
	const shared = [];
	for (let layer = 0; layer < sharedLayers; layer++) {
		shared.push(await layerTar(files(`data/d${layer}`, filesPerLayer)));
	}

	const topA = await layerTar(files('a', 200));
	// 10% of the shared files rewritten, the same names and sizes: content changes to hash.
	const rewritten: TarItem[] = [];
	for (let layer = 0; layer < sharedLayers; layer++) {
		rewritten.push({name: `data/d${layer}/`, type: 'directory'}, ...Array.from({length: filesPerLayer / 10}, (_, index) => ({name: `data/d${layer}/f${index}`, content: randomBytes(fileBytes)})));
	}

	const topB = await layerTar([...rewritten, ...files('b', 200)]);
	const history = (count: number) => Array.from({length: count}, (_, index) => ({created_by: `/bin/sh -c #(nop) ADD file:${index} in /`}));
	for (const [name, layers] of [['bench/regdiff-a:1', [...shared, topA]], ['bench/regdiff-b:1', [...shared, topB]]] as const) {
		const file = path.join(work, 'image.tar');
		writeFileSync(file, await legacyArchive(layers, history(layers.length), name));
		const loaded = await docker(['load', '-i', file], {host: engine.host});
		if (loaded.code !== 0) {
			throw new Error(loaded.stderr);
		}
	}

	const pusher = new Pusher(registry.port, basicAuthorize('bench', 'bench'));
	await pusher.image('bench/a', '1', {tars: [...shared, topA]});
	await pusher.image('bench/b', '1', {tars: [...shared, topB]});
	const config = path.join(work, 'docker-config');
	mkdirSync(config);
	writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {[registry.host]: {auth: Buffer.from('bench:bench').toString('base64')}}}));
	process.env.DOCKER_CONFIG = config;
	const remoteA = `docker://${registry.host}/bench/a:1`;
	const remoteB = `docker://${registry.host}/bench/b:1`;
	const report = path.join(work, 'diff.json');
	const rows: Record<string, Array<{wallMs: number; maxRssKb: number}>> = {save: [], local: [], registry: [], both: []};
	const summaries: Record<string, unknown> = {};
	const timed = async (row: string, args: string[]) => {
		const result = await measured(args, args[0] === 'docker' ? '/dev/null' : report, engine.host, work);
		if (args[0] !== 'docker') {
			summaries[row] = (JSON.parse(readFileSync(report, 'utf8')) as {summary: unknown}).summary;
		}

		return result;
	};

	// Warm: the engine's and the registry's files in the page cache for everyone.
	await timed('local', [cli, 'diff', 'bench/regdiff-a:1', 'bench/regdiff-b:1', '--json']);
	await timed('both', [cli, 'diff', remoteA, remoteB, '--json']);
	for (let round = 0; round < rounds; round++) {
		const a = await timed('save', ['docker', 'save', 'bench/regdiff-a:1']);
		const b = await timed('save', ['docker', 'save', 'bench/regdiff-b:1']);
		rows.save!.push({wallMs: a.wallMs + b.wallMs, maxRssKb: Math.max(a.maxRssKb, b.maxRssKb)});
		rows.local!.push(await timed('local', [cli, 'diff', 'bench/regdiff-a:1', 'bench/regdiff-b:1', '--json']));
		rows.registry!.push(await timed('registry', [cli, 'diff', 'bench/regdiff-a:1', remoteB, '--json']));
		rows.both!.push(await timed('both', [cli, 'diff', remoteA, remoteB, '--json']));
	}

	// STOWAGE_BENCH_PROFILE=DIR: one more registry compare under --cpu-prof, its profile in DIR.
	const profile = process.env.STOWAGE_BENCH_PROFILE;
	if (profile) {
		await measured([process.execPath, '--cpu-prof', `--cpu-prof-dir=${profile}`, cli, 'diff', 'bench/regdiff-a:1', remoteB, '--json'], report, engine.host, work);
	}

	const range = (values: number[]) => `${(Math.min(...values) / 1000).toFixed(2)}–${(Math.max(...values) / 1000).toFixed(2)} s`;
	const label: Record<string, string> = {
		save: 'docker save A; docker save B',
		local: 'stowage diff A B (both local)',
		registry: 'stowage diff A docker://…/B',
		both: 'stowage diff docker://…/A docker://…/B',
	};
	console.log(`\nA and B: ${sharedLayers} shared layers of ${(fileBytes * filesPerLayer / 1e6).toFixed(0)} MB, then 10 MB each; B rewrites 10% of the shared files · ${rounds} rounds\n`);
	for (const [row, runs] of Object.entries(rows)) {
		console.log(`  ${label[row]!.padEnd(42)} ${range(runs.map(run => run.wallMs))}  (${runs.map(run => (run.wallMs / 1000).toFixed(2)).join(', ')}), peak RSS ${(Math.max(...runs.map(run => run.maxRssKb)) / 1024).toFixed(0)} MiB`);
	}

	console.log(`\n  summaries the same: ${JSON.stringify(summaries.local) === JSON.stringify(summaries.registry) && JSON.stringify(summaries.local) === JSON.stringify(summaries.both)} ${JSON.stringify(summaries.registry)}`);
	const gets = () => [...readFileSync(registry.log, 'utf8').matchAll(/"GET \/v2\/bench\/\w+\/blobs\/sha256:\w+ HTTP\/1\.1" 200/g)].length;
	for (const [row, args] of [['registry', [cli, 'diff', 'bench/regdiff-a:1', remoteB, '--json']], ['both', [cli, 'diff', remoteA, remoteB, '--json']]] as const) {
		const before = gets();
		await timed(row, [...args]);
		console.log(`  ${label[row]}: ${gets() - before} blob GETs (of ${sharedLayers + 2} blobs in B, ${2 * (sharedLayers + 2)} in A and B)`);
	}
} finally {
	await docker(['rmi', 'bench/regdiff-a:1', 'bench/regdiff-b:1'], {host: engine.host});
	await engine.stop();
	await registry.stop();
	rmSync(work, {recursive: true, force: true});
}
