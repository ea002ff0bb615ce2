// The deep scan against images in the real engine with known waste, from the
// engine's save stream, from a file, and from an OCI layout made by hand.
import assert from 'node:assert/strict';
import {writeFileSync, mkdtempSync, rmSync} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {after, before, test} from 'node:test';
import type {Engine} from '../../source/engine/engine.ts';
import {scanArchive, type ScanResult} from '../../source/analysis/image-scan.ts';
import {scanArchiveFile, scanEngineImage} from '../../source/analysis/scan-image.ts';
import {advise, inputFromScan} from '../../source/analysis/rules/advisor.ts';
import {legacyToOci} from '../helpers/image-tar.ts';
import {testEngine} from '../helpers/test-engine.ts';
import {APT_LISTS_BYTES, buildAnalysisImages, CLEAN, DIVE_WASTED_BYTES, WASTED_BYTES, WASTEFUL} from './analysis-images.ts';
import {removeNewSince, snapshot, type Snapshot} from './own-images.ts';

let engine: Engine;
let start: Snapshot;
const work = mkdtempSync('/tmp/stowage-analysis-');
const never = new AbortController().signal;

before(async () => {
	engine = testEngine();
	await engine.connect();
	start = await snapshot();
	await buildAnalysisImages();
});

after(async () => {
	engine.close();
	rmSync(work, {recursive: true, force: true});
	await removeNewSince(start, [WASTEFUL, CLEAN]);
});

async function saved(image: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of await engine.exportImage(image, never)) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}

function checkWasteful(result: ScanResult) {
	const {metrics} = result;
	assert.equal(metrics.wastedBytes, WASTED_BYTES);
	assert.equal(metrics.userWastedBytes, WASTED_BYTES);
	assert.equal(metrics.dive.wastedBytes, DIVE_WASTED_BYTES);
	assert.equal(metrics.totalBytes, metrics.finalBytes + metrics.wastedBytes);
	const base = result.layers[0]!.size;
	// dive: Σ smallest / Σ all per path, over the busybox base plus what the steps wrote.
	assert.equal(metrics.dive.efficiency, (base + 137 + APT_LISTS_BYTES + 100_000 + 200_000 + 200_000) / (base + 137 + APT_LISTS_BYTES + 300_000 + 300_000 + 200_000 + 200_000));
	const messages = result.findings.map(finding => finding.message);
	const expected = [
		'/added-then-deleted 300kB added by step 2, deleted by step 3',
		'/overwritten 200kB written by step 4, overwritten by step 5',
		'/build 200kB (2 files) added by step 6, deleted by step 7',
		'/var/lib/apt/lists 120kB left by step 9',
	];
	for (const message of expected) {
		assert.ok(messages.includes(message), `${message}\nnot in:\n${messages.join('\n')}`);
	}

	assert.deepEqual(result.findings.filter(finding => finding.kind !== 'leftover').map(finding => finding.bytes).reduce((a, b) => a + b, 0), WASTED_BYTES);
	assert.match(result.steps[8]!.createdBy, /apt-get update/);
	assert.equal(result.steps[8]!.layer, 8);
}

test('the wasteful image: a file added then deleted, one overwritten, a directory deleted, an apt cache left', async () => {
	const progress: number[] = [];
	const result = await scanEngineImage(engine, WASTEFUL, done => progress.push(done), never);
	checkWasteful(result);
	assert.ok(progress.length > 0 && progress.at(-1)! > WASTED_BYTES);
	assert.deepEqual(result.repoTags, [WASTEFUL]);
});

test('the multi-stage image is clean: no waste, both scores 1', async () => {
	const result = await scanEngineImage(engine, CLEAN, () => {}, never);
	assert.equal(result.metrics.wastedBytes, 0);
	assert.equal(result.metrics.efficiency, 1);
	assert.equal(result.metrics.dive.efficiency, 1);
	assert.equal(result.metrics.dive.wastedBytes, 0);
	assert.deepEqual(result.findings.filter(finding => finding.kind !== 'toolchain'), []);
	assert.equal(result.layers.length, 2);
});

test('the same numbers from the saved file and from an OCI layout made from it (plain and gzip layers)', async () => {
	const legacy = await saved(WASTEFUL);
	const file = path.join(work, 'wasteful.tar');
	writeFileSync(file, legacy);
	checkWasteful(await scanArchiveFile(file, undefined, () => {}, never));
	for (const gzip of [false, true]) {
		checkWasteful(await scanArchive(Readable.from([await legacyToOci(legacy, {gzip})])));
	}
});

test('a cancelled scan rejects with AbortError', async () => {
	const controller = new AbortController();
	await assert.rejects(scanEngineImage(engine, WASTEFUL, () => controller.abort(), controller.signal), {name: 'AbortError'});
});

test('the advisor over the scan: DL3009 with the exact bytes the step left, tied to its step', async () => {
	const scan = await scanEngineImage(engine, WASTEFUL, () => {}, never);
	const advice = advise(inputFromScan(scan));
	const apt = advice.find(each => each.rule === 'DL3009')!;
	assert.deepEqual([apt.step, apt.bytes, apt.exact], [9, APT_LISTS_BYTES, true]);
	assert.ok(advice.some(each => each.rule === 'DL3015' && each.step === 9));
	assert.ok(advice.some(each => each.rule === 'DL3059' && each.step === 2));
});
