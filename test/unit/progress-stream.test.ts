import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {test} from 'node:test';
import {followProgress, parseProgressLine, StreamError, type ProgressMessage} from '../../source/engine/progress-stream.ts';

test('progress lines parse into messages', () => {
	assert.deepEqual(parseProgressLine('{"status":"Downloading","progressDetail":{"current":10,"total":100},"id":"abc123def456"}'), {id: 'abc123def456', status: 'Downloading', current: 10, total: 100});
	assert.deepEqual(parseProgressLine('{"stream":"Step 1/3 : FROM x\\n"}'), {stream: 'Step 1/3 : FROM x\n'});
	assert.deepEqual(parseProgressLine('{"aux":{"Tag":"v1","Digest":"sha256:x","Size":5}}'), {aux: {Tag: 'v1', Digest: 'sha256:x', Size: 5}});
});

test('an errorDetail inside a 200 stream is an error, with the engine message', () => {
	assert.throws(() => parseProgressLine('{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}'), (error: unknown) => error instanceof StreamError && error.message === 'manifest unknown');
	assert.throws(() => parseProgressLine('{"error":"denied \\u001b[2J"}'), /denied \^\[\[2J/);
});

test('a malformed line does not throw: it becomes text', () => {
	assert.deepEqual(parseProgressLine('{"status": "half'), {stream: '{"status": "half'});
	assert.deepEqual(parseProgressLine('null'), {stream: 'null'});
});

test('a stream split mid-line is reassembled; the error fails the whole read', async () => {
	const seen: ProgressMessage[] = [];
	await followProgress(Readable.from(['{"status":"Pull', 'ing fs layer","id":"a"}\n{"status":"Pull complete","id":"a"}', '\n']), message => seen.push(message));
	assert.deepEqual(seen.map(message => message.status), ['Pulling fs layer', 'Pull complete']);
	await assert.rejects(followProgress(Readable.from(['{"status":"x"}\n{"errorDetail":{"message":"boom"}}\n']), () => {}), /boom/);
});
