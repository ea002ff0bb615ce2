// The step tree a BuildKit build's trace makes, from captured lines, and how the
// jobs pane draws it in the rows it has.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {BuildStep} from '../../source/store/build-steps.ts';
import {applyMessages, emptyProgress, overallFraction} from '../../source/store/job-progress.ts';
import {stepsSummary, stepTreeLines} from '../../source/ui/step-tree-lines.ts';
import {captured} from '../helpers/buildkit-capture.ts';

const sleepStep = '[stage-0 5/5] RUN sleep 15 && echo slept';

test('a captured build: every vertex once, in order, each with its final state and time', () => {
	const progress = applyMessages(emptyProgress, captured('ok').messages);
	const steps = progress.steps!;
	assert.deepEqual(steps.map(step => step.state), steps.map(() => 'DONE'));
	assert.equal(steps[0]!.name, '[internal] load remote build context');
	const sleep = steps.find(step => step.name === sleepStep)!;
	assert.equal(sleep.number, steps.length - 1);
	assert.ok(sleep.completed! - sleep.started! >= 15_000);
	assert.deepEqual(sleep.tail, ['slept']);
	assert.equal(overallFraction(progress), 1);
	// The log reads as `docker build --progress=plain`.
	const log = progress.log.join('\n');
	assert.match(log, new RegExp(`#${sleep.number} ${sleepStep.replace(/[[\]]/g, '\\$&')}\n#${sleep.number} slept\n#${sleep.number} DONE 15\\.\\ds`));
	assert.match(log, /#\d+ writing image sha256:c214aef3\w+ done/);
});

test('halfway through: the running step shows its time and last lines; CACHED and waiting steps', () => {
	const {messages} = captured('ok');
	const cut = messages.findIndex(message => message.trace?.logs.some(log => log.text === 's3cr3t\n'));
	const progress = applyMessages(emptyProgress, messages.slice(0, cut + 1));
	assert.equal(progress.steps!.find(step => step.name.startsWith('[stage-0 2/5] RUN --mount=type=cache'))?.state, 'DONE');
	const running = progress.steps!.find(step => step.state === 'running')!;
	assert.match(running.name, /type=secret/);
	assert.deepEqual(running.tail, ['s3cr3t']);
	assert.equal(progress.steps!.find(step => step.name === sleepStep)!.state, 'waiting');
	assert.match(stepsSummary(progress.steps!), /^\d+\/\d+ steps · \[stage-0 4\/5\] RUN --mount=type=secret/);

	const lines = stepTreeLines(progress.steps!, 40, running.started! + 2500).map(line => line.text);
	assert.ok(lines.includes(`    running   2.5s  ${running.name}`), lines.join('\n'));
	assert.ok(lines.includes('                     │ s3cr3t'));
	assert.ok(lines.includes(`    waiting         ${sleepStep}`));

	const cached = applyMessages(emptyProgress, captured('cached').messages).steps!;
	assert.ok(cached.some(step => step.state === 'CACHED' && step.name === sleepStep));
});

test('a failing build: the step is ERROR with its error, its output stays in its tail', () => {
	const failed = applyMessages(emptyProgress, captured('fail').messages).steps!.find(step => step.state === 'ERROR')!;
	assert.match(failed.name, /^\[2\/2\] RUN echo "before the failure"/);
	assert.match(failed.error!, /exit code: 3$/);
	assert.deepEqual(failed.tail, ['before the failure', 'on stderr']);
});

test('a step pulling layers shows the bytes moved; warnings go to the log', () => {
	const vertex = {digest: 'sha256:pull', name: '[1/2] FROM registry/base:1', cached: false, started: 1000};
	const layer = (id: string, current: number, completed?: number) => ({id, vertex: vertex.digest, current, total: 1_000_000, completed});
	const progress = applyMessages(emptyProgress, [
		{trace: {vertexes: [vertex], statuses: [layer('sha256:a', 250_000), layer('sha256:b', 1_000_000, 1500)], logs: [], warnings: ['FromAsCasing: \'as\' and \'FROM\' keywords\' casing do not match']}},
	]);
	const step = progress.steps![0]!;
	assert.deepEqual(step.transfer, {current: 1_250_000, total: 2_000_000});
	assert.match(stepTreeLines(progress.steps!, 5, 2000)[0]!.text, /running +1\.0s +\[1\/2\] FROM registry\/base:1 {2}1\.25MB\/2MB$/);
	assert.deepEqual(progress.log, ['#1 [1/2] FROM registry/base:1', '#1 sha256:b done', 'WARNING: FromAsCasing: \'as\' and \'FROM\' keywords\' casing do not match']);
});

test('a tall tree in few rows keeps the running step and its output, the latest done, and counts the rest', () => {
	const step = (index: number, state: BuildStep['state'], tail: string[] = []): BuildStep => ({digest: `d${index}`, number: index + 1, name: `step ${index}`, state, started: state === 'waiting' ? undefined : 1000, completed: state === 'DONE' ? 2000 : undefined, tail, partial: '', statuses: []});
	const steps = [step(0, 'DONE'), step(1, 'DONE'), step(2, 'DONE'), step(3, 'running', ['a', 'b']), step(4, 'waiting'), step(5, 'waiting')];
	const lines = stepTreeLines(steps, 6, 3000).map(line => line.text.trim());
	assert.deepEqual(lines, ['DONE      1.0s  step 2', 'running   2.0s  step 3', '│ a', '│ b', 'waiting         step 4', '… 3 more steps: 2 done, 1 waiting']);
	assert.equal(stepTreeLines(steps, 20, 3000).length, 8);
	// Too few rows for all its output: the newest lines of it.
	assert.deepEqual(stepTreeLines(steps, 3, 3000).map(line => line.text.trim()), ['running   2.0s  step 3', '│ b', '… 5 more steps: 3 done, 2 waiting']);
});
