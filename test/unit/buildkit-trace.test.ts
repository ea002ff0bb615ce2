// The moby.buildkit.trace decoder against lines captured from dockerd 20.10's
// BuildKit (test/unit/fixtures/buildkit-*.jsonl, written by our own session build).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stepTracker} from '../../source/engine/buildkit/buildkit-build.ts';
import {decodeTrace} from '../../source/engine/buildkit/trace.ts';
import {readFields, writeFields} from '../../source/engine/buildkit/protobuf.ts';
import {parseProgressLine, StreamError} from '../../source/engine/progress-stream.ts';
import {captured} from '../helpers/buildkit-capture.ts';

test('a captured build decodes into vertexes with times, logs and statuses', () => {
	const {messages} = captured('ok');
	const vertexes = messages.flatMap(message => message.trace?.vertexes ?? []);
	const names = [...new Set(vertexes.map(vertex => vertex.name))];
	assert.deepEqual(names.slice(0, 3), ['[internal] load remote build context', 'copy /context /', '[internal] load metadata for docker.io/library/stowage-base:1.0']);
	assert.ok(names.includes('[stage-0 5/5] RUN sleep 15 && echo slept'));
	const sleep = vertexes.filter(vertex => vertex.name.includes('sleep 15') && vertex.completed !== undefined).at(-1)!;
	assert.ok(sleep.started! > 1.7e12 && sleep.completed! - sleep.started! >= 15_000, `${sleep.started} → ${sleep.completed}`);
	assert.match(sleep.digest, /^sha256:[0-9a-f]{64}$/);
	const logs = messages.flatMap(message => message.trace?.logs ?? []);
	assert.deepEqual(logs.map(log => log.text), ['x\n', 'cached-ok\n', 's3cr3t\n', 'slept\n']);
	assert.equal(logs[0]!.vertex, vertexes.find(vertex => vertex.name.includes('type=cache'))!.digest);
	const statuses = messages.flatMap(message => message.trace?.statuses ?? []);
	assert.ok(statuses.some(status => status.id.startsWith('writing image sha256:') && status.completed));
	assert.ok(messages.some(message => message.aux?.ID === 'sha256:c214aef399691ae48bea55f3705437be844d6ad7408c6522ce261cdda2f4a846'));
});

test('a failing build: the step carries the error; stderr logs are stream 2', () => {
	const {messages, error} = captured('fail');
	assert.match(error ?? '', /^executor failed running .*exit code: 3$/);
	const failed = messages.flatMap(message => message.trace?.vertexes ?? []).find(vertex => vertex.error);
	assert.equal(failed?.name, '[2/2] RUN echo "before the failure" && echo "on stderr" >&2 && exit 3');
	assert.match(failed?.error ?? '', /exit code: 3$/);
	assert.deepEqual(messages.flatMap(message => message.trace?.logs ?? []).map(log => [log.stream, log.text]), [[1, 'before the failure\n'], [2, 'on stderr\n']]);
});

test('the failing step\'s error, from dockerd 20.10\'s words and from 28.5\'s', () => {
	for (const [name, step] of [['fail', '[2/2]'], ['28-fail', '[stage-0 4/4]']] as const) {
		const {messages, error} = captured(name);
		const steps = stepTracker();
		for (const message of messages) {
			steps.see(message);
		}

		const explained = steps.explain(new StreamError(error!)) as Error;
		assert.equal(explained.message, `${step} RUN echo "before the failure" && echo "on stderr" >&2 && exit 3`.slice(0, 59) + '… failed: exit code: 3 · last output: before the failure ⏎ on stderr', name);
	}

	assert.match(captured('28-fail').error!, /^process "\/bin\/sh -c .*" did not complete successfully: exit code: 3$/);
	// Not a step's failure (a file that can't be read): passed through as it is.
	const other = new Error('EACCES');
	assert.equal(stepTracker().explain(other), other);
});

test('a cached build marks its steps cached', () => {
	const cached = captured('cached').messages.flatMap(message => message.trace?.vertexes ?? []).filter(vertex => vertex.cached);
	assert.ok(cached.some(vertex => vertex.name.includes('sleep 15')), cached.map(vertex => vertex.name).join('\n'));
});

test('hostile names and logs are made inert; carriage returns become lines; junk is dropped, not thrown', () => {
	const timestamp = writeFields([[1, 1_800_000_000]]);
	const vertex = writeFields([[1, 'sha256:aa'], [3, 'RUN \u001B]0;pwned\u0007'], [5, timestamp]]);
	const log = writeFields([[1, 'sha256:aa'], [3, 1], [4, '10%\r50%\r\n\u001B[2Jdone\n']]);
	const trace = decodeTrace(writeFields([[1, vertex], [3, log]]).toString('base64'));
	assert.equal(trace.vertexes[0]!.name, 'RUN ^[]0;pwned^G');
	assert.equal(trace.vertexes[0]!.started, 1_800_000_000_000);
	assert.equal(trace.logs[0]!.text, '10%\n50%\n^[[2Jdone\n');
	assert.deepEqual(parseProgressLine('{"id":"moby.buildkit.trace","aux":"//8="}'), {});
	assert.deepEqual(readFields(writeFields([[1, 'a'], [2, 300]])).map(field => field.number), [1, 2]);
});
