// The deep scan over archives built here: legacy and OCI layouts, gzip layers,
// manifest after the layers, history steps without layers, os-release.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {defaultCiConfig, evaluateCi} from '../../source/analysis/dive-ci.ts';
import {scanArchive} from '../../source/analysis/image-scan.ts';
import {completenessCi, incompleteNote} from '../../source/analysis/scan-completeness.ts';
import {formatReport} from '../../source/commands/analyze-report.ts';
import {layerTar, legacyArchive, legacyToOci, ociFromHistory, packTar} from '../helpers/image-tar.ts';

const history = [
	{created_by: '/bin/sh -c #(nop) ADD file:3f1e in / '},
	{created_by: '/bin/sh -c #(nop)  ENV A=b', empty_layer: true},
	{created_by: '/bin/sh -c apt-get update && dd if=/dev/zero of=/junk bs=1k count=4'},
	{created_by: '/bin/sh -c rm /junk && rm -rf /build'},
];

async function layers() {
	return [
		await layerTar([
			{name: 'etc/', type: 'directory'}, {name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'},
			{name: 'build/', type: 'directory'}, {name: 'build/a.o', size: 3000}, {name: 'build/b.o', size: 2000},
		]),
		await layerTar([{name: 'junk', size: 4096}, {name: 'var/lib/apt/lists/', type: 'directory'}, {name: 'var/lib/apt/lists/deb_InRelease', size: 5000}]),
		await layerTar([{name: '.wh.junk'}, {name: '.wh.build'}]),
	];
}

function check(result: Awaited<ReturnType<typeof scanArchive>>) {
	assert.equal(result.metrics.wastedBytes, 4096 + 5000);
	assert.equal(result.metrics.userWastedBytes, 4096);
	assert.equal(result.metrics.userBytes, 9096);
	assert.deepEqual(result.layers.map(layer => [layer.step, layer.size, layer.wastedBytes]), [[1, 5071, 5000], [3, 9096, 4096], [4, 0, 0]]);
	assert.deepEqual(result.steps.map(step => step.layer), [0, undefined, 1, 2]);
	const messages = result.findings.map(finding => finding.message);
	assert.ok(messages.includes('/build 5kB (2 files) added by step 1, deleted by step 4'), messages.join('\n'));
	assert.ok(messages.includes('/junk 4.1kB added by step 3, deleted by step 4'), messages.join('\n'));
	assert.ok(messages.includes('/var/lib/apt/lists 5kB left by step 3'), messages.join('\n'));
	assert.equal(result.osRelease?.id, 'debian');
	assert.equal(result.osRelease?.versionId, '12');
	assert.deepEqual(result.errors, []);
}

test('a legacy save, manifest.json after the layers', async () => {
	const archive = await legacyArchive(await layers(), history);
	const result = await scanArchive(Readable.from([archive]));
	check(result);
	assert.deepEqual(result.repoTags, ['test/image:1']);
});

test('an OCI layout with gzip layers, index.json first, blobs before the manifest', async () => {
	check(await scanArchive(Readable.from([await ociFromHistory(await layers(), history, {gzip: true})])));
});

test('the same numbers from a legacy save rewritten as OCI, plain and gzip', async () => {
	const legacy = await legacyArchive(await layers(), history);
	for (const gzip of [false, true]) {
		check(await scanArchive(Readable.from([await legacyToOci(legacy, {gzip})])));
	}
});

test('arrives in small chunks: the entry router copes with split headers', async () => {
	const archive = await ociFromHistory(await layers(), history, {gzip: true});
	const chunks = [];
	for (let offset = 0; offset < archive.length; offset += 100) {
		chunks.push(archive.subarray(offset, offset + 100));
	}

	check(await scanArchive(Readable.from(chunks)));
});

test('a tar that is not an image is refused with the reason', async () => {
	const archive = await packTar([{name: 'hello.txt', body: Buffer.from('hi')}]);
	await assert.rejects(scanArchive(Readable.from([archive])), {name: 'ArchiveLayoutError', message: /no manifest\.json or index\.json/});
});

test('a layer that cannot be read (gzipped twice): the numbers say they are incomplete, and the CI verdict fails', async () => {
	const archive = await ociFromHistory((await layers()).map(layer => gzipSync(layer)), history, {gzip: true});
	const scan = await scanArchive(Readable.from([archive]));
	assert.equal(scan.errors.length, 3);
	const note = 'numbers incomplete: 3 of 3 layers could not be read, their files are not counted';
	assert.equal(incompleteNote(scan), note);
	const ci = [...evaluateCi(defaultCiConfig, scan.metrics), ...completenessCi(scan)];
	const report = formatReport({image: 'test/image:1', scan, advice: [], ci});
	assert.ok(report.split('\n')[1] === `  ${note}`, report);
	assert.match(report, /FAIL {2}readableLayers: numbers incomplete/);
	assert.match(report, /Result: FAIL/);
	assert.deepEqual(completenessCi(await scanArchive(Readable.from([await legacyArchive(await layers(), history)]))), []);
});
