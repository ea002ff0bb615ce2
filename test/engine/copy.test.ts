// Copying images between two real engines: the test bed's and one of this file's own.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {BASE, BIG} from '../bed/fixture-names.mjs';
import {startEngine, type TestEngine} from '../bed/engine.mjs';
import {createDockerEngine} from '../../source/engine/docker-client.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Engine} from '../../source/engine/engine.ts';
import {copyImages} from '../../source/engine/image-copy.ts';
import {SourceError} from '../../source/engine/image-archive.ts';
import type {ProgressMessage} from '../../source/engine/progress-stream.ts';
import {testEngine} from '../helpers/test-engine.ts';
import {cli} from './own-images.ts';

let source: Engine;
let target: Engine;
let second: TestEngine | undefined;
const never = new AbortController().signal;

before(async () => {
	second = await startEngine();
	source = testEngine();
	target = createDockerEngine(parseHost(second.host));
	await source.connect();
	await target.connect();
});

after(async () => {
	source?.close();
	target?.close();
	await second?.stop();
});

const idOf = async (ref: string, host?: string) => cli(['image', 'inspect', '--format', '{{.Id}}', ref], {host});

test('an image copied to another engine keeps its ID and tag; bytes are counted as they go', async () => {
	const messages: ProgressMessage[] = [];
	let bytes = 0;
	const loaded = await copyImages(source, target, [BASE], message => messages.push(message), done => {
		bytes = done;
	}, never);
	assert.deepEqual(loaded, [BASE]);
	assert.equal(await idOf(BASE, second!.host), await idOf(BASE));
	assert.ok(bytes > 1_000_000, `counted ${bytes} bytes`);
	assert.ok(messages.some(message => message.stream?.includes(`Loaded image: ${BASE}`)));
});

test('several images in one stream', async () => {
	const loaded = await copyImages(source, target, [BASE, BIG], () => undefined, () => undefined, never);
	assert.deepEqual([...loaded].sort(), [BASE, BIG].sort());
	assert.equal(await idOf(BIG, second!.host), await idOf(BIG));
});

test('a missing image fails with the engine\'s reason, and the target is left as it was', async () => {
	const before = await cli(['images', '-q', '--no-trunc'], {host: second!.host});
	await assert.rejects(copyImages(source, target, ['stowage-no-such-image:1'], () => undefined, () => undefined, never), (error: Error) => {
		// 20.10 says "reference does not exist"; newer engines name the image.
		assert.match(error.message, /reference does not exist|stowage-no-such-image/);
		return true;
	});
	assert.equal(await cli(['images', '-q', '--no-trunc'], {host: second!.host}), before);
});

test('cancelled after the first bytes: the copy stops and rejects as an abort', async () => {
	await cli(['rmi', BIG], {host: second!.host});
	const controller = new AbortController();
	await assert.rejects(copyImages(source, target, [BIG], () => undefined, done => {
		if (done > 0) {
			controller.abort();
		}
	}, controller.signal), (error: Error) => {
		assert.ok(error.name === 'AbortError' || !(error instanceof SourceError), `${error.name}: ${error.message}`);
		return true;
	});
	assert.equal((await cli(['images', '-q', BIG], {host: second!.host})), '', 'nothing of the cancelled image was loaded');
});
