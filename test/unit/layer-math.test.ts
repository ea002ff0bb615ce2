// The waste math and dive's score over layers given as entry lists.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {toLayerEntry} from '../../source/analysis/archive-reader.ts';
import {stackLayers} from '../../source/analysis/layer-math.ts';
import type {LayerEntry} from '../../source/analysis/types.ts';

const file = (name: string, size: number) => toLayerEntry(name, 'file', size)!;
const dir = (name: string) => toLayerEntry(name, 'directory', 0)!;

// Every kind of waste once: an overwrite, a file deleted, a directory deleted, an opaque directory, and a user file deleted.
const wasteLayers: LayerEntry[][] = [
	[dir('etc/'), file('etc/conf', 10), dir('data/'), file('data/big', 1000), dir('build/'), file('build/a', 300), dir('build/b/'), file('build/b/c', 200), file('keep', 5), dir('opq/'), file('opq/old', 70)],
	[dir('etc/'), file('etc/conf', 12), dir('data/'), file('data/.wh.big', 0), file('.wh.build', 0), dir('opq/'), file('opq/.wh..wh..opq', 0), file('opq/new', 40), file('tmpfile', 60)],
	[file('.wh.tmpfile', 0)],
];

test('whiteout names: a file, a directory, an opaque marker, AUFS bookkeeping', () => {
	assert.deepEqual(toLayerEntry('./usr/lib/.wh.libfoo.so', 'file', 0), {path: '/usr/lib/libfoo.so', size: 0, kind: 'whiteout'});
	assert.deepEqual(toLayerEntry('.wh.build', 'file', 0), {path: '/build', size: 0, kind: 'whiteout'});
	assert.deepEqual(toLayerEntry('opq/.wh..wh..opq', 'file', 0), {path: '/opq', size: 0, kind: 'opaque'});
	assert.equal(toLayerEntry('.wh..wh.plnk/123', 'file', 0)?.kind, 'file');
	assert.equal(toLayerEntry('.wh..wh.plnk', 'directory', 0), undefined);
	assert.deepEqual(toLayerEntry('./bin/sh', 'symlink', 0), {path: '/bin/sh', size: 0, kind: 'symlink'});
	assert.equal(toLayerEntry('./', 'directory', 0), undefined);
});

test('wasted bytes: every superseded copy, and whole and opaque directory deletions', () => {
	const stack = stackLayers(wasteLayers);
	assert.equal(stack.totalBytes, 1697);
	assert.equal(stack.finalBytes, 57);
	assert.equal(stack.wastedBytes, 10 + 1000 + 500 + 70 + 60);
	assert.equal(stack.totalBytes, stack.finalBytes + stack.wastedBytes);
	assert.deepEqual(stack.layers.map(layer => layer.wastedBytes), [1580, 60, 0]);
	assert.deepEqual(stack.layers.map(layer => layer.size), [1585, 112, 0]);
	assert.deepEqual(stack.deletions.map(each => [each.path, each.bytes, each.files, each.opaque, each.fromLayer, each.byLayer]), [
		['/data/big', 1000, 1, false, 0, 1],
		['/build', 500, 2, false, 0, 1],
		['/opq', 70, 1, true, 0, 1],
		['/tmpfile', 60, 1, false, 1, 2],
	]);
	assert.deepEqual(stack.overwrites, [{path: '/etc/conf', bytes: 10, layer: 0, byLayer: 1}]);
	const removed = stack.layers[1]!.changes.filter(change => change.kind === 'removed');
	assert.deepEqual(removed.map(change => [change.path, change.size, change.isDir]), [['/data/big', 1000, false], ['/build', 500, true], ['/opq', 70, true]]);
	assert.deepEqual(stack.layers[1]!.changes.filter(change => change.kind === 'modified' && !change.isDir).map(change => change.path), ['/etc/conf']);
});

test('dive\'s score and wasted bytes, as dive computes them', () => {
	const {dive} = stackLayers(wasteLayers);
	// Σ smallest size per path / Σ all sizes per path; a deleted file counts 0, a deleted directory its bytes once.
	assert.equal(dive.efficiency, 1125 / 2197);
	// Every copy, final one included, of each path seen in two layers: /etc/conf, /data/big, /tmpfile.
	assert.equal(dive.wastedBytes, 22 + 1000 + 60);
});

test('a clean image wastes nothing and scores 1 both ways', () => {
	const stack = stackLayers([[file('bin/app', 500)], [file('etc/app.conf', 20)]]);
	assert.equal(stack.wastedBytes, 0);
	assert.equal(stack.dive.efficiency, 1);
	assert.equal(stack.dive.wastedBytes, 0);
});

test('a directory replaced by a file wastes what was under it', () => {
	const stack = stackLayers([[file('x/a', 7), file('x/b', 8)], [file('x', 3)]]);
	assert.equal(stack.wastedBytes, 15);
	assert.equal(stack.finalBytes, 3);
});
