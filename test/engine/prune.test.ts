// Prune against an engine of this file's own: pruning the shared engine would
// take the fixtures (the dangling image, the stopped container) from the other tests.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {docker} from '../bed/docker-cli.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {formatHumanSize} from '../../source/format/size.ts';
import {importImage} from '../helpers/engine-images.ts';
import {onContainerdStore} from '../helpers/engine-matrix.ts';
import {untar} from '../helpers/image-tar.ts';
import {cli} from './own-images.ts';

const used = 'stowage-prune/used:1';
const unused = 'stowage-prune/unused:1';
const app = 'stowage-prune/app:1';

let bed: TestEngine | undefined;
let client: Engine;
let host: string;
const work = mkdtempSync('/tmp/stowage-prune-');
let usedContainer: string;

const on = (args: string[]) => cli(args, {host});
const lines = async (args: string[]) => (await on(args)).split('\n').filter(Boolean);

/** FROM the unused image, COPY of 100 kB of its own: a layer that only this build has. */
async function buildApp(): Promise<string> {
	const context = mkdtempSync(path.join(work, 'ctx-'));
	writeFileSync(path.join(context, 'Dockerfile'), `FROM ${unused}\nCOPY data /data\n`);
	writeFileSync(path.join(context, 'data'), randomBytes(100_000));
	await on(['build', '-q', '-t', app, context]);
	return on(['image', 'inspect', '--format', '{{.Id}}', app]);
}

/** The content blobs (manifests, configs, compressed layers) `docker save` holds for these images, by path. */
async function blobsOf(refs: string[]): Promise<Map<string, number>> {
	const file = path.join(work, 'blobs.tar');
	await on(['save', '-o', file, ...refs]);
	const files = await untar(readFileSync(file));
	return new Map([...files].filter(([name]) => name.startsWith('blobs/')).map(([name, body]) => [name, body.length]));
}

/**
 * What a prune of `gone` frees while `kept` stay. The graph-driver store counts the layers
 * only `gone` has (their uncompressed diffs); the containerd store counts the content blobs
 * only they hold: compressed layers, configs, manifests (its snapshots are not counted).
 */
async function freedBy(gone: string[], kept: string[], layerSize: () => Promise<number>): Promise<number> {
	if (!onContainerdStore()) {
		return layerSize();
	}

	const keptBlobs = await blobsOf(kept);
	return [...(await blobsOf(gone))].filter(([name]) => !keptBlobs.has(name)).reduce((sum, [, size]) => sum + size, 0);
}

before(async () => {
	bed = await startEngine();
	host = bed.host;
	await importImage(host, used);
	await importImage(host, unused);
	usedContainer = await on(['create', '--name', 'stowage-prune-ctr', used, 'true']);
	// Building the tag a second time leaves the first build dangling.
	await buildApp();
	await buildApp();
	client = createDockerEngine(parseHost(host));
	await client.connect();
});

after(async () => {
	client?.close();
	await bed?.stop();
	rmSync(work, {recursive: true, force: true});
});

test('prune dangling: what `docker images -f dangling=true` listed goes, with its layer\'s size', async () => {
	const dangling = await lines(['images', '-q', '--no-trunc', '--filter', 'dangling=true']);
	assert.equal(dangling.length, 1);
	// The COPY layer is the only one the dangling image doesn't share.
	const freed = await freedBy([dangling[0]!], [app, used, unused], async () => Number((await lines(['history', '--human=false', '--format', '{{.Size}}', dangling[0]!]))[0]));

	const result = await client.pruneImages(false);
	assert.ok(result.deleted.includes(dangling[0]!), `${dangling[0]} in ${result.deleted.join(', ')}`);
	assert.equal(result.spaceReclaimed, freed);
	assert.deepEqual(await lines(['images', '-q', '--filter', 'dangling=true']), []);
	assert.deepEqual((await lines(['images', '--format', '{{.Repository}}:{{.Tag}}'])).sort(), [app, used, unused].sort());
});

test('prune all: every unused image goes, the one a stopped container uses stays; `docker system df` foretold the bytes (on the containerd store: the blobs only they held)', async () => {
	const usage = await client.diskUsage();
	const [, reclaimable] = (await lines(['system', 'df', '--format', '{{.Type}}\t{{.Reclaimable}}'])).map(line => line.split('\t')).find(([type]) => type === 'Images')!;
	assert.ok(reclaimable?.startsWith(formatHumanSize(usage.images.reclaimable)), `${reclaimable} vs ${usage.images.reclaimable}`);
	// The containerd store's df counts snapshots and content per image, its prune only the content freed.
	const freed = await freedBy([app, unused], [used], async () => usage.images.reclaimable);

	const result = await client.pruneImages(true);
	assert.equal(result.spaceReclaimed, freed);
	assert.ok(result.deleted.includes(app) && result.deleted.includes(unused), result.deleted.join(', '));
	assert.ok(result.deleted.some(id => id.startsWith('sha256:')));
	assert.deepEqual(await lines(['images', '--format', '{{.Repository}}:{{.Tag}}']), [used]);
});

test('prune containers, volumes, networks and build cache', async () => {
	// An anonymous volume: the only kind volume prune takes from API 1.42 on.
	const withVolume = await on(['create', '-v', '/data', used, 'true']);
	const [volume] = await lines(['inspect', '--format', '{{range .Mounts}}{{.Name}}{{end}}', withVolume]);
	const network = await docker(['network', 'create', 'stowage-prune-net'], {host});

	const containers = await client.pruneContainers();
	assert.deepEqual(containers.deleted.sort(), [usedContainer, withVolume].sort());
	assert.equal(typeof containers.spaceReclaimed, 'number');
	assert.deepEqual(await lines(['ps', '-a', '-q']), []);

	const volumes = await client.pruneVolumes();
	assert.deepEqual(volumes.deleted, [volume]);

	const networks = await client.pruneNetworks();
	// With --bridge=none a network may not be creatable here; if it was, prune takes it.
	assert.deepEqual(networks, network.code === 0 ? ['stowage-prune-net'] : []);

	const cache = await client.pruneBuildCache();
	assert.ok(Array.isArray(cache.deleted) && cache.spaceReclaimed >= 0);
});
