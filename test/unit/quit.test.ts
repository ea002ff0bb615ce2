// q with jobs running asks first; y, Ctrl-C and the job runner's cancelAll: no render, no engine.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import {parseHost} from '../../source/engine/endpoint.ts';
import type {Action} from '../../source/store/actions.ts';
import {answerConfirm, type AnswerContext} from '../../source/store/dialogs/answers.ts';
import {createJobRunner} from '../../source/store/job-runner.ts';
import {quitDialog, runningLine} from '../../source/store/quit.ts';
import {reducer} from '../../source/store/reducer.ts';
import {initialState, type State} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';
import type {CommandContext} from '../../source/ui/commands/command.ts';
import {candidates} from '../../source/ui/commands/dispatch.ts';
import {noKey} from '../../source/ui/commands/key-press.ts';
import {commands} from '../../source/ui/commands/registry.ts';

const run = (actions: Action[], state: State = initialState('unix:///x.sock')) => actions.reduce(reducer, state);
const saving = (bytes: {done: number; total?: number}) => run([
	{type: 'jobStarted', id: 1, kind: 'save', title: 'stowage-big:1 → /tmp/x.tar', at: 0},
	{type: 'jobProgress', id: 1, messages: [], bytes},
	{type: 'jobStarted', id: 2, kind: 'tag', title: 'a:1 → b:1', at: 0},
	{type: 'jobFinished', id: 2, status: 'done', at: 1},
]);

function press(id: 'quit' | 'interrupt', state: State) {
	const store = createStore(state);
	let exits = 0;
	const context = {state, store, exit: () => exits++, input: '', key: noKey} as unknown as CommandContext;
	commands[id].run(context);
	return {store, exits: () => exits};
}

test('q with a job running asks, naming the job and how far it got; only running jobs are named', () => {
	const {store, exits} = press('quit', saving({done: 45_000_000}));
	assert.equal(exits(), 0);
	const {dialog} = store.getState();
	assert.equal(dialog.kind, 'confirm');
	assert.deepEqual(dialog.kind === 'confirm' && [dialog.title, ...dialog.lines], [
		'Quit stowage?',
		'A job is still running:',
		'  save stowage-big:1 → /tmp/x.tar (45MB so far)',
		'Quitting cancels it and removes what it was writing. (y/n)',
	]);
	const line = runningLine({job: saving({done: 45, total: 100}).jobs.find(job => job.id === 1)!, host: 'build-box'});
	assert.equal(line, 'save stowage-big:1 → /tmp/x.tar (45%) on build-box');
});

test('the question: y quits (through the store, for run-ui to cancel and exit), n and Esc stay', () => {
	const {store} = press('quit', saving({done: 1}));
	const asked = store.getState();
	const first = (input: string, key: Partial<Key> = {}) => candidates(asked, input, {...noKey, ...key}).next().value?.id;
	assert.equal(first('y'), 'confirmYes');
	assert.equal(first('n'), 'confirmNo');
	assert.equal(first('', {escape: true}), 'confirmCancel');
	assert.equal(first('q'), undefined, 'a second q does not quit past the question');
	assert.equal(first('c', {ctrl: true}), 'interrupt', 'Ctrl-C still quits at once');
	answerConfirm({store} as unknown as AnswerContext, false);
	assert.equal(store.getState().dialog.kind, 'none');
	assert.deepEqual(store.getState().quitRequest, {interrupt: false});
});

test('q with nothing running quits at once; Ctrl-C always does, marked as an interrupt', () => {
	const idle = run([{type: 'jobStarted', id: 1, kind: 'pull', title: 'a', at: 0}, {type: 'jobFinished', id: 1, status: 'done', at: 1}]);
	const quit = press('quit', idle);
	assert.equal(quit.exits(), 1);
	assert.equal(quit.store.getState().dialog.kind, 'none');
	const interrupt = press('interrupt', saving({done: 1}));
	assert.equal(interrupt.exits(), 1);
	assert.deepEqual(interrupt.store.getState().quitRequest, {interrupt: true});
});

test('many jobs: the first eight are named, then how many more', () => {
	const jobs = Array.from({length: 11}, (_, id) => ({job: {id, kind: 'pull' as const, title: `img${id}`, status: 'running' as const, progress: {layers: [], log: []}, startedAt: 0}}));
	const dialog = quitDialog(jobs);
	assert.ok(dialog.kind === 'confirm');
	assert.equal(dialog.lines[0], '11 jobs are still running:');
	assert.equal(dialog.lines.filter(line => line.startsWith('  pull img')).length, 8);
	assert.ok(dialog.lines.includes('  … and 3 more'));
});

test('cancelAll resolves only once every cancelled job has finished cleaning up', async () => {
	const store = createStore(initialState('unix:///x.sock'));
	const jobs = createJobRunner(store, parseHost('unix:///x.sock'), () => {});
	let cleaned = false;
	void jobs.start('save', 'x', async signal => {
		await new Promise(resolve => signal.addEventListener('abort', resolve));
		// What a save does after the abort: close and remove its temp file.
		await new Promise(resolve => setTimeout(resolve, 50));
		cleaned = true;
		throw signal.reason;
	});
	await jobs.cancelAll();
	assert.equal(cleaned, true);
	assert.equal(store.getState().jobs[0]?.status, 'cancelled');
	await jobs.cancelAll();
});
