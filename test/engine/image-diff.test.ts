// `stowage diff`'s core against the real engine: two images loaded from archives
// whose exact differences are known, two built by the engine itself (its own
// layer tars, whiteouts and copies-up), and a missing image.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {changedPaths} from '../../source/analysis/image-diff.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {diffCommand, diffReport, DiffScanError, scanPair} from '../../source/commands/diff.ts';
import {BASE} from '../bed/fixture-names.mjs';
import {diffArchives, expectedChanges, expectedSummary, DIFF_FROM, DIFF_TO} from '../helpers/diff-images.ts';
import {buildFromStdin, cli, withTestEngine} from './own-images.ts';

const BUILT_FROM = 'stowage-diff/built-from:1';
const BUILT_TO = 'stowage-diff/built-to:1';
const work = mkdtempSync('/tmp/stowage-diff-');
let engine: Engine;
withTestEngine([DIFF_FROM, DIFF_TO, BUILT_FROM, BUILT_TO], each => {
	engine = each;
}, work);
const never = new AbortController().signal;

async function load(name: string, archive: Buffer) {
	const file = path.join(work, `${name}.tar`);
	writeFileSync(file, archive);
	await cli(['load', '-i', file]);
}

const changes = (report: ReturnType<typeof diffReport>) => [...changedPaths(report.files.root)].map(node => (node.reasons ? [node.path, node.change, node.reasons] : [node.path, node.change])).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));

test('two loaded images: every kind of change, the exact sizes, the shared base layer', async () => {
	const {from, to} = await diffArchives();
	await load('from', from);
	await load('to', to);
	const report = diffReport([DIFF_FROM, DIFF_TO], await scanPair(engine, [DIFF_FROM, DIFF_TO], never));
	assert.deepEqual(changes(report), expectedChanges);
	assert.deepEqual(report.files.summary, expectedSummary);
	assert.deepEqual([report.history.divergeAt, report.history.sharedLayers], [3, 1]);
	assert.deepEqual(report.errors, []);
});

test('two images the engine built: content and mode at once, a file added, a base file deleted, a file the same in both', async () => {
	await buildFromStdin(BUILT_FROM, `FROM ${BASE}\nRUN mkdir -p /srv/cache && printf aaaa > /srv/f && printf x > /srv/cache/one && chmod 644 /srv/f`);
	await buildFromStdin(BUILT_TO, `FROM ${BASE}\nRUN mkdir -p /srv/cache && printf bbbb > /srv/f && printf x > /srv/cache/one && chmod 600 /srv/f && rm /bin/true && dd if=/dev/zero of=/srv/big bs=1000 count=30 2>/dev/null`);
	let output = '';
	assert.equal(await diffCommand(() => engine, {images: [BUILT_FROM, BUILT_TO], json: true}, text => {
		output += text;
	}), 0);
	const json = JSON.parse(output) as {changes: Array<{path: string; change: string; reasons?: string[]}>; history: {divergeAt: number; sharedLayers: number}};
	const byPath = new Map(json.changes.map(change => [change.path, change]));
	assert.deepEqual(byPath.get('/srv/f')?.reasons, ['mode', 'content']);
	assert.equal(byPath.get('/srv/big')?.change, 'added');
	assert.equal(byPath.get('/bin/true')?.change, 'removed');
	// Same name, same bytes, other layer: unchanged.
	assert.equal(byPath.has('/srv/cache/one'), false);
	assert.deepEqual([json.history.divergeAt, json.history.sharedLayers], [2, 1]);
});

test('a missing image is named in the error', async () => {
	await assert.rejects(scanPair(engine, [DIFF_FROM, 'stowage-diff/never:1'], never), (error: unknown) => {
		assert.ok(error instanceof DiffScanError);
		assert.equal(error.image, 'stowage-diff/never:1');
		assert.match(String((error.cause as Error).message), /reference does not exist|No such image|not found|image not known/);
		return true;
	});
});
