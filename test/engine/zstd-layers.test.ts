// zstd layers as an engine writes them: buildx with compression=zstd on the
// containerd image store (Docker 25+ saves the layers as they are stored). The
// scan reads them as it reads gzip, and the comparison with the same content
// built gzip-compressed finds no difference.
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {diffImages} from '../../source/analysis/image-diff.ts';
import {scanEngineImage} from '../../source/analysis/scan-image.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {docker} from '../bed/docker-cli.mjs';
import {findBuildx, multiPlatformUnsupported} from '../bed/multi-platform-fixture.mjs';
import {testHost} from '../helpers/test-engine.ts';
import {untar} from '../helpers/image-tar.ts';
import {withTestEngine} from './own-images.ts';

const ZSTD = 'stowage-zstd/zstd:1';
const GZIP = 'stowage-zstd/gzip:1';
const work = mkdtempSync('/tmp/stowage-zstd-');
let engine: Engine;
withTestEngine([ZSTD, GZIP], each => {
	engine = each;
}, work);
const never = new AbortController().signal;
const why = await multiPlatformUnsupported(testHost());

async function build(name: string, compression: string) {
	const config = path.join(work, 'config');
	if (!existsSync(config)) {
		mkdirSync(path.join(config, 'cli-plugins'), {recursive: true});
		symlinkSync(findBuildx()!, path.join(config, 'cli-plugins/docker-buildx'));
	}

	const context = path.join(work, 'context');
	mkdirSync(context, {recursive: true});
	writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY a.txt /a.txt\nCOPY data /data\n');
	writeFileSync(path.join(context, 'a.txt'), 'zstd or gzip\n'.repeat(1000));
	mkdirSync(path.join(context, 'data'), {recursive: true});
	writeFileSync(path.join(context, 'data', 'b.bin'), Buffer.alloc(40_000, 'b'));
	const built = await docker(['buildx', 'build', '--output', `type=image,name=${name},compression=${compression},force-compression=true,oci-mediatypes=true`, context], {env: {DOCKER_CONFIG: config}});
	assert.equal(built.code, 0, built.stderr);
}

test('a buildx image with zstd layers: saved as +zstd, scanned with exact sizes, the same files as its gzip twin', {skip: why ? `needs buildx and the containerd store: ${why}` : false}, async () => {
	await build(ZSTD, 'zstd');
	const chunks: Buffer[] = [];
	for await (const chunk of await engine.exportImage(ZSTD, never)) {
		chunks.push(chunk as Buffer);
	}

	const files = await untar(Buffer.concat(chunks));
	const manifests = [...files.values()].map(body => body.toString('utf8')).filter(text => text.includes('"layers"'));
	assert.ok(manifests.some(text => text.includes('application/vnd.oci.image.layer.v1.tar+zstd')), 'the save holds zstd layers');
	const zstd = await scanEngineImage(engine, ZSTD, () => {}, never, undefined, undefined, {details: true});
	assert.deepEqual(zstd.errors, []);
	assert.deepEqual(zstd.layers.map(layer => layer.size), [13_000, 40_000]);
	await build(GZIP, 'gzip');
	const gzip = await scanEngineImage(engine, GZIP, () => {}, never, undefined, undefined, {details: true});
	assert.equal(diffImages({final: gzip.final, diffIds: gzip.config.diffIds}, {final: zstd.final, diffIds: zstd.config.diffIds}).root.changes, 0);
});
