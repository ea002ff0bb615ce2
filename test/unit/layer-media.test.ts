// Layers of every kind the scan reads: zstd (OCI +zstd, from the zstd tool), eStargz
// (gzip members, a TOC and a footer), and a media type it does not read, named in the
// error rather than a crash. The numbers must be those of the same layers plain.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {diffImages} from '../../source/analysis/image-diff.ts';
import {scanArchive, type ScanResult} from '../../source/analysis/image-scan.ts';
import {diffArchives} from '../helpers/diff-images.ts';
import {layerTar, legacyToOci, ociFromHistory, packTar, zstdBlob, type LayerBlob} from '../helpers/image-tar.ts';

const history = [
	{created_by: '/bin/sh -c #(nop) ADD file:base in / '},
	{created_by: '/bin/sh -c rm /big && dd of=/var/data'},
];

async function layers() {
	// Enough bytes, and varied enough, for the zstd tool to write compressed blocks, not raw ones.
	const text = Array.from({length: 20_000}, (_, index) => `line ${index} ${(index * 7919) % 1000}\n`).join('');
	return [
		await layerTar([{name: 'etc/', type: 'directory'}, {name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20\n'}, {name: 'big', content: text}, {name: 'bin/', type: 'directory'}, {name: 'bin/sh', type: 'symlink', linkname: 'busybox'}]),
		await layerTar([{name: '.wh.big'}, {name: 'var/', type: 'directory'}, {name: 'var/data', size: 70_000}]),
	];
}

const numbers = (scan: ScanResult) => ({metrics: scan.metrics, layers: scan.layers.map(layer => [layer.size, layer.added, layer.removed]), os: scan.osRelease?.id, errors: scan.errors});
const scan = (archive: Buffer) => scanArchive(Readable.from([archive]), undefined, undefined, {details: true});

test('zstd layers (OCI +zstd) read as the plain ones, whiteouts and os-release included', async () => {
	const plain = await scan(await ociFromHistory(await layers(), history));
	const blob = zstdBlob.compress((await layers())[0]!);
	assert.equal(blob.readUInt32LE(0), 0xFD_2F_B5_28);
	const zstd = await scan(await ociFromHistory(await layers(), history, {blob: zstdBlob}));
	assert.deepEqual(numbers(zstd), numbers(plain));
	assert.equal(zstd.osRelease?.versionId, '3.20');
	assert.ok(zstd.metrics.wastedBytes > 100_000);
	// Same files, same hashes: the comparison of the two sees no change.
	assert.equal(diffImages({final: plain.final, diffIds: []}, {final: zstd.final, diffIds: []}).root.changes, 0);
});

test('a comparison across compressions: the diff fixture as zstd against itself as gzip', async () => {
	const {from, to} = await diffArchives();
	const a = await scan(await legacyToOci(from, {blob: zstdBlob}));
	const b = await scan(await legacyToOci(to, {gzip: true}));
	const expected = diffImages({final: (await scan(from)).final, diffIds: []}, {final: (await scan(to)).final, diffIds: []});
	assert.deepEqual(diffImages({final: a.final, diffIds: []}, {final: b.final, diffIds: []}).summary, expected.summary);
});

/** eStargz's footer: an empty gzip member whose extra field says STARGZ and where the TOC starts. */
function stargzFooter(tocOffset: number): Buffer {
	const payload = Buffer.from(`${tocOffset.toString(16).padStart(16, '0')}STARGZ`);
	const extra = Buffer.concat([Buffer.from('SG'), Buffer.from([payload.length, 0]), payload]);
	return Buffer.concat([Buffer.from([0x1F, 0x8B, 0x08, 0x04, 0, 0, 0, 0, 0, 0xFF, extra.length, 0]), extra, Buffer.from([0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])]);
}

/** An eStargz blob: one gzip member per entry, the TOC entry last, the footer. */
async function stargz(items: Parameters<typeof layerTar>[0]): Promise<Buffer> {
	const members: Buffer[] = [];
	for (const item of [{name: '.prefetch.landmark', content: 'X'}, ...items]) {
		// Each entry alone, without the end-of-archive blocks.
		const one = await layerTar([item]);
		members.push(gzipSync(one.subarray(0, one.length - 1024)));
	}

	const tocOffset = members.reduce((sum, member) => sum + member.length, 0);
	members.push(gzipSync(await packTar([{name: 'stargz.index.json', body: Buffer.from('{"version":1,"entries":[]}')}])), stargzFooter(tocOffset));
	return Buffer.concat(members);
}

test('eStargz layers read as gzip: the TOC and the landmark are not files of the image', async () => {
	const items = [{name: 'etc/', type: 'directory' as const}, {name: 'etc/os-release', content: 'ID=debian\n'}, {name: 'app', size: 5000}];
	const estargz: LayerBlob = {compress: () => Buffer.alloc(0), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'};
	const blob = await stargz(items);
	const archive = await ociFromHistory([await layerTar(items)], [history[0]!], {blob: {...estargz, compress: () => blob}});
	const result = await scan(archive);
	assert.deepEqual(result.errors, []);
	assert.equal(result.layers[0]!.size, 5000 + 10);
	assert.equal(result.layers[0]!.added, 2);
	assert.deepEqual([...result.final.children!.keys()].sort(), ['app', 'etc']);
	assert.equal(result.osRelease?.id, 'debian');
});

test('a layer of a media type not understood is named in the error; the rest is still read', async () => {
	const [base, top] = await layers();
	// bzip2's magic and junk: neither tar nor gzip nor zstd.
	const bzip2: LayerBlob = {compress: layer => (layer === top ? Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(2000, 7)]) : layer), mediaType: 'application/vnd.oci.image.layer.v1.tar+bzip2'};
	const result = await scan(await ociFromHistory([base!, top!], history, {blob: bzip2}));
	assert.equal(result.errors.length, 1);
	assert.match(result.errors[0]!, /^blobs\/sha256\/[a-f\d]{64}: layer media type application\/vnd\.oci\.image\.layer\.v1\.tar\+bzip2 is not supported \(.+\)$/);
	assert.equal(result.layers[0]!.added, 3);
});

test('a corrupt zstd layer is an error of that layer, not a crash', async () => {
	const [base, top] = await layers();
	const broken: LayerBlob = {compress: layer => {
		const blob = Buffer.from(zstdBlob.compress(layer));
		if (layer === top) {
			blob.fill(0xAB, 20, 60);
		}

		return blob;
	}, mediaType: zstdBlob.mediaType};
	const result = await scan(await ociFromHistory([base!, top!], history, {blob: broken}));
	assert.equal(result.errors.length, 1);
	assert.match(result.errors[0]!, /^blobs\/sha256\/[a-f\d]{64}: zstd: /);
});
