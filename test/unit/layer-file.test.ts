// One file read from an image archive as it streams: from the layer that holds that
// version (plain, gzip, zstd), first and last parts of a big file, links, and the
// pager's text (sanitized) or hex view.
import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {readLayerFile, FileNotFoundError} from '../../source/analysis/layer-file.ts';
import {scanArchive} from '../../source/analysis/image-scan.ts';
import {fileView, hexLines, isBinary} from '../../source/store/file-lines.ts';
import {layerTar, legacyArchive, legacyToOci, zstdBlob} from '../helpers/image-tar.ts';

const history = [{created_by: 'base'}, {created_by: 'change'}];
const big = Array.from({length: 5000}, (_, index) => `line ${index}`).join('\n') + '\n';

async function archive(): Promise<Buffer> {
	return legacyArchive([
		await layerTar([{name: 'etc/', type: 'directory'}, {name: 'etc/motd', content: 'first version\n'}, {name: 'bin/', type: 'directory'}, {name: 'bin/tool', content: Buffer.from([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 3]), mode: 0o755}]),
		await layerTar([{name: 'etc/', type: 'directory'}, {name: 'etc/motd', content: 'second\u001B[2J version\n'}, {name: 'big.txt', content: big}, {name: 'sh', type: 'symlink', linkname: 'bin/tool'}]),
	], history);
}

async function read(image: Buffer, layer: number, path: string, limits = {head: 1000, tail: 200}) {
	const scan = await scanArchive(Readable.from([image]));
	return readLayerFile(Readable.from([image]), scan.layers[layer]!.key, path, limits);
}

test('each version from its own layer; a link says where it points', async () => {
	const image = await archive();
	assert.equal((await read(image, 0, '/etc/motd')).head.toString(), 'first version\n');
	const second = await read(image, 1, '/etc/motd');
	assert.equal(second.head.toString(), 'second\u001B[2J version\n');
	const lines = fileView(second, 3).lines;
	assert.equal(lines.length, 1);
	assert.match(lines[0]!, /^second.*version$/);
	assert.doesNotMatch(lines[0]!, /\u001B/);
	const link = await read(image, 1, '/sh');
	assert.deepEqual([link.kind, link.link], ['symlink', 'bin/tool']);
	assert.deepEqual(fileView(link, 3).lines, ['→ bin/tool']);
	await assert.rejects(read(image, 0, '/big.txt'), FileNotFoundError);
});

test('the same from zstd and gzip layers', async () => {
	for (const options of [{blob: zstdBlob}, {gzip: true}]) {
		const image = await legacyToOci(await archive(), options);
		assert.equal((await read(image, 1, '/big.txt', {head: 1_000_000, tail: 10})).head.toString(), big);
	}
});

test('a big file: its first and last parts, and how much is left out', async () => {
	const file = await read(await archive(), 1, '/big.txt');
	assert.equal(file.size, big.length);
	assert.equal(file.head.toString(), big.slice(0, 1000));
	assert.equal(file.tail!.toString(), big.slice(-200));
	const view = fileView(file, 3);
	assert.match(view.heading[0]!, /^\/big\.txt as of step 3 · 4[\d.]+kB · mode 0644 · text · first 1kB and last 200B shown$/);
	assert.equal(view.lines[0], 'line 0');
	assert.match(view.lines.find(line => line.startsWith('…'))!, /^… [\d.]+kB not shown …$/);
	assert.equal(view.lines.at(-1), 'line 4999');
	// The head's last and the tail's first lines are cut: left out, so every line shown is whole.
	const cut = view.lines.findIndex(line => line.startsWith('…'));
	assert.deepEqual([view.lines[cut - 1], view.lines[cut + 1]].map(line => /^line \d+$/.test(line!)), [true, true]);
});

test('binary as hex', async () => {
	const tool = await read(await archive(), 0, '/bin/tool');
	assert.ok(isBinary(tool.head));
	assert.deepEqual(fileView(tool, 1).lines, ['00000000  7f 45 4c 46 00 01 02 03                           |.ELF....|']);
	assert.match(fileView(tool, 1).heading[0]!, /mode 0755 · binary, as hex/);
	assert.equal(hexLines(Buffer.alloc(17, 0x41), 16).length, 2);
	assert.ok(!isBinary(Buffer.from('plain text\twith tabs\r\n')));
});
