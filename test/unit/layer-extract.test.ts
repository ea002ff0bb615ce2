// x in the explorer, its core: a file or directory as of a step written to disk from
// the layers that hold each visible version, modes kept, atomically; and each classic
// tar trap refused: "..", absolute paths, symlink and hard link escapes.
import assert from 'node:assert/strict';
import {existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {after, test} from 'node:test';
import {extractFromArchive, relativeInside, ExtractError} from '../../source/analysis/layer-extract.ts';
import {scanArchive, type ScanResult} from '../../source/analysis/image-scan.ts';
import {treeAsOf} from '../../source/store/explorer-lines.ts';
import {diffArchives} from '../helpers/diff-images.ts';
import {legacyArchive, legacyToOci, packTar, zstdBlob} from '../helpers/image-tar.ts';

const work = mkdtempSync('/tmp/stowage-extract-');
after(() => rmSync(work, {recursive: true, force: true}));
let counter = 0;
const fresh = (name: string) => path.join(mkdtempSync(path.join(work, `t${counter++}-`)), name);

async function extract(archive: Buffer, imagePath: string, target: string, layer?: number, overwrite = false) {
	const scan: ScanResult = await scanArchive(Readable.from([archive]));
	const tree = layer === undefined ? scan.final : treeAsOf(scan, layer);
	return extractFromArchive(Readable.from([archive]), {path: imagePath, tree, layerKeys: scan.layers.map(each => each.key)}, target, overwrite);
}

const listing = (dir: string): string[] => readdirSync(dir, {recursive: true, withFileTypes: true}).map(entry => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();

test('a directory as of the last step: whiteouts, an opaque directory, a directory replaced by a file, modes and links kept', async () => {
	const {to} = await diffArchives();
	const target = fresh('root');
	const result = await extract(to, '/', target);
	assert.deepEqual(listing(target), ['bin', 'bin/same', 'bin/tool', 'data', 'etc', 'etc/conf', 'etc/other', 'hard', 'link', 'new', 'new/big.bin', 'new/small', 'opq', 'opq/keep', 'opq/new']);
	assert.equal(readFileSync(path.join(target, 'etc/conf'), 'utf8'), 'colour=blu\n');
	assert.equal(lstatSync(path.join(target, 'bin/tool')).mode & 0o777, 0o700);
	assert.equal(lstatSync(path.join(target, 'data')).size, 300);
	assert.equal(readlinkSync(path.join(target, 'link')), 'etc/other');
	assert.equal(lstatSync(path.join(target, 'hard')).ino, lstatSync(path.join(target, 'etc/other')).ino);
	assert.deepEqual(result.skipped, []);
	// Nothing left beside it: the staging directory went.
	assert.deepEqual(readdirSync(path.dirname(target)), ['root']);
});

test('as of an earlier step, from zstd layers: the versions that step saw', async () => {
	const {to} = await diffArchives();
	const target = fresh('etc');
	await extract(await legacyToOci(to, {blob: zstdBlob}), '/etc', target, 0);
	assert.deepEqual(listing(target), ['conf', 'other']);
	assert.equal(readFileSync(path.join(target, 'conf'), 'utf8'), 'colour=red\n');
	const data = fresh('data');
	await extract(to, '/data', data, 0);
	assert.deepEqual(listing(data), ['x', 'y']);
});

test('one file; an existing target is refused unless overwriting is asked, and then replaced whole', async () => {
	const {to} = await diffArchives();
	const target = fresh('conf');
	writeFileSync(target, 'mine\n');
	await assert.rejects(extract(to, '/etc/conf', target), ExtractError);
	assert.equal(readFileSync(target, 'utf8'), 'mine\n');
	assert.deepEqual(readdirSync(path.dirname(target)), ['conf']);
	await extract(to, '/etc/conf', target, undefined, true);
	assert.equal(readFileSync(target, 'utf8'), 'colour=blu\n');
	await assert.rejects(extract(to, '/nowhere', fresh('x')), /not in the filesystem/);
});

test('the traps: "..", absolute paths, a symlink out then a write through it, hard links out', async () => {
	const outside = path.join(work, 'outside');
	const layer = await packTar([
		{name: 'app/', type: 'directory'},
		{name: 'app/ok', body: Buffer.from('fine\n')},
		{name: '../evil', body: Buffer.from('x')},
		{name: 'app/../../evil2', body: Buffer.from('x')},
		{name: '/app/abs', body: Buffer.from('absolute\n')},
		{name: 'app/escape', type: 'symlink', linkname: outside},
		{name: 'app/hard', type: 'link', linkname: '../../../etc/passwd'},
		{name: 'app/hard2', type: 'link', linkname: 'etc/shadow'},
	]);
	// A later layer writes through the symlink it left.
	const through = await packTar([{name: 'app/escape/pwned', body: Buffer.from('x')}]);
	const history = [{created_by: 'traps'}, {created_by: 'through'}];
	const target = fresh('app');
	const result = await extract(await legacyArchive([layer, through], history), '/app', target);
	assert.equal(existsSync(outside), false);
	assert.equal(existsSync(path.join(work, 'evil')), false);
	assert.equal(existsSync(path.join(work, 'evil2')), false);
	assert.equal(readFileSync(path.join(target, 'abs'), 'utf8'), 'absolute\n');
	assert.equal(readFileSync(path.join(target, 'ok'), 'utf8'), 'fine\n');
	// The later layer's directory replaced the symlink, as the engine would: a real directory, inside.
	assert.ok(lstatSync(path.join(target, 'escape')).isDirectory());
	assert.equal(readFileSync(path.join(target, 'escape/pwned'), 'utf8'), 'x');
	assert.ok(result.skipped.some(each => each.startsWith('hard: a hard link to ../../../etc/passwd')), result.skipped.join('\n'));
	assert.ok(result.skipped.some(each => each.startsWith('hard2: a hard link to etc/shadow')), result.skipped.join('\n'));
	// The root's ".." entries are not under /app at all; from / they are refused by name.
	const rootTarget = fresh('root');
	const fromRoot = await extract(await legacyArchive([layer], [history[0]!]), '/', rootTarget);
	assert.ok(fromRoot.skipped.some(each => each.includes('"..')), fromRoot.skipped.join('\n'));
	assert.equal(existsSync(path.join(path.dirname(rootTarget), 'evil')), false);
	// The symlink stays a symlink (not followed), pointing where the image says.
	assert.equal(readlinkSync(path.join(rootTarget, 'app/escape')), outside);
	assert.equal(existsSync(outside), false);
});

test('a symlink and a write through it in one layer: the write is refused, never followed', async () => {
	const outside = path.join(work, 'outside-2');
	const layer = await packTar([
		{name: 'd/', type: 'directory'},
		{name: 'd/x', body: Buffer.from('x')},
	]);
	const scanned = await scanArchive(Readable.from([await legacyArchive([layer], [{created_by: 'a'}])]));
	// A tree whose visible versions are a symlink at d/l and a file under it (a crafted plan).
	const tree = scanned.final;
	tree.children!.get('d')!.children!.set('l', {size: 0, layer: 0, dir: false});
	tree.children!.get('d')!.children!.set('l2', {size: 0, layer: 0, dir: true, children: new Map([['f', {size: 1, layer: 0, dir: false}]])});
	const crafted = await packTar([{name: 'd/', type: 'directory'}, {name: 'd/l', type: 'symlink', linkname: outside}, {name: 'd/l2', type: 'symlink', linkname: outside}, {name: 'd/l2/f', body: Buffer.from('y')}]);
	const archive = await legacyArchive([crafted], [{created_by: 'a'}]);
	const scan = await scanArchive(Readable.from([archive]));
	const target = fresh('d');
	const result = await extractFromArchive(Readable.from([archive]), {path: '/d', tree, layerKeys: scan.layers.map(each => each.key)}, target);
	assert.equal(existsSync(outside), false);
	assert.equal(readlinkSync(path.join(target, 'l')), outside);
	// The plan says l2 is a directory: its symlink entry is not written, f lands in a real directory inside.
	assert.ok(lstatSync(path.join(target, 'l2')).isDirectory());
	assert.equal(readFileSync(path.join(target, 'l2/f'), 'utf8'), 'y');
	assert.deepEqual(result.skipped, []);
});

test('relativeInside: under the root only, never with ".."', () => {
	assert.equal(relativeInside('/etc', './etc/conf'), 'conf');
	assert.equal(relativeInside('/etc', 'etc'), '');
	assert.equal(relativeInside('/etc', 'etcetera/x'), undefined);
	assert.equal(relativeInside('/etc', 'etc/../etc/x'), undefined);
	assert.equal(relativeInside('/', '/abs/x'), 'abs/x');
});
