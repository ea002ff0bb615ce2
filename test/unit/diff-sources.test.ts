// `stowage diff`'s arguments: a bare reference is an engine image, `docker://` one in
// a registry (skopeo's syntax, Docker Hub's defaults), a bad one a UsageError (exit 2).
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {test} from 'node:test';
import {parseDiffSource} from '../../source/commands/diff-sources.ts';
import {UsageError} from '../../source/engine/endpoint.ts';
import {readBlobFile} from '../../source/analysis/layer-file.ts';
import {readLayerStream} from '../../source/analysis/archive-reader.ts';
import {layerTar} from '../helpers/image-tar.ts';

test('docker:// is a registry image, with Docker Hub\'s defaults; a bare name an engine image', () => {
	assert.deepEqual(parseDiffSource('docker://127.0.0.1:5000/team/app:to'), {kind: 'registry', registry: '127.0.0.1:5000', repository: 'team/app', reference: 'to', name: 'docker://127.0.0.1:5000/team/app:to'});
	assert.deepEqual(parseDiffSource('docker://alpine'), {kind: 'registry', registry: 'docker.io', repository: 'library/alpine', reference: 'latest', name: 'docker://docker.io/library/alpine:latest'});
	const digest = `sha256:${'a'.repeat(64)}`;
	assert.equal(parseDiffSource(`docker://ghcr.io/me/app@${digest}`).kind === 'registry' && (parseDiffSource(`docker://ghcr.io/me/app@${digest}`) as {reference: string}).reference, digest);
	assert.deepEqual(parseDiffSource('app:1'), {kind: 'engine', image: 'app:1', name: 'app:1'});
	assert.equal(parseDiffSource('docker.io/app:1').kind, 'engine', 'without the transport it stays local');
});

test('a reference docker would refuse is a UsageError in its words', () => {
	for (const bad of ['docker://', 'docker://team/UPPER:1', 'docker://app:bad tag', 'UPPER:1']) {
		assert.throws(() => parseDiffSource(bad), (error: unknown) => error instanceof UsageError && /^cannot compare ".*": invalid reference format/.test(error.message), bad);
	}
});

test('one layer blob by itself: its entries (gzip), and one file of it read up to the file', async () => {
	const tar = await layerTar([{name: 'etc/', type: 'directory'}, {name: 'etc/conf', content: 'a=1\n'}, {name: 'big', size: 100_000}, {name: '.wh.gone'}]);
	const {record} = await readLayerStream(Readable.from([gzipSync(tar)]), 'blobs/sha256/x', {details: true});
	assert.deepEqual(record.entries.map(entry => [entry.path, entry.kind]), [['/etc', 'dir'], ['/etc/conf', 'file'], ['/big', 'file'], ['/gone', 'whiteout']]);
	assert.equal(record.compressed, true);
	assert.match(record.entries[1]!.meta!.hash!, /^[a-f0-9]{64}$/);
	const file = await readBlobFile(Readable.from([gzipSync(tar)]), '/etc/conf', {head: 1024, tail: 1024});
	assert.equal(file.head.toString(), 'a=1\n');
	await assert.rejects(readBlobFile(Readable.from([tar]), '/nowhere', {head: 10, tail: 10}), /\/nowhere is not in that layer/);
});
