import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Action} from '../../source/store/actions.ts';
import {parseHost} from '../../source/engine/endpoint.ts';
import {createJobRunner} from '../../source/store/job-runner.ts';
import {initialState} from '../../source/store/state.ts';
import {createStore} from '../../source/store/store.ts';

const endpoint = parseHost('unix:///var/run/docker.sock');
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function runnerWithLog() {
	const store = createStore(initialState('unix:///var/run/docker.sock'));
	const progress: Array<Extract<Action, {type: 'jobProgress'}>> = [];
	const dispatch = store.dispatch;
	store.dispatch = action => {
		if (action.type === 'jobProgress') {
			progress.push(action);
		}

		dispatch(action);
	};

	return {store, progress, jobs: createJobRunner(store, endpoint, () => {})};
}

test('a burst of messages in one read reaches the store as one update, once the read is handled', async () => {
	const {progress, jobs} = runnerWithLog();
	const done = jobs.start('push', 'push', async (_signal, report) => {
		for (let i = 1; i <= 50; i++) {
			report.progress({id: 'a', status: 'Pushing', current: i, total: 50});
		}

		// Nothing dispatched while the burst is being handled.
		assert.equal(progress.length, 0);
		await sleep(0);
		assert.equal(progress.length, 1);
		assert.equal(progress[0]?.messages.length, 50);
		return 'pushed';
	});
	assert.equal(await done, true);
});

test('messages sooner than the interval wait for one timer; updates stay ~15 a second', async () => {
	const {store, progress, jobs} = runnerWithLog();
	const started = Date.now();
	await jobs.start('pull', 'pull', async (_signal, report) => {
		// 60 messages 5 ms apart: ~300 ms, so at most ~300/66 + 1 updates.
		for (let i = 1; i <= 60; i++) {
			report.progress({id: 'a', status: 'Downloading', current: i, total: 60});
			await sleep(5);
		}

		return undefined;
	});
	const elapsed = Date.now() - started;
	assert.ok(progress.length <= Math.ceil(elapsed / 58) + 2, `${progress.length} updates in ${elapsed} ms`);
	assert.equal(progress.flatMap(action => action.messages).length, 60);
	assert.deepEqual(store.getState().jobs[0]?.progress.layers, [{id: 'a', status: 'Downloading', current: 60, total: 60, size: 60}]);
});
