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

test('an error line quoting a registry URL keeps its path, not its query (an upload\'s state token)', () => {
	// The containerd store's words when the registry died under a push (docker 28.5, test/engine/fault-registry.test.ts).
	const line = JSON.stringify({errorDetail: {message: 'failed to copy: failed to do request: Put "http://127.0.0.1:39469/v2/fault/killpush/blobs/uploads/78036f61-f206-425b-867d-b8a5b7e2c000?_state=n2w60NbX0BOQFZHynEzSw1E6HokqyV-eJIdGLd2jLeV7Ik5hbWUiOiJmYXVsdC9raWxscHVzaCJ9%3D&digest=sha256%3A066cedb234e451f542d18007121f847238ae5603e483d569f28e51b29190306a": readfrom tcp 127.0.0.1:54464->127.0.0.1:39469: write tcp 127.0.0.1:54464->127.0.0.1:39469: use of closed network connection'}});
	assert.throws(() => parseProgressLine(line), (error: unknown) => error instanceof StreamError
		&& error.message === 'failed to copy: failed to do request: Put "http://127.0.0.1:39469/v2/fault/killpush/blobs/uploads/78036f61-f206-425b-867d-b8a5b7e2c000?…": readfrom tcp 127.0.0.1:54464->127.0.0.1:39469: write tcp 127.0.0.1:54464->127.0.0.1:39469: use of closed network connection');
});
