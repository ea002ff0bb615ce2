import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Action} from '../../source/store/actions.ts';
import {reducer} from '../../source/store/reducer.ts';
import {initialState, type State} from '../../source/store/state.ts';
import {firstShown, jobBlocks, jobsTitle, jobsWindow} from '../../source/ui/job-lines.ts';

const run = (actions: Action[], state: State = initialState('unix:///x.sock')) => actions.reduce(reducer, state);
const started = (id: number): Action => ({type: 'jobStarted', id, kind: 'pull', title: `team/app:v${id}`, at: 0});
const finished = (id: number): Action => ({type: 'jobFinished', id, status: 'done', result: 'pulled', at: 10});

/** Eleven jobs, the newest running: what the bug report started from. */
function elevenJobs(): State {
	const actions: Action[] = [];
	for (let id = 1; id <= 11; id++) {
		actions.push(started(id));
		if (id < 11) {
			actions.push(finished(id));
		}
	}

	return run(actions, {...initialState('unix:///x.sock'), focus: 'jobs'});
}

test('a cursor on the newest job stays on the newest as jobs start; one further down stays on its job', () => {
	const state = elevenJobs();
	assert.equal(state.jobCursor, 0);
	assert.equal(state.jobs[state.jobCursor]!.id, 11);
	const down = run([{type: 'move', delta: 2}], state);
	assert.equal(down.jobs[down.jobCursor]!.id, 9);
	const after = run([started(12)], down);
	assert.equal(after.jobs[after.jobCursor]!.id, 9);
});

test('the window always holds the cursor, its line is the selected one, and the title counts the rest', () => {
	const state = elevenJobs();
	const height = 5;
	let previous = 0;
	for (const cursor of [0, 4, 10, 9, 3, 0]) {
		const blocks = jobBlocks(state.jobs, cursor, 120, 1000, height);
		previous = firstShown(blocks.map(block => block.length), cursor, height, previous);
		const view = jobsWindow(blocks, previous, height);
		const selected = view.lines.filter(line => line.selected);
		assert.equal(selected.length, 1, `cursor ${cursor}: one selected line in view`);
		assert.equal(selected[0]!.key, `job-${state.jobs[cursor]!.id}`);
		assert.ok(view.lines.length <= height);
		const heads = view.lines.filter(line => line.head).length;
		assert.equal(view.above + heads + view.below, 11);
	}

	const top = jobsWindow(jobBlocks(state.jobs, 0, 120, 1000, height), 0, height);
	assert.equal(top.lines[0]!.key, 'job-11');
	assert.equal(jobsTitle(state.jobs, top.above, top.below), `Jobs (1 running, 10 finished · ${top.below} more below)`);
	assert.equal(jobsTitle(state.jobs, 2, 3), 'Jobs (1 running, 10 finished · 2 more above, 3 more below)');
	assert.equal(jobsTitle(state.jobs), 'Jobs (1 running, 10 finished)');
});

test('the view stays put while the cursor moves inside it, and scrolls only as far as needed', () => {
	const blocks = Array.from({length: 11}, () => 1);
	assert.equal(firstShown(blocks, 4, 5, 0), 0);
	assert.equal(firstShown(blocks, 5, 5, 0), 1);
	assert.equal(firstShown(blocks, 10, 5, 1), 6);
	assert.equal(firstShown(blocks, 8, 5, 6), 6);
	assert.equal(firstShown(blocks, 5, 5, 6), 5);
	// Everything fits: from the top.
	assert.equal(firstShown([1, 1, 1], 2, 5, 2), 0);
});

test('finished jobs are their one outcome line; running ones show their layers', () => {
	const state = run([
		started(1),
		{type: 'jobProgress', id: 1, messages: [{id: 'aaaaaaaaaaaa', status: 'Pull complete'}, {status: 'Digest: sha256:' + 'a'.repeat(64)}]},
		finished(1),
		started(2),
		{type: 'jobProgress', id: 2, messages: [{id: 'bbbbbbbbbbbb', status: 'Downloading', current: 1, total: 2}]},
	]);
	const blocks = jobBlocks(state.jobs, 1, 120, 1000, 8);
	assert.equal(blocks[0]!.length, 2, 'the running job and its layer');
	assert.equal(blocks[1]!.length, 1, 'the finished job, under the cursor, is one line');
	assert.match(blocks[1]![0]!.text, /pulled · sha256:a{10}/);
});

test('titles get the width the longest needs, not a third of the pane', () => {
	const title = 'registry.example.com:5000/platform/backend/service:2024.06.1';
	const state = run([started(1), {type: 'jobFinished', id: 1, status: 'done', result: 'pulled', at: 10}]);
	const jobs = state.jobs.map(job => ({...job, title}));
	assert.ok(jobBlocks(jobs, 0, 126, 1000, 5)[0]![0]!.text.includes(title));
});

test('a running job the engine has gone quiet on says for how long; progress resets it, a finished job never says it', () => {
	const quiet = run([started(1), {type: 'jobProgress', id: 1, messages: [{id: 'aaaaaaaaaaaa', status: 'Downloading', current: 1, total: 9}], at: 1000}]);
	const head = (state: State, now: number) => jobBlocks(state.jobs, 0, 120, now, 10)[0]![0]!.text;
	assert.doesNotMatch(head(quiet, 5999), /no progress/);
	assert.match(head(quiet, 7000), / {2}no progress for 6 seconds · .* {2}\(7 seconds\)$/);
	const moving = run([{type: 'jobProgress', id: 1, messages: [{id: 'aaaaaaaaaaaa', status: 'Downloading', current: 2, total: 9}], at: 6500}], quiet);
	assert.doesNotMatch(head(moving, 7000), /no progress/);
	// Nothing at all since the start counts from the start.
	assert.match(head(run([started(2)]), 5000), /no progress for 5 seconds/);
	assert.doesNotMatch(head(run([finished(1)], quiet), 60_000), /no progress/);
});
