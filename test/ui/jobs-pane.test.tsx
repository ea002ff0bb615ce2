import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import type {Job} from '../../source/store/jobs.ts';
import {JobsPane} from '../../source/ui/jobs-pane.tsx';

const hex = (i: number) => i.toString(16).padStart(12, '0');

test('a push of 31 layers in a 5-line pane shows the layers being sent and counts the rest', () => {
	const layers = Array.from({length: 31}, (_, i) => {
		if (i < 20) {
			return {id: hex(i), status: 'Pushed'};
		}

		return i < 23 ? {id: hex(i), status: 'Pushing', current: 3_000_000, total: 10_000_000} : {id: hex(i), status: 'Waiting'};
	});
	const job: Job = {id: 1, kind: 'push', title: 'localhost:5000/team/app:v1', status: 'running', progress: {layers, log: []}, startedAt: 0};
	const {lastFrame, unmount} = render(<JobsPane jobs={[job]} cursor={0} height={5} width={120} focused={false} now={1000}/>);
	const lines = (lastFrame() ?? '').split('\n').slice(1);
	assert.equal(lines.length, 5);
	assert.match(lines[0]!, /push\s+localhost:5000\/team\/app:v1/);
	assert.deepEqual(lines.slice(1, 4).map(line => line.trim().split(' ')[0]), [hex(20), hex(21), hex(22)]);
	assert.match(lines[1]!, /Pushing 3MB\/10MB/);
	assert.match(lines[4]!, /… 28 more layers: 8 waiting, 20 done/);
	unmount();
});

const job = (id: number, status: Job['status']): Job => ({id, kind: 'pull', title: `team/app:v${id}`, status, progress: {layers: [], log: []}, result: 'pulled', startedAt: 0, endedAt: 10});
// Newest first, as the store keeps them: the newest runs.
const eleven = Array.from({length: 11}, (_, i) => job(11 - i, i === 0 ? 'running' : 'done'));

test('eleven jobs in a 5-line pane: the newest on top, and the title says how many are below', () => {
	const {lastFrame, unmount} = render(<JobsPane jobs={eleven} cursor={0} height={5} width={120} focused now={1000}/>);
	const lines = (lastFrame() ?? '').split('\n');
	assert.match(lines[0]!, /Jobs \(1 running, 10 finished · 6 more below\)/);
	assert.match(lines[1]!, /team\/app:v11\b/);
	unmount();
});

test('the pane scrolls to the cursor, wherever it is, and counts both ways', () => {
	const {lastFrame, rerender, unmount} = render(<JobsPane jobs={eleven} cursor={0} height={5} width={120} focused now={1000}/>);
	rerender(<JobsPane jobs={eleven} cursor={7} height={5} width={120} focused now={1000}/>);
	const lines = (lastFrame() ?? '').split('\n');
	assert.match(lines[0]!, /3 more above, 3 more below/);
	assert.match(lines.at(-1)!, /team\/app:v4\b/);
	unmount();
});

test('a finished job is its one outcome line, even under the cursor: its layer lines go', () => {
	const done: Job = {...job(1, 'done'), progress: {layers: [{id: hex(1), status: 'Pull complete'}, {id: hex(2), status: 'Already exists'}], log: [], digest: 'sha256:' + 'c'.repeat(64)}};
	const {lastFrame, unmount} = render(<JobsPane jobs={[done]} cursor={0} height={5} width={120} focused now={1000}/>);
	const frame = lastFrame() ?? '';
	assert.match(frame, /team\/app:v1\s+pulled · sha256:c{10}/);
	assert.doesNotMatch(frame, new RegExp(hex(1)));
	unmount();
});

test('a BuildKit build halfway: its step tree in the pane, the running step with its last line, the rest counted', async () => {
	const {captured} = await import('../helpers/buildkit-capture.ts');
	const {applyMessages, emptyProgress} = await import('../../source/store/job-progress.ts');
	const {messages} = captured('ok');
	const cut = messages.findIndex(message => message.trace?.logs.some(log => log.text === 's3cr3t\n'));
	const progress = applyMessages(emptyProgress, messages.slice(0, cut + 1));
	const running = progress.steps!.find(step => step.state === 'running')!;
	const build: Job = {id: 1, kind: 'build', title: 'app:1', status: 'running', progress, startedAt: running.started! - 3000};
	const {lastFrame, unmount} = render(<JobsPane jobs={[build]} cursor={0} height={5} width={120} focused={false} now={running.started! + 1200}/>);
	const lines = (lastFrame() ?? '').split('\n').slice(1);
	assert.match(lines[0]!, /build\s+app:1 .* 6\/8 steps · \[stage-0 4\/5\] RUN --mount=type=secret/);
	assert.match(lines[1]!, /^ {4}DONE {6}0\.0s {2}\[stage-0 3\/5\] COPY a\.txt \/a\.txt/);
	assert.match(lines[2]!, /^ {4}running {3}1\.2s {2}\[stage-0 4\/5\] RUN --mount=type=secret,id=tok cat/);
	assert.match(lines[3]!, /│ s3cr3t$/);
	assert.match(lines[4]!, /… \d+ more steps: \d+ done, 1 waiting/);
	unmount();
	// A quiet RUN step has its own clock in the tree: the job line never calls the build stalled.
	const quiet = render(<JobsPane jobs={[{...build, progressAt: running.started}]} cursor={0} height={5} width={120} focused={false} now={running.started! + 60_000}/>);
	assert.doesNotMatch(quiet.lastFrame() ?? '', /no progress/);
	quiet.unmount();
});
