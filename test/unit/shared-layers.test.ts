// A comparison hashes a layer both images hold once: the second scan to reach it
// takes the hashes from the first after both end. The diff must be the one two
// scans that each hash everything give; a layer that did not read the same twice
// leaves its files different, never equal unseen.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {getNode} from '../../source/analysis/file-tree.ts';
import {diffImages} from '../../source/analysis/image-diff.ts';
import {scanArchive} from '../../source/analysis/image-scan.ts';
import {SharedLayers} from '../../source/analysis/shared-layers.ts';
import type {LayerRecord} from '../../source/analysis/types.ts';
import {diffArchives} from '../helpers/diff-images.ts';

const side = (scan: Awaited<ReturnType<typeof scanArchive>>) => ({final: scan.final, diffIds: scan.config.diffIds});

test('the second scan of a shared layer borrows its hashes; the diff is that of two full scans', async () => {
	const {from, to} = await diffArchives();
	const alone = diffImages(side(await scanArchive(Readable.from([from]), undefined, undefined, {details: true})), side(await scanArchive(Readable.from([to]), undefined, undefined, {details: true})));
	const shared = new SharedLayers();
	const a = await scanArchive(Readable.from([from]), undefined, undefined, {details: true, shared});
	const b = await scanArchive(Readable.from([to]), undefined, undefined, {details: true, shared});
	const fromBase = getNode(b.final, '/bin/same')!.entry!.meta!;
	assert.equal(fromBase.hash, undefined, 'the second scan did not hash the base layer');
	shared.settle();
	assert.equal(fromBase.hash, getNode(a.final, '/bin/same')!.entry!.meta!.hash);
	assert.match(fromBase.hash!, /^[a-f\d]{64}$/);
	assert.deepEqual(diffImages(side(a), side(b)), alone);
	assert.ok(alone.summary.changed.count > 0);
});

test('a shared layer that read differently the second time leaves its files unequal to anything', () => {
	const shared = new SharedLayers();
	const entry = (path: string, hash?: string) => ({path, size: 3, kind: 'file' as const, meta: {mode: 0o644, uid: 0, gid: 0, hash}});
	const owner: LayerRecord = {key: 'k/layer.tar', compressed: false, entries: [entry('/a', 'h1')]};
	const borrower: LayerRecord = {key: 'k/layer.tar', compressed: false, entries: [entry('/a'), entry('/b')]};
	assert.equal(shared.claim(owner), true);
	assert.equal(shared.claim(borrower), false);
	shared.settle();
	assert.deepEqual(borrower.entries.map(each => each.meta?.hash), ['unread:k/layer.tar:0', 'unread:k/layer.tar:1']);
	assert.equal(owner.entries[0]!.meta?.hash, 'h1');
});
