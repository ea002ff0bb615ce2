// The code cache of the UI bundle (source/start/code-cache.ts): a start with a cache V8 takes, and every
// way a cache can be unusable, each of which must only cost the cache (the bundle still runs, and the cache
// is written afresh where it can be). Each start is a process of its own, as a real start is.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {defaultCacheDir} from '../../source/start/code-cache.ts';

const run = promisify(execFile);
const loader = path.join(import.meta.dirname, 'fixtures', 'code-cache-load.ts');

type Start = {cache: string; value: number; file: string; dir: string; saved?: string};

async function start(file: string, cacheDir: string | undefined, {hash = 'abc123', save = true, flags = [] as string[]} = {}): Promise<Start> {
	const {stdout} = await run(process.execPath, [...flags, '--import', 'tsx', loader, file, cacheDir ?? '-', hash, save ? 'save' : '']);
	return JSON.parse(stdout) as Start;
}

/** `body` in a temp directory of its own, removed after. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'stowage-code-cache-'));
	try {
		await body(dir);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** A CommonJS "bundle" with enough functions that V8's cache of it is not trivial. */
function writeBundle(dir: string, value = 42): string {
	const file = path.join(dir, `ui-${value}.cjs`);
	const functions = Array.from({length: 200}, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
	writeFileSync(file, `'use strict';\n${functions}\nconst os = require('node:os');\nexports.value = () => f0(${value}) + (typeof os.arch() === 'string' ? 0 : 1);\nexports.file = __filename;\nexports.dir = __dirname;\n`);
	return file;
}

const cacheFiles = (dir: string) => readdirSync(dir).filter(name => name.endsWith('.code'));

test('a missing cache: the bundle runs from source and the cache is written; the next start uses it and writes nothing', async () => inTempDir(async dir => {
	const file = writeBundle(dir);
	const cacheDir = path.join(dir, 'cache', 'stowage');
	assert.deepEqual(await start(file, cacheDir), {cache: 'missing', value: 42, file, dir, saved: 'written'});
	const [written] = cacheFiles(cacheDir);
	assert.match(written!, new RegExp(`^ui-abc123-node${process.versions.node}-${process.arch}-[0-9a-f]{8}\\.code$`));
	const before = readFileSync(path.join(cacheDir, written!));
	assert.deepEqual(await start(file, cacheDir), {cache: 'used', value: 42, file, dir, saved: 'unchanged'});
	assert.deepEqual(readFileSync(path.join(cacheDir, written!)), before);
}));

test('a corrupt cache (a flipped byte, a truncated file, another file\'s bytes, an empty file) is not handed to V8, and is rewritten', async () => inTempDir(async dir => {
	const file = writeBundle(dir);
	const cacheDir = path.join(dir, 'cache');
	await start(file, cacheDir);
	const cacheFile = path.join(cacheDir, cacheFiles(cacheDir)[0]!);
	const good = readFileSync(cacheFile);
	const flipped = Buffer.from(good);
	flipped[flipped.length - 10]! ^= 0xFF;
	for (const bad of [flipped, good.subarray(0, good.length >> 1), Buffer.from('not a cache at all'), Buffer.alloc(0)]) {
		writeFileSync(cacheFile, bad);
		assert.deepEqual(await start(file, cacheDir), {cache: 'corrupt', value: 42, file, dir, saved: 'written'});
		assert.equal((await start(file, cacheDir, {save: false})).cache, 'used');
	}
}));

test('a cache V8 refuses (made with other V8 flags, as one of another Node version would be) is rejected, and rewritten', async () => inTempDir(async dir => {
	const file = writeBundle(dir);
	const theirs = path.join(dir, 'theirs');
	const ours = path.join(dir, 'ours');
	// Another young-generation size: V8 stamps the cache with its flags.
	assert.equal((await start(file, theirs, {flags: ['--max-semi-space-size=4']})).saved, 'written');
	const [their] = cacheFiles(theirs);
	// The flags are in the file's name: a start with other flags never reads it...
	assert.equal((await start(file, theirs, {save: false})).cache, 'missing');
	// ...and under this start's own name, V8 refuses it.
	await start(file, ours);
	const [own] = cacheFiles(ours);
	assert.notEqual(own, their);
	writeFileSync(path.join(ours, own!), readFileSync(path.join(theirs, their!)));
	assert.deepEqual(await start(file, ours), {cache: 'rejected', value: 42, file, dir, saved: 'written'});
	assert.equal((await start(file, ours, {save: false})).cache, 'used');
}));

test('another bundle (an upgrade) does not read this one\'s cache, and its first write removes it', async () => inTempDir(async dir => {
	const cacheDir = path.join(dir, 'cache');
	await start(writeBundle(dir, 1), cacheDir, {hash: 'old0001'});
	const next = await start(writeBundle(dir, 2), cacheDir, {hash: 'new0002', save: false});
	assert.equal(next.cache, 'missing');
	assert.equal(next.value, 2);
	writeFileSync(path.join(cacheDir, 'unrelated.txt'), 'kept');
	assert.equal((await start(writeBundle(dir, 2), cacheDir, {hash: 'new0002'})).saved, 'written');
	assert.deepEqual(readdirSync(cacheDir).filter(name => !name.startsWith('ui-new0002-')), ['unrelated.txt']);
}));

test('a cache directory that cannot be made: the bundle runs, the write fails quietly', async () => inTempDir(async dir => {
	const file = writeBundle(dir);
	// A file where the directory should be (the tests run as root, whom permission bits do not stop).
	const blocker = path.join(dir, 'not-a-dir');
	writeFileSync(blocker, '');
	assert.deepEqual(await start(file, path.join(blocker, 'stowage')), {cache: 'missing', value: 42, file, dir, saved: 'failed'});
	assert.deepEqual(readdirSync(dir).sort(), ['not-a-dir', path.basename(file)].sort());
}));

test('no cache directory: the cache is off', async () => inTempDir(async dir => {
	const file = writeBundle(dir);
	assert.deepEqual(await start(file, undefined), {cache: 'off', value: 42, file, dir, saved: 'unchanged'});
}));

test('a bundle that is not ASCII is read as UTF-8 (an ASCII one as Latin-1, the same text)', async () => inTempDir(async dir => {
	const file = path.join(dir, 'ui-utf8.cjs');
	// 'é' read as UTF-8 is one character, U+00E9: 1 + 233; read as Latin-1 it would be two (Ã©): 2 + 195.
	writeFileSync(file, `'use strict';\nexports.value = () => 'é'.length + 'é'.charCodeAt(0);\nexports.file = __filename;\nexports.dir = __dirname;\n`);
	assert.equal((await start(file, undefined)).value, 234);
	assert.equal((await start(writeBundle(dir, 7), undefined)).value, 7);
}));

test('the cache directory: $XDG_CACHE_HOME/stowage, else ~/.cache/stowage', () => {
	assert.equal(defaultCacheDir({XDG_CACHE_HOME: '/x/cache', HOME: '/home/u'}), '/x/cache/stowage');
	// The XDG spec ignores a relative path.
	assert.equal(defaultCacheDir({XDG_CACHE_HOME: 'relative', HOME: '/home/u'}), '/home/u/.cache/stowage');
	assert.equal(defaultCacheDir({HOME: '/home/u'}), '/home/u/.cache/stowage');
});
