// docker save / docker load against the real engine.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {run} from '../bed/docker-cli.mjs';
import {BASE, BIG} from '../bed/fixture-names.mjs';
import type {Engine} from '../../source/engine/engine.ts';
import type {ProgressMessage} from '../../source/engine/progress-stream.ts';
import {onContainerdStore} from '../helpers/engine-matrix.ts';
import {isPodman} from '../helpers/test-engine.ts';
import {buildFromStdin, cli, withTestEngine} from './own-images.ts';

let engine: Engine;
const work = mkdtempSync('/tmp/stowage-save-');
const tags = ['stowage-save/a:1', 'stowage-save/a:2'];
const never = new AbortController().signal;

withTestEngine(tags, value => {
	engine = value;
}, work);

function freshDir(name: string): string {
	const dir = path.join(work, name);
	mkdirSync(dir);
	return dir;
}

async function tarList(file: string): Promise<string[]> {
	const result = await run('tar', ['-tf', file]);
	assert.equal(result.code, 0, result.stderr);
	return result.stdout.split('\n').filter(Boolean);
}

test('save two tags, remove them, load them back: same ID, names returned', async () => {
	// A layer of its own, so that load has something to load after the rmi.
	const id = await buildFromStdin(tags[0]!, `FROM ${BASE}\nRUN echo ${randomBytes(8).toString('hex')} > /own.txt\n`);
	await cli(['tag', tags[0]!, tags[1]!]);
	const dir = freshDir('round-trip');
	const target = path.join(dir, 'images.tar');
	const counts: number[] = [];
	await engine.save(tags, target, done => counts.push(done), never);
	assert.deepEqual(readdirSync(dir), ['images.tar']);
	assert.equal(counts.at(-1), statSync(target).size);
	assert.ok((await tarList(target)).includes('manifest.json'));

	await cli(['rmi', ...tags]);
	assert.equal(await cli(['images', '-q', '--filter', 'reference=stowage-save/a']), '');

	const progress: ProgressMessage[] = [];
	const sent: Array<[number, number | undefined]> = [];
	const names = await engine.load(target, message => progress.push(message), (done, total) => sent.push([done, total]), never);
	assert.deepEqual(names.sort(), [...tags].sort());
	for (const tag of tags) {
		assert.equal(await cli(['image', 'inspect', '--format', '{{.Id}}', tag]), id);
	}

	// quiet=false reached the engine: it reported the layer it loaded. The containerd store
	// imports the archive's blobs without per-layer progress: only the names, one line each.
	// Podman's compat load reports none, only its one line naming every image, comma-joined.
	if (onContainerdStore()) {
		assert.deepEqual(progress.map(message => message.stream).sort(), tags.map(tag => `Loaded image: ${tag}\n`).sort(), JSON.stringify(progress));
	} else if (isPodman()) {
		assert.ok(progress.every(message => message.status === undefined), JSON.stringify(progress));
	} else {
		assert.ok(progress.some(message => message.status === 'Loading layer'), JSON.stringify(progress));
	}
	assert.deepEqual(sent.at(-1), [statSync(target).size, statSync(target).size]);
});

test('aborting a save after its first bytes leaves no file at all', async () => {
	const dir = freshDir('abort');
	const controller = new AbortController();
	await assert.rejects(engine.save([BIG], path.join(dir, 'big.tar'), () => controller.abort(), controller.signal), {name: 'AbortError'});
	assert.deepEqual(readdirSync(dir), []);
});

test('save over an existing file replaces it; a failed save leaves it as it was', async () => {
	const dir = freshDir('replace');
	const target = path.join(dir, 'base.tar');
	writeFileSync(target, 'an older file');
	await engine.save([BASE], target, () => {}, never);
	assert.ok((await tarList(target)).includes('manifest.json'));
	assert.deepEqual(readdirSync(dir), ['base.tar']);

	const saved = readFileSync(target);
	await assert.rejects(engine.save(['stowage-save/never:1'], target, () => {}, never), (error: Error) => {
		assert.doesNotMatch(error.message, /HTTP code/);
		assert.match(error.message, isPodman() ? /stowage-save\/never:1: image not known/ : /reference does not exist|No such image/);
		return true;
	});
	assert.deepEqual(readFileSync(target), saved);
	assert.deepEqual(readdirSync(dir), ['base.tar']);
});

test('loading a file that is not a tar rejects with the engine\'s reason', async () => {
	const file = path.join(freshDir('corrupt'), 'random.tar');
	writeFileSync(file, randomBytes(64 * 1024));
	// dockerd fails inside the 200 stream, Podman with the HTTP status (500) before any of it.
	await assert.rejects(engine.load(file, () => {}, () => {}, never), {name: isPodman() ? 'EngineError' : 'StreamError', message: /invalid tar header|unexpected EOF|Error processing tar file/});
});
